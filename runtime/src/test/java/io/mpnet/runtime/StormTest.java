package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.MpNetException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;

/** L-2 under load: whatever ends ten thousand calls, every slot, every connection and the heap come back. */
class StormTest extends LoopbackTest {

    static final int CALLS = Integer.getInteger("storm.calls", 10_000);

    @Test
    @DisplayName("L-2 storm: aborts, timeouts, background switches, cancels and throwing callbacks leak nothing")
    void storm() throws Exception {
        DisposableServer s = server(r -> r.get("/s/{ms}", (req, res) -> {
            int ms = Integer.parseInt(req.param("ms"));
            Mono<String> body = Mono.just("x".repeat(64));
            return res.sendString(ms == 0 ? body : body.delayElement(Duration.ofMillis(ms)));
        }));
        MiniProgramNetwork net = lanRuntime();
        // warm up (classes, pools, JIT's first tiers) before the heap is measured
        assertThat(net.request(RequestOptions.get(lan(s, "/s/0")).build()).block(WAIT).statusCode()).isEqualTo(200);
        long heapBefore = usedHeapAfterGc();
        CountDownLatch ended = new CountDownLatch(CALLS);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < CALLS; i++) {
            int kind = rnd.nextInt(10);
            int serverMs = rnd.nextInt(4) == 0 ? rnd.nextInt(20) : 0;
            RequestOptions.Builder o = RequestOptions.get(lan(s, "/s/" + serverMs));
            // Every call is bounded: short random timeouts for some, 15 s for the rest (queue time included).
            o.timeout(kind == 1 ? Duration.ofMillis(1 + rnd.nextInt(30)) : Duration.ofSeconds(15));
            if (i % 500 == 0) {
                net.lifecycle().enterBackground();
            } else if (i % 500 == 20) {
                net.lifecycle().enterForeground();
            }
            long t0 = System.nanoTime();
            Flux<RequestEvent> call = net.exchange(o.build())
                    .doFinally(signal -> {
                        outcomes.computeIfAbsent(signal.toString(), k -> new AtomicInteger()).incrementAndGet();
                        ended.countDown();
                    });
            switch (kind) {
                case 2 -> { // abort after a random moment
                    Disposable d = call.subscribe(e -> { }, e -> { });
                    Schedulers.parallel().schedule(d::dispose, rnd.nextInt(20), TimeUnit.MILLISECONDS);
                }
                case 3 -> call.take(1).subscribe(e -> { }, e -> { }); // the subscriber cancels after the headers
                case 4 -> call.subscribe(e -> { // user code throws
                    throw new IllegalStateException("user callback");
                }, e -> { });
                default -> call.subscribe(e -> { }, e -> {
                    if (e instanceof MpNetException m && m.rule().equals("T-2") && System.nanoTime() - t0 > 14_000_000_000L) {
                        outcomes.computeIfAbsent("stuck until the 15 s timeout", k -> new AtomicInteger()).incrementAndGet();
                    }
                    if (!(e instanceof MpNetException)) {
                        outcomes.computeIfAbsent("raw " + e, k -> new AtomicInteger()).incrementAndGet();
                    }
                });
            }
        }
        net.lifecycle().enterForeground();
        assertThat(ended.await(40, TimeUnit.SECONDS)).as("every call terminated; outcomes " + outcomes).isTrue();
        // A call in a few thousand used to write its request on a reused keep-alive connection and wait for
        // its timeout: the 1.3.7 server had stopped reading that connection (reactor-netty#4361), which the
        // loopback servers now work around (testing.KeepAliveReads; KeepAliveReuseTest makes it happen every
        // time). Counted, not asserted zero: on a loaded machine, calls queued behind the gate also time out.
        System.out.println("storm outcomes " + outcomes);
        assertThat(outcomes.keySet()).as("only MpNetException reaches callers").noneMatch(k -> k.startsWith("raw "));
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(net.queuedCalls()).isZero();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (resources.acquiredConnections() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(resources.acquiredConnections()).as("connections still lent out by the pool").isZero();
        assertThat(net.request(RequestOptions.get(lan(s, "/s/0")).build()).block(WAIT).statusCode()).isEqualTo(200);
        // Heap back to its start: a leak of even 2.5 KB per call would leave 25 MB behind.
        long retained = usedHeapAfterGc() - heapBefore;
        System.out.println("storm heap retained after " + CALLS + " calls: " + retained / 1024 + " KiB");
        assertThat(retained).as("heap retained by %d ended calls", CALLS).isLessThan(24L << 20);
    }

    /** The heap in use once the collector has had its say (a few rounds: one may leave finalizable work). */
    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            LockSupport.parkNanos(50_000_000);
            Runtime rt = Runtime.getRuntime();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
