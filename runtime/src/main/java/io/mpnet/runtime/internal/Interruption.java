package io.mpnet.runtime.internal;

import io.mpnet.policy.MpNetException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * How a running call is cut short (T-2 timeout, B-2 background interruption): the first reason
 * given cancels the call's exchange (which frees its slot and closes its connection, R-8) and
 * fails it with that reason. One per call, installed once however many stages ask for it: each
 * timer costs a scheduled task, not a chain of operators.
 */
final class Interruption {

    private final Sinks.One<MpNetException> reason = Sinks.one();
    private volatile @Nullable MpNetException fired;
    private boolean installed; // read and written only while the call is being subscribed, on one thread

    /** Cuts the call short with {@code why}, unless it was already cut or has ended; the first reason wins. */
    void fire(MpNetException why) {
        reason.tryEmitValue(why);
    }

    /** {@code upstream}, cut short by {@link #fire}; a stage that finds the cut installed by an outer stage gets {@code upstream} as it is. */
    <T> Flux<T> install(Flux<T> upstream) {
        if (installed) {
            return upstream;
        }
        installed = true;
        // takeUntilOther cancels upstream when the reason arrives; only a reason that arrived while
        // the call ran is recorded (a cancelled trigger gets none), so a call that ended first stays a success.
        return upstream.takeUntilOther(reason.asMono().doOnNext(why -> fired = why))
                .concatWith(Mono.defer(() -> {
                    MpNetException why = fired;
                    return why == null ? Mono.empty() : Mono.error(why);
                }))
                // Closing the cut connection can fail the exchange on its event loop before takeUntilOther
                // has completed on the timer's thread (it does not stop a main that errs after its cancel):
                // that error is the cut's doing, so the call fails with the cut's reason, not "network".
                .onErrorMap(e -> {
                    MpNetException why = fired;
                    return why == null ? e : why;
                });
    }
}
