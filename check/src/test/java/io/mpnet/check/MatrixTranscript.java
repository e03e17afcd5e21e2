package io.mpnet.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The README's transcript: starts the proof matrix on loopback, writes its project (mpnet.json with
 * the {@code hosts} map and the test root as {@code tls.trustStore}) to {@code target/matrix}, and runs
 * the real jar, {@code target/mpnet-check.jar}, against it in a child JVM, printing each command and
 * its output. Run with {@code mvn -B -q -ntp -pl check -am package -DskipTests exec:java -Dcheck.transcript.skip=false}.
 */
final class MatrixTranscript {

    private MatrixTranscript() {
    }

    /** {@code args[0]}: the module's target folder. */
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "check/target");
        Path jar = target.resolve("mpnet-check.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run 'mvn -pl check -am package' first");
        }
        StringBuilder transcript = new StringBuilder();
        try (Matrix matrix = Matrix.start()) {
            Path project = target.resolve("matrix");
            matrix.writeProject(project);
            String tcpGood = matrix.cases().stream().filter(c -> c.fault().equals("good (tcp)")).findFirst().orElseThrow().target();
            run(jar, project, List.of("--probe-path", "socket=/chat", "--ws-protocol", "chat"), transcript);
            run(jar, project, List.of("--format", "json", tcpGood, "tcp.example.com:3306"), transcript);
        }
        // The servers log on this JVM's output too; the file holds the jar's output alone.
        Files.writeString(target.resolve("matrix/transcript.txt"), transcript);
        System.out.print(transcript);
    }

    private static void run(Path jar, Path project, List<String> options, StringBuilder transcript)
            throws IOException, InterruptedException {
        List<String> shown = new ArrayList<>(List.of("java", "-jar", "check/target/mpnet-check.jar", "--config",
                "check/target/matrix"));
        shown.addAll(options);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--config", project.toString()));
        command.addAll(options);
        transcript.append("$ ").append(String.join(" ", shown)).append('\n');
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroy();
            throw new IllegalStateException("the jar did not finish in 2 minutes");
        }
        transcript.append(output).append("$ echo $?\n").append(p.exitValue()).append("\n\n");
    }
}
