package io.mpnet.runtime.internal.stage;

import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.Lifecycle;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * B-1..B-3: refuses calls made in the background, and interrupts calls still running when the app
 * has stayed in the background for the grace period (measured on the runtime's scheduler). A
 * return to the foreground, or the keep-alive flag, calls the interruption off.
 *
 * <p>One timer per runtime, not per call: a call only joins the set of running calls, which the
 * timer interrupts all at once when the grace period ends.
 */
public final class LifecycleStage implements Disposable {

    private final Lifecycle lifecycle;
    private final Duration grace;
    private final Scheduler scheduler;
    private final Set<CallState> running = ConcurrentHashMap.newKeySet();
    private final Disposable watch;
    private @Nullable Disposable pending; // guarded by this

    /** A stage watching {@code lifecycle}, interrupting after {@code grace} on {@code scheduler}. */
    public LifecycleStage(Lifecycle lifecycle, Duration grace, Scheduler scheduler) {
        this.lifecycle = lifecycle;
        this.grace = grace;
        this.scheduler = scheduler;
        this.watch = lifecycle.states().subscribe(this::onState);
    }

    /** {@code upstream}, failed with {@code interrupted} as B-1 and B-2 say. */
    public <T> Flux<T> apply(CallState call, Flux<T> upstream) {
        return Flux.defer(() -> {
            // Joined before the state is read: a move to the background right after the read still finds the call.
            running.add(call);
            if (!lifecycle.state().active()) {
                running.remove(call);
                return Flux.error(interrupted(call, "the call was made while the app is in the background"));
            }
            call.onEnd(() -> running.remove(call));
            return upstream;
        });
    }

    /** Stops watching the lifecycle and calls off a pending interruption. */
    @Override
    public synchronized void dispose() {
        watch.dispose();
        if (pending != null) {
            pending.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        return watch.isDisposed();
    }

    private synchronized void onState(Lifecycle.State state) {
        if (state.active()) {
            if (pending != null) {
                pending.dispose();
                pending = null;
            }
        } else if (pending == null) {
            pending = scheduler.schedule(this::interruptRunning, grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void interruptRunning() {
        synchronized (this) {
            pending = null;
        }
        for (CallState call : running) {
            call.interrupt(interrupted(call,
                    "the app stayed in the background for " + grace.toMillis() + " ms while the call ran"));
        }
    }

    private static MpNetException interrupted(CallState call, String why) {
        return new MpNetException(call.api(), FailReason.INTERRUPTED, "B-2",
                why + "; make calls in the foreground, or set keepAlive (B-3) for a pinned chat");
    }
}
