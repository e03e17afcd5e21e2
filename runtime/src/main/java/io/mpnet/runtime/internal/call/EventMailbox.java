package io.mpnet.runtime.internal.call;

import io.mpnet.runtime.NetworkEvent;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

/**
 * One subscriber's share of a runtime's events: a bounded buffer that the calls' threads add to
 * without waiting, drained onto the subscriber by a worker of its own {@value #BATCH_MILLIS} ms after
 * the first event of a burst. A burst of events thus wakes the subscriber's thread once, where a
 * hand-off per event woke it per event and cost a busy runtime a sixth of its calls. Past
 * {@link EventHub#BUFFER} waiting events the oldest are dropped and counted; the subscriber gets an
 * {@code EventsDropped} with the count before its next event. Written by hand because Reactor's
 * bounded buffers drop the oldest only behind a serialising sink and a {@code publishOn}, which is the
 * per-event hand-off this avoids.
 */
final class EventMailbox implements Consumer<NetworkEvent>, Runnable {

    /** How long a burst gathers before it is handed over: short next to anything a person watches. */
    static final long BATCH_MILLIS = 10;

    private final EventHub hub;
    private final FluxSink<NetworkEvent> sink;
    private final Scheduler.Worker worker;
    private final ArrayDeque<NetworkEvent> waiting = new ArrayDeque<>(); // guarded by this
    private boolean scheduled; // guarded by this: a drain is due, so an event needs not ask for one
    private boolean closed; // guarded by this: the subscriber left; a publisher that still has this box drops
    private long lost; // guarded by this
    private long told; // the drain's own: one drain runs at a time on the worker

    EventMailbox(EventHub hub, FluxSink<NetworkEvent> sink, Scheduler.Worker worker) {
        this.hub = hub;
        this.sink = sink;
        this.worker = worker;
    }

    /** An event, from any thread: queued at once, never waiting for the subscriber. */
    @Override
    public void accept(NetworkEvent event) {
        boolean schedule;
        synchronized (this) {
            if (closed) {
                return; // it took the listeners just before the subscriber left
            }
            if (waiting.size() >= EventHub.BUFFER) {
                waiting.pollFirst();
                lost++;
                hub.dropped(1);
            }
            waiting.addLast(event);
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            schedule(BATCH_MILLIS);
        }
    }

    /** The subscriber asked for more: what waits is handed over now. */
    void requested() {
        boolean schedule;
        synchronized (this) {
            schedule = !closed && !scheduled && !waiting.isEmpty();
            scheduled |= schedule;
        }
        if (schedule) {
            schedule(0);
        }
    }

    /** The subscriber left: nothing is queued or handed over any more. */
    synchronized void close() {
        closed = true;
        waiting.clear();
    }

    /**
     * Asks the worker for a drain; a worker disposed meanwhile (the subscriber left) refuses, which
     * must not reach the publisher: a call or an event loop.
     */
    private void schedule(long delayMillis) {
        try {
            worker.schedule(this, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                scheduled = false;
            }
        }
    }

    /** The drain: hands over what waits, as far as the subscriber asked. */
    @Override
    public void run() {
        while (true) {
            NetworkEvent next;
            long lostNow;
            synchronized (this) {
                if (closed || waiting.isEmpty() || sink.requestedFromDownstream() == 0 || sink.isCancelled()) {
                    scheduled = false;
                    return;
                }
                next = waiting.pollFirst();
                lostNow = lost;
            }
            if (lostNow > told) {
                sink.next(new NetworkEvent.EventsDropped(0, hub.now(), lostNow - told));
                told = lostNow;
            }
            sink.next(next);
        }
    }
}
