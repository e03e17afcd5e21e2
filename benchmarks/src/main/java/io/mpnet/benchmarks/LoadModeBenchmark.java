package io.mpnet.benchmarks;

import io.mpnet.load.LoadReport;
import io.mpnet.load.LoadRun;
import io.mpnet.load.LoadShape;
import io.mpnet.load.Scenario;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MpNetResources;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Load mode's three performance figures, each a ratio or a per-unit cost measured in one run:
 *
 * <ol>
 *   <li><b>overhead</b>: calls/s of a closed load run (N programs, each looping one GET with no think)
 *       against raw Reactor Netty {@code HttpClient} with N connections and N concurrent loops, on the
 *       same loopback server, event loops and machine, interleaved in phases so the machine's other
 *       load falls on both (as {@link PairedComparison} does);
 *   <li><b>heap per idle program</b>: 10 000 programs thinking for an hour, used heap after full GCs
 *       against the same JVM before the run;
 *   <li><b>CPU per call</b> at 1, 100 and 10 000 programs offering about the same calls/s (each program's
 *       think time scaled with the count), over a 20 s window after every program has started: the
 *       generator's threads' CPU (client event loops, timers, the caller), not the server's, over the
 *       calls that ended in the window.
 * </ol>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.mpnet.benchmarks.LoadModeBenchmark [seconds-per-phase [overhead|cpu|heap]]}.
 */
public final class LoadModeBenchmark {

    private static final String PEER = "192.168.50.20";
    private static final DeviceView DEVICE = DeviceView.of("192.168.50.10/24");
    private static final NetworkConfig CONFIG = NetworkConfig.builder().appId("wx0123456789abcdef").version("0")
            .host(PEER, "127.0.0.1").build();

    private LoadModeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration phase = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 3);
        try (JsonServer server = JsonServer.http();
                MpNetResources resources = MpNetResources.create("bench-load", 1_000)) {
            String url = "http://" + PEER + ":" + server.port() + "/json";
            String part = args.length > 1 ? args[1] : "all";
            if (part.equals("all") || part.equals("overhead")) {
                for (int connections : new int[] {10, 100}) {
                    overhead(resources, server, url, connections, phase, 6);
                }
            }
            if (part.equals("profile")) { // load mode alone at saturation, for a profiler (JFR) to watch
                Scenario loop = scenario("{\"steps\": [{\"request\": {\"name\": \"json\", \"url\": \"" + url
                        + "\", \"dataType\": \"text\"}}]}");
                System.out.printf(Locale.ROOT, "profile load=%.0f calls/s%n", loadCallsPerSecond(resources, loop, 10, phase));
            }
            if (part.equals("all") || part.equals("cpu")) {
                for (int programs : new int[] {1, 100, 10_000}) {
                    cpuPerCall(resources, url, programs, 1_000);
                }
            }
            if (part.equals("all") || part.equals("heap")) { // last: its 10 000 programs stay until the JVM ends
                heapPerIdleProgram(resources, url, 10_000);
            }
        }
    }

    static Scenario scenario(String json) {
        return Scenario.parse(json, "bench.json", Path.of("."));
    }

    /** Load mode's calls/s over raw Reactor Netty's with the same number of connections. */
    static void overhead(MpNetResources resources, JsonServer server, String url, int connections, Duration phase,
            int pairs) {
        // text, as the raw client reads it: the comparison is of the generator, not of JSON parsing
        Scenario loop = scenario("{\"steps\": [{\"request\": {\"name\": \"json\", \"url\": \"" + url
                + "\", \"dataType\": \"text\"}}]}");
        ConnectionProvider pool = ConnectionProvider.builder("bench-raw").maxConnections(connections)
                .pendingAcquireMaxCount(-1).build();
        HttpClient raw = HttpClient.create(pool).runOn(resources.loops()).baseUrl(server.ipBase());
        List<Double> ratios = new ArrayList<>();
        double loadSum = 0;
        double rawSum = 0;
        for (int i = -1; i < pairs; i++) { // the first pair warms both up and is not counted
            double load = loadCallsPerSecond(resources, loop, connections, phase);
            double direct = rawCallsPerSecond(raw, connections, phase);
            if (i >= 0) {
                ratios.add(load / direct);
                loadSum += load;
                rawSum += direct;
            }
        }
        pool.dispose();
        ratios.sort(Double::compare);
        System.out.printf(Locale.ROOT, "overhead connections=%d load=%.0f calls/s raw=%.0f calls/s ratio=%.2f pairs=%.2f-%.2f%n",
                connections, loadSum / pairs, rawSum / pairs, loadSum / rawSum, ratios.get(0), ratios.get(ratios.size() - 1));
    }

    static double loadCallsPerSecond(MpNetResources resources, Scenario loop, int programs, Duration phase) {
        long start = System.nanoTime();
        LoadReport r = LoadRun.builder(loop, CONFIG).resources(resources).device(DEVICE)
                .shape(new LoadShape.Closed(programs, 0, phase)).build().run().block();
        double seconds = (System.nanoTime() - start) / 1e9;
        return r.calls() / seconds;
    }

    static double rawCallsPerSecond(HttpClient raw, int loops, Duration phase) {
        long end = System.nanoTime() + phase.toNanos();
        AtomicLong calls = new AtomicLong();
        long start = System.nanoTime();
        Flux.range(0, loops).flatMap(i -> Mono.defer(() -> raw.get().uri("/json").responseContent().aggregate().asString()
                        .doOnNext(s -> calls.incrementAndGet()))
                .repeat(() -> System.nanoTime() < end).then(), loops).blockLast();
        return calls.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** Used heap after full GCs with {@code programs} idle programs, less the same before them. */
    static void heapPerIdleProgram(MpNetResources resources, String url, int programs) {
        Scenario idle = scenario("{\"steps\": [{\"request\": {\"name\": \"json\", \"url\": \"" + url + "\"}},"
                + " {\"think\": \"1h\"}]}");
        long before = usedAfterGc();
        LoadRun run = LoadRun.builder(idle, CONFIG).resources(resources).device(DEVICE)
                .shape(new LoadShape.Closed(programs, 1, null)).build();
        Disposable running = run.run().subscribe();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while ((run.programsActive() < programs || run.callsInFlight() > 0) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000); // a harness, not a test: waiting for 10 000 programs to make their call
        }
        long after = usedAfterGc();
        System.out.printf(Locale.ROOT, "heap programs=%d active=%d per-idle-program=%.0f B%n", programs,
                run.programsActive(), (after - before) / (double) programs);
        running.dispose();
    }

    /**
     * The generator's CPU per call, with {@code programs} programs offering about {@code callsPerSecond}
     * together, measured over a steady window: after every program has started and before any ends.
     */
    static void cpuPerCall(MpNetResources resources, String url, int programs, int callsPerSecond) {
        long meanThinkMillis = Math.max(1, 1_000L * programs / callsPerSecond);
        Duration warm = Duration.ofMillis(Math.max(5_000, 2 * meanThinkMillis)); // every program past its first call
        Duration window = Duration.ofSeconds(20);
        Scenario s = scenario("{\"steps\": [{\"think\": {\"uniform\": [\"0ms\", \"" + (2 * meanThinkMillis) + "ms\"]}},"
                + " {\"request\": {\"name\": \"json\", \"url\": \"" + url + "\"}}]}");
        ThreadShares threads = new ThreadShares("reactor-http", "bench-load", "parallel", "boundedElastic", "main");
        long[][] marks = new long[2][];
        long[] calls = new long[3];
        CountDownLatch done = new CountDownLatch(1);
        LoadRun run = LoadRun.builder(s, CONFIG).resources(resources).device(DEVICE)
                .shape(new LoadShape.Closed(programs, 0, warm.plus(window).plusSeconds(60)))
                .progress(p -> {
                    if (marks[0] == null && p.elapsed().compareTo(warm) >= 0) {
                        marks[0] = threads.snapshot();
                    } else if (marks[0] != null && marks[1] == null) {
                        calls[0] += p.calls();
                        if (p.elapsed().compareTo(warm.plus(window)) >= 0) {
                            marks[1] = threads.snapshot();
                            done.countDown();
                        }
                    }
                }).build();
        Disposable running = run.run().subscribe();
        try {
            done.await(3, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.dispose();
        if (marks[1] == null) {
            System.out.println("cpu programs=" + programs + ": no steady window measured");
            return;
        }
        long generator = 0;
        for (int g = 1; g <= 4; g++) { // client loops, timers, disposal, the caller; not the server (group 0)
            generator += marks[1][g] - marks[0][g];
        }
        System.out.printf(Locale.ROOT, "cpu programs=%d window=%ds calls=%d calls/s=%.0f generator-cpu-per-call=%.1f us server-cpu-per-call=%.1f us%n",
                programs, window.toSeconds(), calls[0], calls[0] / (double) window.toSeconds(), generator / 1e3 / calls[0],
                (marks[1][0] - marks[0][0]) / 1e3 / calls[0]);
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            LockSupport.parkNanos(100_000_000);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
