package io.mpnet.runtime.internal.stage;

import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.policy.Timeouts;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * T-1/T-2: one deadline over the whole call, queue time included, on the runtime's scheduler. When
 * it passes, the exchange is cancelled (its connection closed, never reused) and the call fails
 * with {@code timeout}.
 */
public final class TimeoutStage {

    private static final Logger LOG = LoggerFactory.getLogger(TimeoutStage.class);

    private final NetworkConfig config;
    private final Deadlines deadlines;
    /** Whether this runtime has said that it capped a timeout: once is enough to explain every later one. */
    private final AtomicBoolean capSaid = new AtomicBoolean();

    /** A stage resolving timeouts from {@code config}, timing on {@code scheduler} and reading its clock. */
    public TimeoutStage(NetworkConfig config, Scheduler scheduler) {
        this(config, scheduler, () -> scheduler.now(TimeUnit.NANOSECONDS));
    }

    /**
     * A stage resolving timeouts from {@code config}, timing on {@code scheduler}; {@code nanoClock}
     * must agree with the scheduler's delays ({@code System::nanoTime} for a thread-pool scheduler).
     */
    public TimeoutStage(NetworkConfig config, Scheduler scheduler, LongSupplier nanoClock) {
        this.config = config;
        this.deadlines = new Deadlines(scheduler, nanoClock);
    }

    /**
     * The call's timeout (T-1), for a stage list that must refuse a bad one before an earlier stage
     * takes anything (E-3).
     *
     * @throws io.mpnet.policy.MpNetException (T-1, parameter error) for a zero or negative call timeout
     */
    public Duration resolve(CallState call) {
        return Timeouts.resolve(call.api(), call.request().timeout(), config);
    }

    /** {@code upstream}, failed with {@code timeout} if it has not ended within the call's timeout. */
    public <T> Flux<T> apply(CallState call, Flux<T> upstream) {
        return Flux.defer(() -> {
            Timeouts.Choice choice = Timeouts.choose(call.api(), call.request().timeout(), config);
            if (choice.notice() != null && capSaid.compareAndSet(false, true)) {
                LOG.debug("{}; later capped timeouts of this runtime are not logged", choice.notice());
            }
            Duration timeout = choice.timeout();
            Disposable deadline = deadlines.add(timeout.toNanos(), () -> call.interrupt(new MpNetException(call.api(),
                    FailReason.TIMEOUT, "T-2", "no complete response from " + call.hostForErrors() + " within "
                    + timeout.toMillis() + " ms (queue time included); raise the call's timeout or"
                    + " networkTimeout." + call.api().apiName() + " (at most the profile's maximum)")));
            call.onEnd(deadline::dispose);
            return upstream;
        });
    }
}
