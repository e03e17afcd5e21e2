package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.testing.Await;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** B-1..B-3, T-2 and R-8 through the whole runtime against a server that stalls; time is virtual. */
class LifecycleAndAbortTest extends LoopbackTest {

    final VirtualTimeScheduler vts = VirtualTimeScheduler.create();

    DisposableServer stalling() {
        return countingServer(r -> r
                .get("/stall", (req, res) -> {
                    received.add(req.path());
                    return Mono.never();
                })
                .get("/partial", (req, res) -> {
                    received.add(req.path());
                    return res.header("content-length", "1000").sendString(Mono.just("first bytes")).then(Mono.never());
                })
                .get("/ok", (req, res) -> {
                    received.add(req.path());
                    return res.sendString(Mono.just("ok"));
                }));
    }

    MiniProgramNetwork net(boolean keepAlive) {
        return runtime(MiniProgramNetwork.builder(lanConfig().build()).scheduler(vts).keepAlive(keepAlive));
    }

    static void assertReason(Throwable e, FailReason reason) {
        assertThat(e).isInstanceOf(MpNetException.class);
        assertThat(((MpNetException) e).reason()).isEqualTo(reason);
    }

    @Test
    @DisplayName("B-2 a call still running 5 s after the app leaves the foreground fails with interrupted")
    void interruptedAfterGrace() throws Exception {
        DisposableServer s = stalling();
        MiniProgramNetwork net = net(false);
        AtomicReference<Throwable> error = new AtomicReference<>();
        net.request(RequestOptions.get(lan(s, "/stall")).build()).subscribe(r -> { }, error::set);
        awaitRequest();
        net.lifecycle().enterBackground();
        vts.advanceTimeBy(Duration.ofMillis(4999));
        assertThat(error.get()).isNull();
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertReason(error.get(), FailReason.INTERRUPTED);
        assertThat(((MpNetException) error.get()).errMsg()).isEqualTo("request:fail interrupted");
        assertThat(((MpNetException) error.get()).errno()).hasValue(600003);
        awaitNoOpenConnection();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("B-2 calls made in the background fail at once; back in the foreground they run (B-1)")
    void backgroundCallsFail() {
        DisposableServer s = stalling();
        MiniProgramNetwork net = net(false);
        net.lifecycle().enterBackground();
        assertThat(net.lifecycle().isForeground()).isFalse();
        StepVerifier.create(net.request(RequestOptions.get(lan(s, "/ok")).build()))
                .expectErrorSatisfies(e -> assertReason(e, FailReason.INTERRUPTED))
                .verify(WAIT);
        assertThat(received).isEmpty();
        net.lifecycle().enterForeground();
        assertThat(net.request(RequestOptions.get(lan(s, "/ok")).build()).block(WAIT).data()).isEqualTo("ok");
    }

    @Test
    @DisplayName("B-2 coming back within the grace period calls the interruption off")
    void foregroundInTime() throws Exception {
        DisposableServer s = stalling();
        MiniProgramNetwork net = net(false);
        AtomicReference<Throwable> error = new AtomicReference<>();
        Disposable call = net.request(RequestOptions.get(lan(s, "/stall")).timeout(Duration.ofSeconds(60)).build())
                .subscribe(r -> { }, error::set);
        awaitRequest();
        net.lifecycle().enterBackground();
        vts.advanceTimeBy(Duration.ofSeconds(4));
        net.lifecycle().enterForeground();
        vts.advanceTimeBy(Duration.ofSeconds(30));
        assertThat(error.get()).isNull();
        call.dispose();
        awaitNoOpenConnection();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("B-3 keepAlive (pinned chat) exempts calls from B-2")
    void keepAlive() throws Exception {
        DisposableServer s = stalling();
        MiniProgramNetwork net = net(true);
        net.lifecycle().enterBackground();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Disposable call = net.request(RequestOptions.get(lan(s, "/stall")).build()).subscribe(r -> { }, error::set);
        awaitRequest();
        vts.advanceTimeBy(Duration.ofSeconds(30));
        assertThat(error.get()).isNull();
        net.lifecycle().keepAlive(false);
        vts.advanceTimeBy(Duration.ofSeconds(5));
        assertReason(error.get(), FailReason.INTERRUPTED);
        call.dispose();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("T-1 a call timeout of Long.MAX_VALUE seconds is clamped to the profile maximum of 60 000 ms")
    void hugeTimeoutIsClamped() throws Exception {
        DisposableServer s = stalling();
        MiniProgramNetwork net = net(false);
        AtomicReference<Throwable> error = new AtomicReference<>();
        net.request(RequestOptions.get(lan(s, "/stall")).timeout(Duration.ofSeconds(Long.MAX_VALUE)).build())
                .subscribe(r -> { }, error::set);
        awaitRequest();
        vts.advanceTimeBy(Duration.ofMillis(59_999));
        assertThat(error.get()).isNull();
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertReason(error.get(), FailReason.TIMEOUT);
        assertThat(error.get().getMessage()).contains("60000 ms");
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("T-2 a stalled server fails the call with timeout and its connection is closed, not reused")
    void timeoutClosesConnection() throws Exception {
        DisposableServer s = stalling();
        MiniProgramNetwork net = net(false);
        AtomicReference<Throwable> error = new AtomicReference<>();
        net.request(RequestOptions.get(lan(s, "/partial")).timeout(Duration.ofSeconds(3)).build())
                .subscribe(r -> { }, error::set);
        awaitRequest();
        vts.advanceTimeBy(Duration.ofSeconds(3));
        assertReason(error.get(), FailReason.TIMEOUT);
        awaitNoOpenConnection();
        assertThat(net.request(RequestOptions.get(lan(s, "/ok")).build()).block(WAIT).data()).isEqualTo("ok");
        assertThat(acceptedConnections.get()).isEqualTo(2);
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("R-8 aborting (cancelling) mid-body closes the connection; the next call gets a clean one")
    void abortMidBody() throws Exception {
        DisposableServer s = stalling();
        MiniProgramNetwork net = net(false);
        Disposable call = net.request(RequestOptions.get(lan(s, "/partial")).build()).subscribe();
        awaitRequest();
        call.dispose();
        awaitNoOpenConnection();
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(net.request(RequestOptions.get(lan(s, "/ok")).build()).block(WAIT).data()).isEqualTo("ok");
        assertThat(acceptedConnections.get()).isEqualTo(2);
    }

    @Test
    @DisplayName("R-8 aborting before the response headers closes the connection")
    void abortBeforeHeaders() throws Exception {
        DisposableServer s = stalling();
        MiniProgramNetwork net = net(false);
        Disposable call = net.request(RequestOptions.get(lan(s, "/stall")).build()).subscribe();
        awaitRequest();
        call.dispose();
        awaitNoOpenConnection();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("R-10 a completed call returns its connection to the pool: the next call reuses it")
    void reuse() {
        DisposableServer s = stalling();
        MiniProgramNetwork net = net(false);
        HttpResult first = net.request(RequestOptions.get(lan(s, "/ok")).build()).block(WAIT);
        // the result is emitted just before the event loop hands the connection back to the pool
        Flux.interval(Duration.ofMillis(1)).filter(x -> resources.acquiredConnections() == 0).blockFirst(WAIT);
        HttpResult second = net.request(RequestOptions.get(lan(s, "/ok")).build()).block(WAIT);
        assertThat(first.profile().socketReused()).isFalse();
        assertThat(second.profile().socketReused()).isTrue();
        assertThat(acceptedConnections.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("R-8 a subscriber that cancels on the headers leaves no response buffer unreleased")
    void cancelOnHeadersReleasesTheBody() throws Exception {
        DisposableServer s = server(r -> r.get("/h", (req, res) -> res.sendString(Mono.just("x".repeat(64)))));
        MiniProgramNetwork net = lanRuntime();
        ListAppender<ILoggingEvent> leaks = new ListAppender<>();
        Logger detector = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        leaks.start();
        detector.addAppender(leaks);
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID); // every buffer tracked
        try {
            int calls = 2_000;
            CountDownLatch ended = new CountDownLatch(calls);
            for (int i = 0; i < calls; i++) {
                net.exchange(RequestOptions.get(lan(s, "/h")).build()).take(1) // headers and body come in one read
                        .doFinally(signal -> ended.countDown()).subscribe(e -> { }, e -> { });
            }
            // a bound for a loaded machine: 2 000 exchanges with every buffer tracked (PARANOID) are slow
            assertThat(ended.await(Await.DEFAULT_BOUND.multipliedBy(2).toSeconds(), TimeUnit.SECONDS))
                    .as("all %d exchanges ended", calls).isTrue();
            // The detector reports a collected, unreleased buffer when later buffers are tracked.
            for (int round = 0; round < 5; round++) {
                System.gc();
                assertThat(net.request(RequestOptions.get(lan(s, "/h")).build()).block(WAIT).statusCode()).isEqualTo(200);
            }
            assertThat(leaks.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(m -> m.contains("LEAK"));
        } finally {
            ResourceLeakDetector.setLevel(level);
            detector.detachAppender(leaks);
        }
    }
}
