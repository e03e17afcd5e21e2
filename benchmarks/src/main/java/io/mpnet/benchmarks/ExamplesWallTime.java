package io.mpnet.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Wall time of the two runnable examples, the quickstart ({@code io.mpnet.examples.Quickstart}, the
 * README's first command) and the callback-style walk-through ({@code CallbackStyle}), each run as a
 * user runs it: a fresh JVM on this jar's class path, from start to its own end, transcript
 * discarded. The bound is {@value #BOUND_SECONDS} s per run (the README says the demo takes a few
 * seconds). Their transcripts are checked by the examples' own tests; their time is measured here,
 * since a time bound in a test fails whenever the machine is busy. Prints {@code key=value} lines and
 * exits with 1 when a run fails or passes the bound.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.mpnet.benchmarks.ExamplesWallTime [runs]}
 */
public final class ExamplesWallTime {

    static final int BOUND_SECONDS = 60;
    static final List<String> EXAMPLES = List.of("io.mpnet.examples.Quickstart", "io.mpnet.examples.CallbackStyle");

    private ExamplesWallTime() {
    }

    /** {@code args[0]}: runs per example (default 3); the first is a cold start, as a user's. */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        boolean met = true;
        for (String example : EXAMPLES) {
            List<Duration> took = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                took.add(run(example));
            }
            Duration worst = took.stream().max(Duration::compareTo).orElseThrow();
            Duration best = took.stream().min(Duration::compareTo).orElseThrow();
            String name = example.substring(example.lastIndexOf('.') + 1);
            System.out.println(String.format(Locale.ROOT, "%s.firstSeconds=%.2f", name, took.get(0).toMillis() / 1000.0));
            System.out.println(String.format(Locale.ROOT, "%s.bestSeconds=%.2f", name, best.toMillis() / 1000.0));
            System.out.println(String.format(Locale.ROOT, "%s.worstSeconds=%.2f", name, worst.toMillis() / 1000.0));
            met &= worst.compareTo(Duration.ofSeconds(BOUND_SECONDS)) < 0;
        }
        System.out.println("boundSeconds=" + BOUND_SECONDS + " met=" + (met ? "yes" : "no"));
        if (!met) {
            System.exit(1);
        }
    }

    private static Duration run(String mainClass) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long start = System.nanoTime();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), mainClass)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        // bounded: a run that hangs is killed and fails the measurement
        if (!p.waitFor(2L * BOUND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(mainClass + " did not end within " + 2 * BOUND_SECONDS + " s");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(mainClass + " ended with exit code " + p.exitValue());
        }
        return took;
    }
}
