package io.mpnet.runtime.internal.stage;

import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * L-1/L-2: the slots that request, uploadFile and downloadFile of one runtime share. A call waits
 * in a FIFO queue for a slot (or, in {@code rejectWhenFull} mode, fails at once); a queued call that
 * is cancelled or times out leaves the queue without taking a slot; a slot is released exactly once
 * whatever ends the call.
 *
 * <p>Hand-written, like resilience4j's bulkhead, because Reactor has no asynchronous fair
 * semaphore; the bookkeeping is a counter and a queue, the plumbing is Reactor's. The queue and
 * every return of a slot are guarded by a lock; taking a free slot is a compare-and-set on the
 * counter alone, the common case, so callers do not contend with the event loops returning slots.
 * FIFO holds because a slot is counted free only while the queue is empty (it is returned to the
 * counter under the lock only when nobody waits) and a call joins the queue only after finding
 * no free slot under the lock; taking a slot can only lower the count.
 */
public final class ConcurrencyGate {

    /** Per thread: the slot returns it has still to do (see releaseSlot). */
    private static final ThreadLocal<Releases> RELEASES = ThreadLocal.withInitial(Releases::new);

    private final int slots;
    private final boolean rejectWhenFull;
    private final Object lock = new Object();
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>(); // guarded by lock
    private final AtomicInteger free;

    /** A gate of {@code slots} slots; {@code rejectWhenFull} fails calls instead of queueing them. */
    public ConcurrencyGate(int slots, boolean rejectWhenFull) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1: " + slots);
        }
        this.slots = slots;
        this.free = new AtomicInteger(slots);
        this.rejectWhenFull = rejectWhenFull;
    }

    /** Slots free now. */
    public int availableSlots() {
        return free.get();
    }

    /** Calls waiting for a slot now. */
    public int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** The number of slots. */
    public int slots() {
        return slots;
    }

    /** {@code upstream} run while holding a slot; the slot is released when it ends, however it ends. */
    public <T> Flux<T> apply(CallState call, Flux<T> upstream) {
        return Flux.defer(() -> {
            Permit free = tryAcquire(call); // the common case: a free slot, taken without a queue entry
            // the call's boundary sees the call end and returns the slot
            return free != null ? holding(call, free, upstream)
                    : acquire(call).flatMapMany(permit -> holding(call, permit, upstream));
        });
    }

    private static <T> Flux<T> holding(CallState call, Permit permit, Flux<T> upstream) {
        // Released when the call ends, however it ends, before the end goes downstream (so a caller
        // that sees the result sees the slot free); a permit granted after a cut is released at once.
        call.onEnd(permit::release);
        return upstream;
    }

    private @Nullable Permit tryAcquire(CallState call) {
        if (!takeFree()) {
            return null; // a free slot means an empty queue: slots pass straight to waiters, so FIFO holds
        }
        call.profile().slotTaken();
        call.admitted();
        return new Permit();
    }

    private Mono<Permit> acquire(CallState call) {
        return Mono.create(sink -> {
            call.profile().queued();
            call.queued();
            Waiter waiter = new Waiter(sink, call);
            Permit granted = null;
            synchronized (lock) {
                if (takeFree()) { // returned since tryAcquire looked
                    granted = new Permit();
                } else if (!rejectWhenFull) {
                    queue.addLast(waiter);
                }
            }
            if (granted != null) {
                waiter.grant(granted);
            } else if (rejectWhenFull) {
                sink.error(new MpNetException(call.api(), FailReason.LIMIT_EXCEEDED, "L-1", "all " + slots
                        + " slots of request/uploadFile/downloadFile are in use and rejectWhenFull is set;"
                        + " wait for a call to end, or build the runtime without rejectWhenFull to queue"));
            } else {
                sink.onCancel(waiter::cancel);
            }
        });
    }

    private boolean takeFree() {
        for (;;) {
            int f = free.get();
            if (f == 0) {
                return false;
            }
            if (free.compareAndSet(f, f - 1)) {
                return true;
            }
        }
    }

    /**
     * Returns a slot. Handing it to a waiter runs that call on this thread, and if the call ends at
     * once (a cached or failing exchange) it returns its slot in turn: a queue of such calls would
     * recurse one level per call until the stack overflowed, and the slot in hand would be lost. So
     * a release made while this thread is already handing a slot on is queued here and done by the
     * outer loop, after the current hand-off returns; a release on another thread is not delayed.
     */
    private void releaseSlot() {
        Releases mine = RELEASES.get();
        if (mine.handing) {
            mine.pending.add(this);
            return;
        }
        mine.handing = true;
        try {
            for (ConcurrencyGate g = this; g != null; g = mine.pending.poll()) {
                g.handOn();
            }
        } finally {
            mine.handing = false;
        }
    }

    /** The slot to the next waiter, or back to the free count when nobody waits. */
    private void handOn() {
        Waiter next;
        synchronized (lock) {
            next = queue.pollFirst();
            if (next == null) {
                free.incrementAndGet(); // only here, under the lock, and only while nobody waits
                return;
            }
        }
        // The slot passes straight to the next waiter: it never becomes free in between, so FIFO order holds.
        next.grant(new Permit());
    }

    /** A thread's slot returns: whether it is handing one on now, and those to do after it. */
    private static final class Releases {
        boolean handing;
        final ArrayDeque<ConcurrencyGate> pending = new ArrayDeque<>(2);
    }

    /** A queued call. */
    private final class Waiter {
        private final MonoSink<Permit> sink;
        private final CallState call;
        private final AtomicBoolean settled = new AtomicBoolean();
        private volatile Permit permit;

        Waiter(MonoSink<Permit> sink, CallState call) {
            this.sink = sink;
            this.call = call;
        }

        void grant(Permit p) {
            permit = p;
            if (settled.compareAndSet(false, true)) {
                call.profile().dequeued();
                call.admitted();
                sink.success(p);
            } else {
                p.release(); // cancelled as the slot arrived: hand it on
            }
        }

        void cancel() {
            boolean removed;
            synchronized (lock) {
                removed = queue.remove(this);
            }
            if (!removed && !settled.compareAndSet(false, true)) {
                // granted and delivered concurrently with the cancel; the permit's holder releases it
                Permit p = permit;
                if (p != null) {
                    p.release();
                }
            } else {
                settled.set(true);
            }
        }
    }

    /** One held slot; {@link #release()} returns it once, whatever calls it. */
    private final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) {
                releaseSlot();
            }
        }
    }
}
