package io.mpnet.runtime.internal;

import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.Lifecycle;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * B-1..B-3: refuses calls made in the background, and interrupts calls still running when the app
 * has stayed in the background for the grace period (measured on the runtime's scheduler). A
 * return to the foreground, or the keep-alive flag, calls the interruption off.
 */
public final class LifecycleStage {

    private final Lifecycle lifecycle;
    private final Duration grace;
    private final Scheduler scheduler;

    /** A stage watching {@code lifecycle}, interrupting after {@code grace} on {@code scheduler}. */
    public LifecycleStage(Lifecycle lifecycle, Duration grace, Scheduler scheduler) {
        this.lifecycle = lifecycle;
        this.grace = grace;
        this.scheduler = scheduler;
    }

    /** {@code upstream}, failed with {@code interrupted} as B-2 says. */
    public <T> Flux<T> apply(Call call, Flux<T> upstream) {
        return Flux.defer(() -> {
            if (!lifecycle.state().active()) {
                return Flux.error(interrupted(call, "the call was made while the app is in the background"));
            }
            Flux<Long> interrupt = lifecycle.states()
                    .switchMap(s -> s.active() ? Mono.never() : Mono.delay(grace, scheduler));
            return Deadline.failWhen(upstream, interrupt, () -> interrupted(call,
                    "the app stayed in the background for " + grace.toMillis() + " ms while the call ran"));
        });
    }

    private static MpNetException interrupted(Call call, String why) {
        return new MpNetException(call.api(), FailReason.INTERRUPTED, "B-2",
                why + "; make calls in the foreground, or set keepAlive (B-3) for a pinned chat");
    }
}
