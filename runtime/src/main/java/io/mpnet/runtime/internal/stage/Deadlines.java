package io.mpnet.runtime.internal.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The deadlines of one runtime's calls (T-2) on its scheduler, without a scheduled task per call.
 *
 * <p>Why not {@code scheduler.schedule} per call, as {@code Flux.timeout} does: scheduling and
 * cancelling a task on a thread-pool scheduler wakes its worker thread each time (about three
 * futex calls per call, measured), which cost more than the rest of the pipeline's stages together.
 * Here calls with the same timeout wait in one lane, a list in deadline order (each deadline is
 * taken under the lane's lock from a monotonic clock, so appending keeps the order): joining and
 * leaving are a link and an unlink, and the lane keeps at most one task, for its earliest deadline,
 * which re-arms itself for the next one when it fires. A runtime sees few distinct timeouts (its
 * configuration's, and the few its calls ask for); past {@value #MAX_LANES} the rest get a task each.
 */
final class Deadlines {

    static final int MAX_LANES = 16;

    private final Scheduler scheduler;
    private final LongSupplier nanoClock;
    private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();
    /** The lane of the last call: most calls of a runtime share its configured timeout. */
    private volatile @Nullable Lane last;

    /** Deadlines timed on {@code scheduler}, read on {@code nanoClock}, which must agree with the scheduler's delays. */
    Deadlines(Scheduler scheduler, LongSupplier nanoClock) {
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
    }

    /** Runs {@code expire} once {@code timeoutNanos} have passed, unless the returned registration is disposed first. */
    Disposable add(long timeoutNanos, Runnable expire) {
        Lane lane = last;
        if (lane == null || lane.timeout != timeoutNanos) {
            lane = lanes.get(timeoutNanos);
            if (lane == null) {
                if (lanes.size() >= MAX_LANES) {
                    return scheduler.schedule(expire, timeoutNanos, TimeUnit.NANOSECONDS);
                }
                lane = lanes.computeIfAbsent(timeoutNanos, Lane::new);
            }
            last = lane;
        }
        return lane.add(expire);
    }

    /** Calls with one timeout, earliest deadline first; guarded by itself. */
    private final class Lane {
        private final long timeout;
        private @Nullable Entry head;
        private @Nullable Entry tail;
        private boolean armed; // a task is scheduled for a deadline no later than the head's

        Lane(long timeout) {
            this.timeout = timeout;
        }

        Entry add(Runnable expire) {
            Entry e;
            boolean arm;
            synchronized (this) {
                e = new Entry(this, nanoClock.getAsLong() + timeout, expire);
                if (tail == null) {
                    head = e;
                } else {
                    tail.next = e;
                    e.prev = tail;
                }
                tail = e;
                arm = !armed;
                armed = true;
            }
            if (arm) {
                try {
                    scheduler.schedule(this::fire, timeout, TimeUnit.NANOSECONDS);
                } catch (RuntimeException rejected) { // a disposed scheduler: this call fails, the lane stays usable
                    synchronized (this) {
                        armed = false;
                        remove(e);
                    }
                    throw rejected;
                }
            }
            return e;
        }

        synchronized void remove(Entry e) {
            if (!e.linked) {
                return;
            }
            e.linked = false;
            if (e.prev == null) {
                head = e.next;
            } else {
                e.prev.next = e.next;
            }
            if (e.next == null) {
                tail = e.prev;
            } else {
                e.next.prev = e.prev;
            }
            e.prev = null;
            e.next = null;
        }

        /** Expires what is due and re-arms for the next deadline; the task stays armed only while calls wait. */
        private void fire() {
            List<Runnable> due = new ArrayList<>(2);
            long delay = -1;
            synchronized (this) {
                long now = nanoClock.getAsLong();
                while (head != null && head.deadline - now <= 0) {
                    Entry e = head;
                    due.add(e.expire);
                    remove(e);
                }
                if (head != null) {
                    delay = head.deadline - now;
                } else {
                    armed = false;
                }
            }
            if (delay >= 0) {
                try {
                    scheduler.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
                } catch (RuntimeException rejected) { // a disposed scheduler: the next call to join re-arms or fails
                    synchronized (this) {
                        armed = false;
                    }
                }
            }
            due.forEach(Runnable::run); // outside the lock: an expiry cancels its call, which leaves the lane
        }
    }

    /** One call's place in its lane; disposing it leaves the lane. */
    private static final class Entry implements Disposable {
        private final Lane lane;
        private final long deadline;
        private final Runnable expire;
        private @Nullable Entry prev;
        private @Nullable Entry next;
        private boolean linked = true;

        Entry(Lane lane, long deadline, Runnable expire) {
            this.lane = lane;
            this.deadline = deadline;
            this.expire = expire;
        }

        @Override
        public void dispose() {
            lane.remove(this);
        }

        @Override
        public boolean isDisposed() {
            synchronized (lane) {
                return !linked;
            }
        }
    }
}
