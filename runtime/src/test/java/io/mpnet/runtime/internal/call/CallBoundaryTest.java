package io.mpnet.runtime.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Signal;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The per-call cut that T-2 and B-2 fire (its reason is what the caller sees), and the call's end actions. */
class CallBoundaryTest {

    static final MpNetException TIMEOUT = new MpNetException(ApiKind.REQUEST, FailReason.TIMEOUT, "T-2", "too slow");

    /**
     * An exchange whose cancel fails it at once, as a cut connection does when its event loop sees the
     * close before the cut has completed on the timer's thread.
     */
    static Flux<String> failsWhenCancelled() {
        return Flux.from(s -> s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                s.onError(new IOException("Connection prematurely closed BEFORE response"));
            }
        }));
    }

    @Test
    @DisplayName("T-2 an exchange that fails while being cut still fails with the cut's reason, not network")
    void reasonWinsOverTheCutsOwnError() {
        CallBoundary cut = new CallBoundary(e -> e);
        StepVerifier.create(cut.install(failsWhenCancelled()))
                .then(() -> cut.fire(TIMEOUT))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(TIMEOUT))
                .verify();
    }

    @Test
    @DisplayName("T-2 a call that ended before the cut keeps its own outcome")
    void endedCallIgnoresTheCut() {
        CallBoundary cut = new CallBoundary(e -> e);
        StepVerifier.create(cut.install(Flux.just("done")))
                .expectNext("done")
                .verifyComplete();
        cut.fire(TIMEOUT);
        IOException own = new IOException("reset");
        CallBoundary other = new CallBoundary(e -> e);
        StepVerifier.create(other.install(Flux.<String>error(own)))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(own))
                .verify();
    }

    @Test
    @DisplayName("B-2 the cut is installed once per call: a second stage gets its upstream unchanged")
    void installedOnce() {
        CallBoundary cut = new CallBoundary(e -> e);
        Flux<String> upstream = Flux.never();
        Flux<String> outer = cut.install(upstream);
        assertThat(cut.install(upstream)).isSameAs(upstream);
        StepVerifier.create(outer).then(() -> cut.fire(TIMEOUT)).expectErrorSatisfies(e -> assertThat(e).isSameAs(TIMEOUT)).verify();
    }

    @Test
    @DisplayName("T-2 a cut fired before the call was subscribed fails it at subscription, and cancels what it subscribed")
    void firedBeforeSubscription() {
        CallBoundary cut = new CallBoundary(e -> e);
        AtomicBoolean cancelled = new AtomicBoolean();
        Flux<String> call = cut.install(Flux.<String>never().doOnCancel(() -> cancelled.set(true)));
        cut.fire(TIMEOUT);
        StepVerifier.create(call).expectErrorSatisfies(e -> assertThat(e).isSameAs(TIMEOUT)).verify();
        assertThat(cancelled).isTrue();
    }

    @Test
    @DisplayName("R-8 a call its caller cancelled ignores a later cut: nothing more reaches the caller")
    void cancelledCallIgnoresTheCut() {
        CallBoundary cut = new CallBoundary(e -> e);
        List<Signal<String>> seen = new CopyOnWriteArrayList<>();
        Disposable d = cut.install(Flux.<String>never()).materialize().subscribe(seen::add);
        d.dispose();
        cut.fire(TIMEOUT);
        assertThat(seen).isEmpty();
    }

    @Test
    @DisplayName("T-2 a cut racing the call's own events ends it exactly once, never with an event after the error")
    void racingCut() throws Exception {
        ExecutorService timer = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 2_000; i++) {
                CallBoundary cut = new CallBoundary(e -> e);
                List<Signal<Integer>> seen = new CopyOnWriteArrayList<>();
                CountDownLatch ended = new CountDownLatch(1);
                Flux<Integer> events = Flux.range(0, 50).publishOn(Schedulers.single());
                cut.install(events).subscribe(new CoreSubscriber<Integer>() { // raw: no operator to hide a late signal
                    @Override
                    public void onSubscribe(Subscription sub) {
                        sub.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(Integer t) {
                        seen.add(Signal.next(t));
                    }

                    @Override
                    public void onError(Throwable t) {
                        seen.add(Signal.error(t));
                        ended.countDown();
                    }

                    @Override
                    public void onComplete() {
                        seen.add(Signal.complete());
                        ended.countDown();
                    }
                });
                timer.submit(() -> cut.fire(TIMEOUT));
                assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
                Signal<Integer> last = seen.get(seen.size() - 1);
                assertThat(seen.stream().filter(sig -> sig.isOnError() || sig.isOnComplete()).count())
                        .as("terminal signals in %s", seen).isEqualTo(1);
                if (last.isOnError()) {
                    assertThat(last.getThrowable()).isSameAs(TIMEOUT);
                } else {
                    assertThat(seen).hasSize(51);
                }
            }
        } finally {
            timer.shutdownNow();
        }
    }

    /** The end actions the call ran so far, and what the caller had seen when each ran. */
    private static List<String> recordEnds(CallBoundary call, List<Signal<String>> seen) {
        List<String> ran = new CopyOnWriteArrayList<>();
        call.onEnd(() -> ran.add("outer, caller saw " + seen.size()));
        call.onEnd(() -> ran.add("inner, caller saw " + seen.size()));
        return ran;
    }

    @Test
    @DisplayName("L-2 end actions run once, newest first, before the caller sees the end: complete, error, cancel, cut")
    void endActionsRunOnceBeforeTheEnd() {
        List<String> expected = List.of("inner, caller saw 0", "outer, caller saw 0");
        for (String ending : List.of("complete", "error", "cancel", "cut")) {
            CallBoundary call = new CallBoundary(e -> e);
            List<Signal<String>> seen = new CopyOnWriteArrayList<>();
            List<String> ran = recordEnds(call, seen);
            Flux<String> upstream = switch (ending) {
                case "complete" -> Flux.empty();
                case "error" -> Flux.error(new IOException("reset"));
                default -> Flux.never();
            };
            Disposable d = call.install(upstream).materialize().subscribe(seen::add);
            if (ending.equals("cancel")) {
                d.dispose();
            } else if (ending.equals("cut")) {
                call.fire(TIMEOUT);
            }
            call.fire(TIMEOUT); // after the end: changes nothing
            d.dispose();
            assertThat(ran).as(ending).isEqualTo(expected);
            assertThat(seen).as(ending).hasSize(ending.equals("cancel") ? 0 : 1);
        }
    }

    @Test
    @DisplayName("L-2 an end action registered after the call ended runs at once (a slot granted as the call was cut)")
    void lateEndActionRunsAtOnce() {
        CallBoundary call = new CallBoundary(e -> e);
        StepVerifier.create(call.install(Flux.just("done"))).expectNext("done").verifyComplete();
        AtomicBoolean released = new AtomicBoolean();
        call.onEnd(() -> released.set(true));
        assertThat(released).isTrue();
    }

    @Test
    @DisplayName("L-2 an end action that throws does not keep the others from running")
    void throwingEndActionDoesNotStopTheOthers() {
        CallBoundary call = new CallBoundary(e -> e);
        AtomicBoolean released = new AtomicBoolean();
        call.onEnd(() -> released.set(true));
        call.onEnd(() -> {
            throw new IllegalStateException("a broken action");
        });
        StepVerifier.create(call.install(Flux.just("done"))).expectNext("done").verifyComplete();
        assertThat(released).isTrue();
    }

    @Test
    @DisplayName("E-1 the call's own errors leave through its failure mapping; a cut's reason leaves as it is")
    void errorsLeaveMapped() {
        MpNetException network = new MpNetException(ApiKind.REQUEST, FailReason.NETWORK, "R-4", "mapped");
        CallBoundary call = new CallBoundary(e -> e instanceof MpNetException m ? m : network);
        StepVerifier.create(call.install(Flux.error(new IOException("reset"))))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(network))
                .verify();
        CallBoundary cut = new CallBoundary(e -> network);
        StepVerifier.create(cut.install(failsWhenCancelled()))
                .then(() -> cut.fire(TIMEOUT))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(TIMEOUT))
                .verify();
    }

    @Test
    @DisplayName("T-2 a cut fired while the caller is still in onSubscribe reaches it only once onSubscribe has"
            + " returned (Reactive Streams 1.3)")
    void cutWaitsForOnSubscribe() {
        CallBoundary cut = new CallBoundary(e -> e);
        AtomicBoolean inOnSubscribe = new AtomicBoolean();
        List<String> seen = new CopyOnWriteArrayList<>();
        cut.install(Flux.<String>never()).subscribe(new CoreSubscriber<String>() {
            @Override
            public void onSubscribe(Subscription sub) {
                inOnSubscribe.set(true);
                cut.fire(TIMEOUT); // as a timer thread might, right now
                seen.add("onSubscribe returns");
                inOnSubscribe.set(false);
            }

            @Override
            public void onNext(String t) {
            }

            @Override
            public void onError(Throwable t) {
                seen.add((inOnSubscribe.get() ? "onError inside onSubscribe: " : "onError: ") + t.getMessage());
            }

            @Override
            public void onComplete() {
            }
        });
        assertThat(seen).containsExactly("onSubscribe returns", "onError: " + TIMEOUT.getMessage());
    }
}
