package io.mpnet.runtime.compat;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where the callbacks of {@link Wx} (and {@code WxLan}) run: one task at a time, in the order they
 * were handed in, as the platform runs JavaScript on one thread. Events of a call are queued here
 * as they happen, so they wait until the task that made the call has returned: a listener
 * attached in that task never misses one. A host bridging JavaScript runs its own tasks here too,
 * through {@link #execute}.
 *
 * <p>Serial whatever executor it runs on: over a thread pool, tasks still run one after another.
 * A task that throws is logged and the next one runs. Once {@linkplain #close closed}, tasks still
 * queued run, later ones are dropped.
 */
public final class EventExecutor implements Executor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventExecutor.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Scheduler.Worker serial;
    private final @Nullable Scheduler owned;
    private volatile boolean closed;

    private EventExecutor(Scheduler.Worker serial, @Nullable Scheduler owned) {
        this.serial = serial;
        this.owned = owned;
    }

    /**
     * Tasks run one at a time on {@code executor}, which stays its owner's: {@link #close} does not
     * shut it down.
     */
    public static EventExecutor on(Executor executor) {
        if (executor instanceof EventExecutor e) {
            return e; // already serial: sharing it keeps Wx and WxLan on one queue
        }
        // Reactor's trampolining worker is the serial queue: one drain at a time on the executor
        return new EventExecutor(Schedulers.fromExecutor(Objects.requireNonNull(executor, "executor"), true)
                .createWorker(), null);
    }

    /** Its own daemon thread, {@code mpnet-events-<n>}, shut down by {@link #close}. */
    public static EventExecutor ownThread() {
        Scheduler single = Schedulers.newSingle("mpnet-events-" + THREADS.incrementAndGet(), true);
        return new EventExecutor(single.createWorker(), single);
    }

    /** Queues {@code task} behind the ones already handed in; dropped once this is closed. */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (closed) {
            LOG.debug("event dropped: the event executor is closed");
            return;
        }
        try {
            serial.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("an event task threw; the next one runs", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("event dropped: the event executor is closed", e);
        }
    }

    /** Whether this owns its thread, which {@link #close} then shuts down. */
    boolean ownsThread() {
        return owned != null;
    }

    /**
     * Stops taking tasks; the ones queued still run. Shuts down its own thread, never an executor it
     * was given.
     */
    @Override
    public void close() {
        closed = true;
        if (owned != null) {
            owned.disposeGracefully().subscribe(null, e -> LOG.debug("event thread shut down with {}", e.toString()));
        }
    }
}
