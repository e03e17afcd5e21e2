package io.mpnet.benchmarks;

import io.mpnet.policy.DeviceView;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.RequestEvent;
import io.mpnet.runtime.RequestOptions;
import io.mpnet.testing.KeepAliveReads;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Heap retained by ten thousand ended calls: the storm of the runtime's {@code StormTest} (aborts,
 * short timeouts, background switches, cancels after the headers, throwing callbacks, against a
 * loopback server that answers at once or within 20 ms), here with real time, between two measures
 * of the used heap after full collections. A leak of even 2.5 KB per call would leave 25 MB behind;
 * the bound is {@value #BOUND_MIB} MiB. Prints {@code key=value} lines and exits with 1 when the bound
 * is not met. Not a test: heap figures depend on the collector and on what else the JVM holds, so
 * they belong in a fresh JVM of their own, ideally with {@code -XX:+UseSerialGC}.
 *
 * <p>{@code java -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar io.mpnet.benchmarks.StormHeap [calls] [seed]}
 */
public final class StormHeap {

    static final int BOUND_MIB = 24;

    private StormHeap() {
    }

    /** {@code args[0]}: how many calls (default 10 000); {@code args[1]}: the seed of the storm's choices. */
    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20_261_206L;
        DisposableServer server = KeepAliveReads.rearmed(HttpServer.create()).host("127.0.0.1").port(0)
                .route(r -> r.get("/s/{ms}", (req, res) -> {
                    int ms = Integer.parseInt(req.param("ms"));
                    Mono<String> body = Mono.just("x".repeat(64));
                    return res.sendString(ms == 0 ? body : body.delayElement(Duration.ofMillis(ms)));
                }))
                .bindNow();
        long retained;
        try (MpNetResources resources = MpNetResources.create("storm-heap", 100)) {
            NetworkConfig config = NetworkConfig.builder().appId("wx0123456789abcdef")
                    .host(RequestBenchmark.PEER, "127.0.0.1").build();
            MiniProgramNetwork net = MiniProgramNetwork.builder(config).resources(resources)
                    .device(DeviceView.of("192.168.50.10/24")).build();
            String base = "http://" + RequestBenchmark.PEER + ":" + server.port() + "/s/";
            // warm up (classes, pools, the JIT's first tiers) before the heap is measured
            net.request(RequestOptions.get(base + "0").build()).block(Duration.ofSeconds(30));
            long before = usedAfterGc();
            storm(net, base, calls, new Random(seed));
            retained = usedAfterGc() - before;
            net.close();
        } finally {
            server.disposeNow();
        }
        boolean met = retained < ((long) BOUND_MIB << 20);
        System.out.println("calls=" + calls);
        System.out.println("seed=" + seed);
        System.out.println(String.format(Locale.ROOT, "retainedBytes=%d", retained));
        System.out.println(String.format(Locale.ROOT, "retainedBytesPerCall=%.1f", retained / (double) calls));
        System.out.println("boundMiB=" + BOUND_MIB + " met=" + (met ? "yes" : "no"));
        if (!met) {
            System.exit(1);
        }
    }

    private static void storm(MiniProgramNetwork net, String base, int calls, Random rnd) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(calls);
        AtomicInteger raw = new AtomicInteger();
        for (int i = 0; i < calls; i++) {
            int kind = rnd.nextInt(10);
            int serverMs = rnd.nextInt(4) == 0 ? rnd.nextInt(20) : 0;
            RequestOptions.Builder o = RequestOptions.get(base + serverMs);
            o.timeout(kind == 1 ? Duration.ofMillis(1 + rnd.nextInt(30)) : Duration.ofSeconds(15));
            if (i % 500 == 0) {
                net.lifecycle().enterBackground();
            } else if (i % 500 == 20) {
                net.lifecycle().enterForeground();
            }
            Flux<RequestEvent> call = net.exchange(o.build()).doFinally(signal -> ended.countDown());
            switch (kind) {
                case 2 -> {
                    Disposable d = call.subscribe(e -> { }, e -> { });
                    Schedulers.parallel().schedule(d::dispose, rnd.nextInt(20), TimeUnit.MILLISECONDS);
                }
                case 3 -> call.take(1).subscribe(e -> { }, e -> { });
                case 4 -> call.subscribe(e -> {
                    throw new IllegalStateException("user callback");
                }, e -> { });
                default -> call.subscribe(e -> { }, e -> {
                    if (!(e instanceof MpNetException)) {
                        raw.incrementAndGet();
                    }
                });
            }
        }
        net.lifecycle().enterForeground();
        if (!ended.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(ended.getCount() + " calls of the storm did not end");
        }
        if (raw.get() > 0) {
            throw new IllegalStateException(raw.get() + " calls failed with an exception other than MpNetException");
        }
    }

    /** The heap in use once the collector has had its say (a few rounds: one may leave finalizable work). */
    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            Runtime rt = Runtime.getRuntime();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
