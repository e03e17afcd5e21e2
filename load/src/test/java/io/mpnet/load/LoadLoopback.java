package io.mpnet.load;

import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.testing.KeepAliveReads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * Base of the load tests: a Reactor Netty server on 127.0.0.1 port 0, reached as the LAN peer
 * {@code 192.168.50.20} (device {@code 192.168.50.10/24}, plain http and ws allowed, P-10), whose
 * delays run on the test's virtual clock; and {@link #pump}, which drives a run in virtual time:
 * it moves the clock only when every call on the wire is one the server holds on that clock.
 */
abstract class LoadLoopback {

    static final String LAN_PEER = "192.168.50.20";
    static final DeviceView DEVICE = DeviceView.of("192.168.50.10/24");
    static final Duration WAIT = Duration.ofSeconds(10);

    final ManualClock clock = new ManualClock();
    final MpNetResources resources = MpNetResources.create("mpnet-load-test", 200);
    DisposableServer server;

    /** Requests the server holds (on the virtual clock, or until the client goes). */
    final AtomicInteger held = new AtomicInteger();
    /** Requests received, by route. */
    final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    /** Requests on the server now and at most, by program ({@code ?p=}). */
    final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow(WAIT);
        }
        resources.close();
        clock.dispose();
    }

    static NetworkConfig config() {
        return NetworkConfig.builder().appId("wx0123456789abcdef").version("0").host(LAN_PEER, "127.0.0.1").build();
    }

    String base() {
        return "http://" + LAN_PEER + ":" + server.port();
    }

    void start(java.util.function.Consumer<? super HttpServerRoutes> routes) {
        server = KeepAliveReads.rearmed(HttpServer.create()).host("127.0.0.1").port(0).route(routes).bindNow(WAIT);
    }

    int count(String route) {
        return received.computeIfAbsent(route, r -> new AtomicInteger()).get();
    }

    /**
     * Counts the request under {@code route}, and as in flight for its program until its answer is
     * made: after that the client may see it and send the next call before this server's write ends.
     */
    <T> Mono<T> counted(String route, HttpServerRequest req, Mono<T> answer) {
        received.computeIfAbsent(route, r -> new AtomicInteger()).incrementAndGet();
        String p = program(req);
        int now = inFlight.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
        maxInFlight.computeIfAbsent(p, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable out = () -> {
            if (answered.compareAndSet(false, true)) {
                inFlight.get(p).decrementAndGet();
            }
        };
        return answer.doOnNext(v -> out.run()).doFinally(s -> out.run());
    }

    /**
     * {@code answer} after {@code delay} on the virtual clock, counted as held from when its timer is
     * set (the server may subscribe to an answer after its handler returned) until it fires.
     */
    <T> Mono<T> heldFor(Duration delay, Mono<T> answer) {
        return Mono.<Boolean>create(sink -> {
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            reactor.core.Disposable timer = clock.schedule(() -> {
                if (done.compareAndSet(false, true)) {
                    held.decrementAndGet();
                }
                sink.success(true);
            }, delay.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            held.incrementAndGet();
            sink.onCancel(() -> {
                timer.dispose();
                if (done.compareAndSet(false, true)) {
                    held.decrementAndGet();
                }
            });
        }).then(answer);
    }

    /** Never answered; held from when the server subscribes until the client goes. */
    Mono<Void> heldForever() {
        return Mono.<Void>never().doOnSubscribe(s -> held.incrementAndGet()).doFinally(s -> held.decrementAndGet());
    }

    static String program(HttpServerRequest req) {
        String uri = req.uri();
        int i = uri.indexOf("p=");
        return i < 0 ? "?" : uri.substring(i + 2).replaceAll("&.*", "");
    }

    static Mono<String> body(HttpServerRequest req) {
        return req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("");
    }

    /**
     * Runs {@code run} to its end in virtual time: whenever every call on the wire (in flight, not
     * waiting in a gate) is one the server holds, the clock moves to its next task, at most by
     * {@code step}. Bounded in real time.
     */
    LoadReport pump(LoadRun run, Duration step) {
        AtomicReference<LoadReport> report = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        run.run().subscribe(report::set, failure::set);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        BooleanSupplier settled = () -> run.callsInFlight() - run.callsQueued() <= held.get() && !clock.hasDue();
        while (report.get() == null && failure.get() == null) {
            long settleBy = System.nanoTime() + WAIT.toNanos();
            clock.runDue();
            while (!settled.getAsBoolean() && failure.get() == null) {
                clock.runDue(); // what an event loop scheduled for now runs here, on this thread
                if (System.nanoTime() - settleBy > 0) {
                    throw new AssertionError("calls did not settle: " + run.callsInFlight() + " in flight, "
                            + run.callsQueued() + " queued, " + held.get() + " held by the server");
                }
                Thread.yield(); // bounded by settleBy; the clock moves only when this thread advances it
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the run did not end within 90 s of real time");
            }
            clock.advanceToNext(step);
        }
        if (failure.get() != null) {
            throw new AssertionError("the run failed", failure.get());
        }
        return report.get();
    }
}
