package io.mpnet.testing;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Virtual time for tests whose calls do real loopback I/O and wait on the runtime's scheduler in
 * between (N-6's throttling): a {@link VirtualTimeScheduler} that also knows when its delayed tasks
 * are due, so {@link #runUntil} moves time to the next one as soon as the I/O has scheduled it, and
 * never past a wait that real I/O has not reached yet. Periodic tasks (a load run's interval ticker)
 * run as time passes but never draw it on. Give it to a runtime as its scheduler.
 */
public final class SteppedTime implements Scheduler {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final Map<Object, Long> due = new ConcurrentHashMap<>();

    /** A virtual clock at 0. */
    public SteppedTime() {
    }

    /** Virtual milliseconds now. */
    public long millis() {
        return vts.now(TimeUnit.MILLISECONDS);
    }

    /** Moves the clock by {@code by}, running what falls due, as a test's own step of time. */
    public void advance(Duration by) {
        synchronized (this) {
            vts.advanceTimeBy(by);
        }
    }

    /**
     * Moves time to each next task due before {@code horizon} (from now) as the I/O schedules them,
     * telling {@code step} each new time, until {@code done}; fails if neither comes within
     * {@link Await#DEFAULT_BOUND} of real time.
     */
    public void runUntil(BooleanSupplier done, Duration horizon, LongConsumer step) {
        long end = vts.now(TimeUnit.NANOSECONDS) + horizon.toNanos();
        while (true) {
            Await.until(Await.DEFAULT_BOUND, "the calls to end or to wait on the scheduler",
                    () -> done.getAsBoolean() || next(end).isPresent());
            if (done.getAsBoolean()) {
                return;
            }
            long at = next(end).orElseThrow();
            synchronized (this) { // no task is noted while the clock moves, so each is noted as due as it is
                vts.advanceTimeBy(Duration.ofNanos(Math.max(0, at - vts.now(TimeUnit.NANOSECONDS))));
            }
            step.accept(millis());
        }
    }

    /** {@link #runUntil(BooleanSupplier, Duration, LongConsumer)} with nothing to do at each step. */
    public void runUntil(BooleanSupplier done, Duration horizon) {
        runUntil(done, horizon, t -> { });
    }

    private OptionalLong next(long before) {
        return due.values().stream().mapToLong(Long::longValue).filter(t -> t < before).min();
    }

    /** Schedules {@code task} through {@code scheduling}, knowing when it is due until it runs or is disposed. */
    private Disposable tracked(Runnable task, long delay, TimeUnit unit, Function<Runnable, Disposable> scheduling) {
        Object key = new Object();
        Disposable d;
        synchronized (this) {
            due.put(key, vts.now(TimeUnit.NANOSECONDS) + unit.toNanos(delay));
            d = scheduling.apply(() -> {
                due.remove(key);
                task.run();
            });
        }
        return () -> {
            due.remove(key);
            d.dispose();
        };
    }

    @Override
    public Disposable schedule(Runnable task) {
        return vts.schedule(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return tracked(task, delay, unit, t -> vts.schedule(t, delay, unit));
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return vts.schedulePeriodically(task, initialDelay, period, unit);
    }

    @Override
    public long now(TimeUnit unit) {
        return vts.now(unit);
    }

    @Override
    public Worker createWorker() {
        Worker w = vts.createWorker();
        return new Worker() {
            @Override
            public Disposable schedule(Runnable task) {
                return w.schedule(task);
            }

            @Override
            public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
                return tracked(task, delay, unit, t -> w.schedule(t, delay, unit));
            }

            @Override
            public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
                return w.schedulePeriodically(task, initialDelay, period, unit);
            }

            @Override
            public void dispose() {
                w.dispose();
            }

            @Override
            public boolean isDisposed() {
                return w.isDisposed();
            }
        };
    }

    @Override
    public void dispose() {
        vts.dispose();
    }
}
