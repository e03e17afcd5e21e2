package io.mpnet.runtime.internal.call;

import io.mpnet.runtime.NetworkEvent;
import java.util.ArrayDeque;
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
            worker.schedule(this, BATCH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** The subscriber asked for more: what waits is handed over now. */
    void requested() {
        boolean schedule;
        synchronized (this) {
            schedule = !scheduled && !waiting.isEmpty();
            scheduled |= schedule;
        }
        if (schedule) {
            worker.schedule(this);
        }
    }

    /** The drain: hands over what waits, as far as the subscriber asked. */
    @Override
    public void run() {
        while (true) {
            NetworkEvent next;
            long lostNow;
            synchronized (this) {
                if (waiting.isEmpty() || sink.requestedFromDownstream() == 0 || sink.isCancelled()) {
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
