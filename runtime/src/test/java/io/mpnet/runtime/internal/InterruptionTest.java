package io.mpnet.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The per-call cut that T-2 and B-2 fire: its reason is what the caller sees. */
class InterruptionTest {

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
        Interruption cut = new Interruption();
        StepVerifier.create(cut.install(failsWhenCancelled()))
                .then(() -> cut.fire(TIMEOUT))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(TIMEOUT))
                .verify();
    }

    @Test
    @DisplayName("T-2 a call that ended before the cut keeps its own outcome")
    void endedCallIgnoresTheCut() {
        Interruption cut = new Interruption();
        StepVerifier.create(cut.install(Flux.just("done")))
                .expectNext("done")
                .verifyComplete();
        cut.fire(TIMEOUT);
        IOException own = new IOException("reset");
        Interruption other = new Interruption();
        StepVerifier.create(other.install(Flux.<String>error(own)))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(own))
                .verify();
    }

    @Test
    @DisplayName("B-2 the cut is installed once per call: a second stage gets its upstream unchanged")
    void installedOnce() {
        Interruption cut = new Interruption();
        Flux<String> upstream = Flux.never();
        Flux<String> outer = cut.install(upstream);
        assertThat(cut.install(upstream)).isSameAs(upstream);
        StepVerifier.create(outer).then(() -> cut.fire(TIMEOUT)).expectErrorSatisfies(e -> assertThat(e).isSameAs(TIMEOUT)).verify();
    }
}
