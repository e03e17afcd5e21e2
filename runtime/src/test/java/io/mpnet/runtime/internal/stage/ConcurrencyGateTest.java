package io.mpnet.runtime.internal.stage;

import io.mpnet.runtime.internal.call.CallRequest;
import io.mpnet.runtime.internal.call.CallState;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** L-1, L-2 and T-1 on the gate and timeout stages alone, in virtual time. */
class ConcurrencyGateTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    static CallState call(Duration timeout) {
        return new CallState(new CallRequest(ApiKind.REQUEST, "https://api.example.com/", "GET", Map.of(), new byte[0],
                timeout));
    }

    static CallState call() {
        return call(null);
    }

    /** The gate as a stage list meets it: inside the call's boundary, which runs the end actions. */
    static <T> Flux<T> gated(ConcurrencyGate gate, CallState call, Flux<T> upstream) {
        return call.boundary(gate.apply(call, upstream));
    }

    /** The timeout stage inside the call's boundary, which its cut needs. */
    static <T> Flux<T> timed(TimeoutStage timeout, CallState call, Flux<T> upstream) {
        return call.boundary(timeout.apply(call, upstream));
    }

    @Test
    @DisplayName("L-1 ten calls hold the ten slots; the eleventh waits in the queue")
    void eleventhWaits() {
        ConcurrencyGate gate = new ConcurrencyGate(10, false);
        List<Disposable> holders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            holders.add(gated(gate, call(), Flux.never()).subscribe());
        }
        assertThat(gate.availableSlots()).isZero();
        Disposable eleventh = gated(gate, call(), Flux.never()).subscribe();
        assertThat(gate.queued()).isEqualTo(1);
        holders.get(0).dispose();
        assertThat(gate.queued()).isZero();
        assertThat(gate.availableSlots()).isZero();
        eleventh.dispose();
        holders.forEach(Disposable::dispose);
        assertThat(gate.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("L-1 queued calls start in FIFO order as slots free")
    void fifo() {
        ConcurrencyGate gate = new ConcurrencyGate(1, false);
        List<Integer> started = new CopyOnWriteArrayList<>();
        Disposable holder = gated(gate, call(), Flux.never()).subscribe();
        List<Disposable> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            waiters.add(gated(gate, call(), Flux.defer(() -> {
                started.add(n);
                return Flux.empty();
            })).subscribe());
        }
        assertThat(gate.queued()).isEqualTo(5);
        holder.dispose();
        assertThat(started).containsExactly(0, 1, 2, 3, 4);
        assertThat(gate.availableSlots()).isEqualTo(1);
    }

    @Test
    @DisplayName("L-1 rejectWhenFull fails the eleventh call at once with exceed max task count")
    void rejectWhenFull() {
        ConcurrencyGate gate = new ConcurrencyGate(10, true);
        List<Disposable> holders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            holders.add(gated(gate, call(), Flux.never()).subscribe());
        }
        StepVerifier.create(gated(gate, call(), Flux.never()))
                .expectErrorSatisfies(e -> {
                    assertThat(((MpNetException) e).reason()).isEqualTo(FailReason.LIMIT_EXCEEDED);
                    assertThat(((MpNetException) e).rule()).isEqualTo("L-1");
                })
                .verify(WAIT);
        assertThat(gate.queued()).isZero();
        holders.forEach(Disposable::dispose);
        assertThat(gate.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("L-1 a cancelled queued call leaves the queue without taking a slot")
    void cancelledWaiterLeaves() {
        ConcurrencyGate gate = new ConcurrencyGate(1, false);
        Disposable holder = gated(gate, call(), Flux.never()).subscribe();
        Disposable waiter = gated(gate, call(), Flux.never()).subscribe();
        assertThat(gate.queued()).isEqualTo(1);
        waiter.dispose();
        assertThat(gate.queued()).isZero();
        holder.dispose();
        assertThat(gate.availableSlots()).isEqualTo(1);
    }

    @Test
    @DisplayName("L-2 the slot is released on success, error and cancel (the resilience4j pattern)")
    void releasedWhateverEnds() {
        ConcurrencyGate gate = new ConcurrencyGate(1, false);
        StepVerifier.create(gated(gate, call(), Flux.just(1))).expectNext(1).verifyComplete();
        assertThat(gate.availableSlots()).isEqualTo(1);
        StepVerifier.create(gated(gate, call(), Flux.error(new IllegalStateException("boom"))))
                .verifyErrorSatisfies(e -> assertThat(e).isInstanceOf(MpNetException.class) // the call's boundary (E-1)
                        .hasCauseInstanceOf(IllegalStateException.class));
        assertThat(gate.availableSlots()).isEqualTo(1);
        StepVerifier.withVirtualTime(() -> gated(gate, call(), Mono.delay(Duration.ofHours(1)).flux()))
                .expectSubscription()
                .then(() -> assertThat(gate.availableSlots()).isZero())
                .thenCancel()
                .verify(WAIT);
        assertThat(gate.availableSlots()).isEqualTo(1);
    }

    @Test
    @DisplayName("L-2 an exception thrown by the subscriber's own code still releases the slot once")
    void userExceptionReleases() {
        ConcurrencyGate gate = new ConcurrencyGate(1, false);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        gated(gate, call(), Flux.just(1, 2, 3)).subscribe(x -> {
            throw new IllegalStateException("user code");
        }, errors::add);
        assertThat(errors).hasSize(1);
        assertThat(gate.availableSlots()).isEqualTo(1);
        // a second ending signal must not free a second slot
        StepVerifier.create(gated(gate, call(), Flux.just(1))).expectNext(1).verifyComplete();
        assertThat(gate.availableSlots()).isEqualTo(1);
    }

    @Test
    @DisplayName("T-1 queue time counts toward the timeout; a timed-out queued call leaves the queue (L-1)")
    void queueTimeCounts() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        NetworkConfig config = NetworkConfig.builder().build();
        ConcurrencyGate gate = new ConcurrencyGate(1, false);
        TimeoutStage timeout = new TimeoutStage(config, vts);
        Disposable holder = gated(gate, call(), Flux.never()).subscribe();
        CallState queued = call(Duration.ofSeconds(2));
        StepVerifier.withVirtualTime(() -> timed(timeout, queued, gate.apply(queued, Flux.just("never runs"))),
                        () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> assertThat(gate.queued()).isEqualTo(1))
                .thenAwait(Duration.ofMillis(1999))
                .then(() -> assertThat(gate.queued()).isEqualTo(1))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> {
                    assertThat(((MpNetException) e).reason()).isEqualTo(FailReason.TIMEOUT);
                    assertThat(((MpNetException) e).errMsg()).isEqualTo("request:fail timeout");
                })
                .verify(WAIT);
        assertThat(gate.queued()).isZero();
        holder.dispose();
        assertThat(gate.availableSlots()).isEqualTo(1);
    }

    @Test
    @DisplayName("T-2 a timeout cancels the running exchange and frees its slot")
    void timeoutCancels() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ConcurrencyGate gate = new ConcurrencyGate(1, false);
        TimeoutStage timeout = new TimeoutStage(NetworkConfig.builder().build(), vts);
        List<String> cancelled = new CopyOnWriteArrayList<>();
        CallState c = call(Duration.ofSeconds(3));
        StepVerifier.withVirtualTime(() -> timed(timeout, c, gate.apply(c,
                        Flux.<String>never().doOnCancel(() -> cancelled.add("exchange")))), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(3))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo("T-2"))
                .verify(WAIT);
        assertThat(cancelled).containsExactly("exchange");
        assertThat(gate.availableSlots()).isEqualTo(1);
    }

    @Test
    @DisplayName("T-1 without a call timeout the configured networkTimeout applies, else 60 s")
    void configuredTimeout() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        NetworkConfig config = NetworkConfig.builder().networkTimeout(ApiKind.REQUEST, Duration.ofSeconds(7)).build();
        TimeoutStage timeout = new TimeoutStage(config, vts);
        StepVerifier.withVirtualTime(() -> timed(timeout, call(), Flux.never()), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(6999))
                .thenAwait(Duration.ofMillis(1))
                .expectError(MpNetException.class)
                .verify(WAIT);
        VirtualTimeScheduler vts2 = VirtualTimeScheduler.create(); // StepVerifier disposed the first
        TimeoutStage byDefault = new TimeoutStage(NetworkConfig.builder().build(), vts2);
        StepVerifier.withVirtualTime(() -> timed(byDefault, call(), Flux.never()), () -> vts2, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(59))
                .thenAwait(Duration.ofSeconds(1))
                .expectError(MpNetException.class)
                .verify(WAIT);
    }

    @Test
    @DisplayName("L-2 a long queue of calls that end as soon as they get a slot hands it on without recursing:"
            + " every call runs, in order, and the slot comes back")
    void queueOfInstantCallsDoesNotRecurse() {
        ConcurrencyGate gate = new ConcurrencyGate(1, false);
        List<Integer> done = new CopyOnWriteArrayList<>();
        Disposable holder = gated(gate, call(), Flux.never()).subscribe();
        int queued = 20_000; // one stack frame set per call would overflow a default thread stack long before
        for (int i = 0; i < queued; i++) {
            gated(gate, call(), Flux.just(i)).subscribe(done::add);
        }
        assertThat(gate.queued()).isEqualTo(queued);
        holder.dispose();
        assertThat(done).hasSize(queued);
        assertThat(done.get(0)).isZero();
        assertThat(done.get(queued - 1)).isEqualTo(queued - 1);
        assertThat(gate.queued()).isZero();
        assertThat(gate.availableSlots()).isEqualTo(1);
    }
}
