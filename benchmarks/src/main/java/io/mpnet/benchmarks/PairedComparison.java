package io.mpnet.benchmarks;

import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.RequestOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import reactor.netty.http.client.HttpClient;

/**
 * mpnet {@code request()} against raw Reactor Netty, interleaved in one JVM: the same callers switch
 * between the two clients every phase (a few hundred milliseconds), so whatever else the machine does
 * (a build on the other core, a noisy neighbour) falls on both alike, and the ratio of the two is
 * what is left. JMH runs one client per fork, one after the other, which on a shared 2-core machine
 * moved a ratio by a factor of two between runs; this is why the suite takes its mpnet-vs-raw targets
 * from here. Both clients share the server, event loops and pool, as in {@link ClientComparisonBenchmark}.
 *
 * <p>Run alone: {@code java -cp benchmarks/target/benchmarks.jar io.mpnet.benchmarks.PairedComparison [scheme callers]};
 * {@code -Dmpnet.bench.events=subscriber} (or {@code listener}) measures with someone listening to
 * {@code events()}.
 */
public final class PairedComparison {

    /** One scheme and concurrency: mpnet over raw Reactor Netty, and the spread of the per-pair ratios. */
    record Result(String scheme, int callers, double mpnetCallsPerSecond, double rawCallsPerSecond,
            double throughput, double p50, double p99, double cpuPerCall, double lowestPair, double highestPair) {
    }

    private static final int CLIENTS = 2; // 0 = mpnet, 1 = raw Reactor Netty

    private PairedComparison() {
    }

    /**
     * Prints the comparison for http and https at 1, 10 and 100 callers, or for the scheme and the
     * number of callers given ({@code https 10}).
     */
    public static void main(String[] args) throws Exception {
        List<String> schemes = args.length > 0 ? List.of(args[0]) : List.of("http", "https");
        int[] counts = args.length > 1 ? new int[] {Integer.parseInt(args[1])} : new int[] {1, 10, 100};
        for (String scheme : schemes) {
            for (int callers : counts) {
                System.out.println(format(measure(scheme, callers, Duration.ofSeconds(20), 15, Duration.ofMillis(400))));
            }
        }
    }

    /**
     * What listens to the runtimes' events while they are measured: {@code none} (the default: the
     * cost of the event stream when nobody listens), {@code subscriber} (a no-op subscriber of
     * {@code events()}) or {@code listener} (a no-op {@code addEventListener}).
     */
    static void watch(List<MiniProgramNetwork> runtimes, String how) {
        for (MiniProgramNetwork net : runtimes) {
            switch (how) {
                case "none" -> { }
                case "subscriber" -> net.events().subscribe();
                case "listener" -> net.addEventListener(e -> { });
                default -> throw new IllegalArgumentException("mpnet.bench.events=" + how
                        + ": give none, subscriber or listener");
            }
        }
    }

    static String format(Result r) {
        return String.format(Locale.ROOT, "%s %3d callers: mpnet %.0f calls/s, raw %.0f calls/s, x throughput %.2f"
                + " (pairs %.2f..%.2f), x p50 %.2f, x p99 %.2f, x CPU per call %.2f", r.scheme(), r.callers(),
                r.mpnetCallsPerSecond(), r.rawCallsPerSecond(), r.throughput(), r.lowestPair(), r.highestPair(),
                r.p50(), r.p99(), r.cpuPerCall());
    }

    /**
     * Warms both clients for {@code warmup} (alternating), then measures {@code pairs} pairs of phases
     * of {@code phase} each. At 100 callers mpnet is 10 runtimes of 10 callers (one runtime admits 10).
     */
    static Result measure(String scheme, int callers, Duration warmup, int pairs, Duration phase) throws Exception {
        try (JsonServer server = "https".equals(scheme) ? JsonServer.https() : JsonServer.http()) {
            MpNetResources resources = MpNetResources.create("paired", 200);
            List<MiniProgramNetwork> runtimes = new ArrayList<>();
            try {
                int count = callers >= 100 ? 10 : 1;
                for (int i = 0; i < count; i++) {
                    runtimes.add(ClientComparisonBenchmark.mpnetRuntime(server, resources));
                }
                watch(runtimes, System.getProperty("mpnet.bench.events", "none"));
                RequestOptions options = ClientComparisonBenchmark.mpnetOptions(server);
                HttpClient raw = ClientComparisonBenchmark.reactorNettyClient(server, resources);
                return run(scheme, callers, warmup, pairs, phase, caller -> {
                    MiniProgramNetwork net = runtimes.get(caller % runtimes.size());
                    return new Call[] {() -> net.request(options).block(), () -> ClientComparisonBenchmark.reactorNettyCall(raw)};
                });
            } finally {
                runtimes.forEach(MiniProgramNetwork::close);
                resources.close();
            }
        }
    }

    /** One blocking call. */
    @FunctionalInterface
    interface Call {
        Object call() throws Exception;
    }

    /** The two calls of one caller, mpnet's first. */
    @FunctionalInterface
    interface Callers {
        Call[] of(int caller);
    }

    private static Result run(String scheme, int callers, Duration warmup, int pairs, Duration phase, Callers callersCalls)
            throws Exception {
        AtomicInteger current = new AtomicInteger();
        AtomicBoolean recording = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LongAdder[] done = {new LongAdder(), new LongAdder()};
        int maxSamples = Math.max(1 << 14, (1 << 21) / callers); // latencies in microseconds, per caller and client
        int[][][] latencies = new int[callers][CLIENTS][maxSamples];
        int[][] samples = new int[callers][CLIENTS];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            int caller = i;
            Call[] mine = callersCalls.of(caller);
            Thread t = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        int client = current.get();
                        long start = System.nanoTime();
                        mine[client].call();
                        if (recording.get() && client == current.get()) {
                            done[client].increment();
                            int n = samples[caller][client]; // this caller's own: read after join
                            if (n < maxSamples) {
                                latencies[caller][client][n] = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - start) / 1_000);
                                samples[caller][client] = n + 1;
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    stop.set(true);
                }
            }, "paired-caller-" + i);
            t.start();
            threads.add(t);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] pairRatios = new double[pairs];
        long[] calls = new long[CLIENTS];
        long[] nanos = new long[CLIENTS];
        long[] cpu = new long[CLIENTS];
        // callers first: "paired-" alone is the client's event loops (MpNetResources "paired"); the server's are Reactor Netty's default
        ThreadShares shares = new ThreadShares("paired-caller", "paired-", "reactor-http");
        long[][] byThreads = new long[CLIENTS][shares.snapshot().length];
        try {
            long warmEnd = System.nanoTime() + warmup.toNanos();
            for (int k = 0; System.nanoTime() < warmEnd && !stop.get(); k++) {
                current.set(k % CLIENTS);
                Thread.sleep(phase.toMillis());
            }
            for (int p = 0; p < pairs && !stop.get(); p++) {
                double[] rate = new double[CLIENTS];
                for (int client = 0; client < CLIENTS; client++) {
                    current.set(client);
                    Thread.sleep(50); // the other client's calls in flight finish outside the phase
                    long before = done[client].sum();
                    long cpu0 = os.getProcessCpuTime();
                    long[] threads0 = shares.snapshot();
                    long t0 = System.nanoTime();
                    recording.set(true);
                    Thread.sleep(phase.toMillis());
                    recording.set(false);
                    long elapsed = System.nanoTime() - t0;
                    cpu[client] += os.getProcessCpuTime() - cpu0;
                    ThreadShares.accumulate(byThreads[client], threads0, shares.snapshot());
                    Thread.sleep(20); // calls that ended just after the phase still count into it
                    long n = done[client].sum() - before;
                    calls[client] += n;
                    nanos[client] += elapsed;
                    rate[client] = n * 1e9 / elapsed;
                }
                pairRatios[p] = rate[0] / rate[1];
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a call failed during the comparison", failure.get());
        }
        double[] rates = new double[CLIENTS];
        double[] p50 = new double[CLIENTS];
        double[] p99 = new double[CLIENTS];
        for (int client = 0; client < CLIENTS; client++) {
            rates[client] = calls[client] * 1e9 / nanos[client];
            int[] all = merged(latencies, samples, client);
            p50[client] = percentile(all, 0.50);
            p99[client] = percentile(all, 0.99);
        }
        Arrays.sort(pairRatios);
        double cpuRatio = ((double) cpu[0] / calls[0]) / ((double) cpu[1] / calls[1]);
        System.out.println(scheme + " " + callers + " callers, CPU and allocation per call by thread, mpnet/raw: "
                + shares.perCall(byThreads[0], calls[0], byThreads[1], calls[1]));
        return new Result(scheme, callers, rates[0], rates[1], rates[0] / rates[1], p50[0] / p50[1], p99[0] / p99[1],
                cpuRatio, pairRatios[0], pairRatios[pairs - 1]);
    }

    private static int[] merged(int[][][] latencies, int[][] samples, int client) {
        int total = 0;
        for (int[] s : samples) {
            total += s[client];
        }
        int[] all = new int[total];
        int at = 0;
        for (int c = 0; c < latencies.length; c++) {
            System.arraycopy(latencies[c][client], 0, all, at, samples[c][client]);
            at += samples[c][client];
        }
        Arrays.sort(all);
        return all;
    }

    private static double percentile(int[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
