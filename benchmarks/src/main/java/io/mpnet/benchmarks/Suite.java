package io.mpnet.benchmarks;

import io.mpnet.benchmarks.SuiteReport.ClientRow;
import io.mpnet.benchmarks.SuiteReport.Footprint;
import io.mpnet.benchmarks.SuiteReport.PolicyRow;
import io.mpnet.benchmarks.SuiteReport.ScaleRow;
import io.mpnet.benchmarks.SuiteReport.Spread;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the benchmark suite and writes {@code latest.json}, {@code latest.md} and {@code latest.png}:
 * the client comparison at 1, 10 and 100 callers over http and https, request throughput as runtimes
 * grow, the policy decision per kind and domain count, and the heap of idle runtimes.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.mpnet.benchmarks.Suite [short|long] [output directory]
 * </pre>
 *
 * {@code short} (the default) is meant to fit in 15 minutes on 2 cores; {@code long} is for a quiet
 * machine (longer iterations, 2 forks each). The output directory defaults to {@code benchmarks/results}.
 * Run from the repository root, it also replaces the table between the {@code suite:begin} and
 * {@code suite:end} markers of {@code README.md}.
 */
public final class Suite {

    private Suite() {
    }

    /** Iteration counts and times of one profile. */
    record Profile(String name, int warmups, TimeValue warmupTime, int iterations, TimeValue iterationTime, int forks,
            TimeValue policyTime, int footprintRuntimes, Duration pairedWarmup, int pairs) {

        static Profile of(String name) {
            return switch (name) {
                // Warm-up is long on purpose: on 2 cores C2 is still compiling Reactor Netty's and
                // mpnet's paths 10 to 20 s into a fork, and a measurement taken before then compares
                // how much code each client has to compile, not what a call costs in a running host.
                case "short" -> new Profile(name, 4, TimeValue.seconds(3), 3, TimeValue.seconds(2), 1,
                        TimeValue.milliseconds(500), 10_000, Duration.ofSeconds(20), 15);
                case "long" -> new Profile(name, 6, TimeValue.seconds(5), 5, TimeValue.seconds(5), 2,
                        TimeValue.seconds(2), 10_000, Duration.ofSeconds(30), 40);
                default -> throw new IllegalArgumentException("profile is 'short' or 'long', not '" + name + "'");
            };
        }
    }

    /** {@code args}: the profile ({@code short} or {@code long}), then the output directory. */
    public static void main(String[] args) throws Exception {
        Profile profile = Profile.of(args.length > 0 ? args[0] : "short");
        Path out = Paths.get(args.length > 1 ? args[1] : "benchmarks/results");
        Files.createDirectories(out);
        long started = System.nanoTime();

        List<ClientRow> clients = new ArrayList<>();
        for (int callers : new int[] {1, 10, 100}) {
            // mpnet10x10 differs from mpnet only when there are more callers than one runtime admits
            String[] names = callers >= 100
                    ? SuiteReport.CLIENTS.toArray(String[]::new)
                    : SuiteReport.CLIENTS.stream().filter(c -> !c.equals("mpnet10x10")).toArray(String[]::new);
            for (RunResult r : run(base(profile, "ClientComparisonBenchmark\\.call$")
                    .param("client", names).param("scheme", "http", "https").threads(callers))) {
                var stats = r.getPrimaryResult().getStatistics();
                clients.add(new ClientRow(r.getParams().getParam("client"), r.getParams().getParam("scheme"),
                        r.getParams().getThreads(), stats.getMean(), stats.getPercentile(50), stats.getPercentile(99),
                        allocation(r), spread(r, Statistics::getMean), spread(r, st -> st.getPercentile(50)),
                        spread(r, st -> st.getPercentile(99))));
            }
        }

        List<PairedComparison.Result> paired = new ArrayList<>();
        for (String scheme : List.of("http", "https")) {
            for (int callers : new int[] {1, 10, 100}) {
                PairedComparison.Result r = PairedComparison.measure(scheme, callers, profile.pairedWarmup(),
                        profile.pairs(), Duration.ofMillis(400));
                System.out.println(PairedComparison.format(r));
                paired.add(r);
            }
        }

        List<ScaleRow> scale = new ArrayList<>();
        for (RunResult r : run(base(profile, "RuntimeScaleBenchmark\\.call$").threads(10))) {
            scale.add(new ScaleRow(Integer.parseInt(r.getParams().getParam("runtimes")),
                    r.getPrimaryResult().getScore(), allocation(r)));
        }

        List<PolicyRow> policy = new ArrayList<>();
        for (RunResult r : run(base(profile, "PolicyKindsBenchmark\\.decide$").threads(1)
                .warmupTime(profile.policyTime()).measurementTime(profile.policyTime()))) {
            policy.add(new PolicyRow(r.getParams().getParam("kind"), Integer.parseInt(r.getParams().getParam("domains")),
                    r.getPrimaryResult().getScore(), allocation(r)));
        }

        Footprint footprint = footprint(profile.footprintRuntimes());

        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String machine = Runtime.getRuntime().availableProcessors() + " cores, JDK " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
        SuiteReport report = new SuiteReport(date, machine, profile.name(), clients, scale, policy, footprint, paired);
        Files.writeString(out.resolve("latest.json"), report.json(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("latest.md"), report.markdown(), StandardCharsets.UTF_8);
        Chart.write(report, "mpnet vs. other clients, loopback keep-alive GET, small JSON (" + date + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, profile " + profile.name() + ")",
                out.resolve("latest.png"));
        // the README's Benchmarks section shows the latest run: rerunning the suite is all it takes
        Path readme = Paths.get("README.md");
        if (Files.isRegularFile(readme)) {
            var updated = SuiteReport.spliceInto(Files.readString(readme, StandardCharsets.UTF_8), report.markdown());
            if (updated.isPresent()) {
                Files.writeString(readme, updated.get(), StandardCharsets.UTF_8);
                System.out.println("Updated the table in " + readme.toAbsolutePath());
            }
        }
        System.out.println();
        System.out.println(report.markdown());
        System.out.printf(Locale.ROOT, "%nWrote %s/latest.{json,md,png} in %.1f minutes%n", out,
                (System.nanoTime() - started) / 60e9);
    }

    private static ChainedOptionsBuilder base(Profile p, String include) {
        return new OptionsBuilder()
                .include("\\.mpnet\\.benchmarks\\." + include)
                .warmupIterations(p.warmups()).warmupTime(p.warmupTime())
                .measurementIterations(p.iterations()).measurementTime(p.iterationTime())
                .forks(p.forks())
                // a fixed heap so runs on different machines collect alike
                .jvmArgsAppend("-Xms1g", "-Xmx1g")
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true);
    }

    private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
        return new Runner(options.build()).run();
    }

    /** The lowest and highest of one figure over every measured iteration of every fork of {@code r}. */
    private static Spread spread(RunResult r, ToDoubleFunction<Statistics> figure) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (BenchmarkResult fork : r.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                double v = figure.applyAsDouble(iteration.getPrimaryResult().getStatistics());
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        return low <= high ? new Spread(low, high) : Spread.UNKNOWN;
    }

    /** Bytes allocated per operation by the whole JVM ({@code -prof gc}), NaN when absent. */
    private static double allocation(RunResult r) {
        Map<String, Result> secondary = r.getSecondaryResults();
        Result norm = secondary.get("gc.alloc.rate.norm");
        return norm == null ? Double.NaN : norm.getScore();
    }

    /** Runs {@link RuntimeFootprint} in a fresh JVM and reads its figures; null when it fails. */
    static @Nullable Footprint footprint(int runtimes) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx1g", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                RuntimeFootprint.class.getName(), Integer.toString(runtimes))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, String> values = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println("footprint: " + line);
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        if (p.waitFor() != 0 || !values.containsKey("runtimeBytes")) {
            System.err.println("footprint measurement failed; left out of the report");
            return null;
        }
        return new Footprint(runtimes, Double.parseDouble(values.get("runtimeBytes")));
    }
}
