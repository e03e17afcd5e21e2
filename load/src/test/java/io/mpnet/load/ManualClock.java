package io.mpnet.load;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * A virtual clock whose tasks run only on the thread that moves it, in time order. Reactor's
 * {@code VirtualTimeScheduler} lets any thread that schedules a task run the due ones, so while an
 * event loop (a server's delay, a runtime's deadline) was scheduling, an advance from the test could
 * return before its tasks had run: the load tests' pump then moved on with work still pending. Here
 * scheduling only enqueues, so when {@link #advanceBy} returns, everything due has run.
 */
final class ManualClock implements Scheduler {

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile long nanos;
    private volatile boolean disposed;

    private final class Task implements Disposable, Comparable<Task> {
        final long time;
        final long order = sequence.getAndIncrement();
        final Runnable run;
        volatile boolean cancelled;

        Task(long time, Runnable run) {
            this.time = time;
            this.run = run;
        }

        @Override
        public int compareTo(Task o) {
            return time != o.time ? Long.compare(time, o.time) : Long.compare(order, o.order);
        }

        @Override
        public void dispose() {
            cancelled = true;
        }

        @Override
        public boolean isDisposed() {
            return cancelled;
        }
    }

    @Override
    public Disposable schedule(Runnable task) {
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        Task t = new Task(nanos + unit.toNanos(Math.max(0, delay)), task);
        synchronized (queue) {
            queue.add(t);
        }
        return t;
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        Disposable.Swap current = Disposables.swap();
        long step = unit.toNanos(period);
        Runnable[] again = new Runnable[1];
        again[0] = () -> {
            task.run();
            if (!current.isDisposed()) {
                current.replace(schedule(again[0], step, TimeUnit.NANOSECONDS));
            }
        };
        current.replace(schedule(again[0], initialDelay, unit));
        return current;
    }

    @Override
    public long now(TimeUnit unit) {
        return unit.convert(nanos, TimeUnit.NANOSECONDS);
    }

    /** Whether a task is due now. */
    boolean hasDue() {
        synchronized (queue) {
            Task head = queue.peek();
            return head != null && head.time <= nanos;
        }
    }

    /** Runs the tasks due now, on this thread, with those they schedule for now. */
    void runDue() {
        advanceTo(nanos);
    }

    /** Moves the clock by {@code d}, running every task due on the way in time order, on this thread. */
    void advanceBy(Duration d) {
        advanceTo(nanos + d.toNanos());
    }

    /**
     * Moves the clock to its next task's time, or by {@code most} if none is due sooner, and runs
     * the tasks due then: one instant at a time, so what they start on other threads (a request
     * reaching a server that sets a timer) sees the clock at that instant.
     */
    void advanceToNext(Duration most) {
        long limit = nanos + most.toNanos();
        long next;
        synchronized (queue) {
            Task head = queue.peek();
            next = head == null || head.time > limit ? limit : Math.max(head.time, nanos);
        }
        advanceTo(next);
    }

    private void advanceTo(long target) {
        while (!disposed) {
            Task next;
            synchronized (queue) {
                Task head = queue.peek();
                if (head == null || head.time > target) {
                    break;
                }
                next = queue.poll();
            }
            if (next.time > nanos) {
                nanos = next.time;
            }
            if (!next.cancelled) {
                next.run.run();
            }
        }
        nanos = Math.max(nanos, target);
    }

    @Override
    public Worker createWorker() {
        Disposable.Composite tasks = Disposables.composite();
        return new Worker() {
            @Override
            public Disposable schedule(Runnable task) {
                return schedule(task, 0, TimeUnit.NANOSECONDS);
            }

            @Override
            public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
                if (tasks.isDisposed()) {
                    throw new java.util.concurrent.RejectedExecutionException("worker disposed");
                }
                Disposable d = ManualClock.this.schedule(task, delay, unit);
                tasks.add(d);
                return d;
            }

            @Override
            public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
                Disposable d = ManualClock.this.schedulePeriodically(task, initialDelay, period, unit);
                tasks.add(d);
                return d;
            }

            @Override
            public void dispose() {
                tasks.dispose();
            }

            @Override
            public boolean isDisposed() {
                return tasks.isDisposed();
            }
        };
    }

    @Override
    public void dispose() {
        disposed = true;
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }
}
