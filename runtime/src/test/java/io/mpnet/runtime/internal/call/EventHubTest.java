package io.mpnet.runtime.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.runtime.NetworkEvent;
import io.mpnet.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** The event stream's cost and bounds: nothing when nobody listens, never a wait for a slow subscriber. */
class EventHubTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    @DisplayName("nobody listening: no call is watched and nothing is numbered")
    void idle() {
        EventHub hub = new EventHub(() -> 0);
        assertThat(hub.active()).isFalse();
        assertThat(hub.watch()).isNull();
        assertThat(hub.newId()).isZero();
        Disposable d = hub.events().subscribe();
        assertThat(hub.active()).isTrue();
        assertThat(hub.watch()).isNotNull();
        d.dispose();
        assertThat(hub.active()).isFalse();
        assertThat(hub.watch()).isNull();
    }

    @Test
    @DisplayName("a stuck subscriber never blocks the publisher; it loses the oldest events and is told how many")
    void slowSubscriberDrops() {
        EventHub hub = new EventHub(() -> 7);
        CountDownLatch stuck = new CountDownLatch(1);
        List<NetworkEvent> got = new CopyOnWriteArrayList<>();
        Disposable d = hub.events().subscribe(e -> {
            try {
                stuck.await(); // a subscriber that does not keep up at all
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            got.add(e);
        });
        List<NetworkEvent> other = new CopyOnWriteArrayList<>();
        Disposable o = hub.events().subscribe(other::add);
        int n = 20_000;
        for (int i = 1; i <= n; i++) {
            hub.publish(new NetworkEvent.CallQueued(i, i)); // returns at once each time, or this loop never ends
        }
        stuck.countDown();
        Await.until(WAIT, "the stuck subscriber to see the last event", () -> last(got) == n);
        Await.until(WAIT, "the other subscriber to see the last event", () -> last(other) == n);
        long dropped = dropped(got);
        assertThat(dropped).isPositive();
        assertThat(delivered(got) + dropped).as("every event delivered or counted as dropped").isEqualTo(n);
        assertThat(delivered(got)).isLessThanOrEqualTo(EventHub.BUFFER + 256 + 1);
        assertThat(delivered(other) + dropped(other)).isEqualTo(n);
        assertThat(hub.dropped()).isEqualTo(dropped + dropped(other));
        assertThat(got).filteredOn(e -> e instanceof NetworkEvent.EventsDropped)
                .allSatisfy(e -> assertThat(e.at()).isEqualTo(7));
        d.dispose();
        o.dispose();
    }

    @Test
    @DisplayName("a publisher that still held a subscriber's mailbox as it left neither throws nor queues: the call goes on")
    void publishAfterLeaving() {
        EventHub hub = new EventHub(() -> 0);
        java.util.concurrent.atomic.AtomicReference<reactor.core.publisher.FluxSink<NetworkEvent>> sink =
                new java.util.concurrent.atomic.AtomicReference<>();
        Disposable d = reactor.core.publisher.Flux.<NetworkEvent>create(sink::set).subscribe();
        reactor.core.scheduler.Scheduler.Worker worker = reactor.core.scheduler.Schedulers.boundedElastic().createWorker();
        EventMailbox left = new EventMailbox(hub, sink.get(), worker);
        left.close();
        worker.dispose();
        left.accept(new NetworkEvent.CallQueued(1, 1)); // a publisher's snapshot of the listeners from before
        // a worker disposed without the close (the subscriber's thread gone) refuses; the publisher never hears of it
        reactor.core.scheduler.Scheduler.Worker gone = reactor.core.scheduler.Schedulers.boundedElastic().createWorker();
        gone.dispose();
        new EventMailbox(hub, sink.get(), gone).accept(new NetworkEvent.CallQueued(2, 2));
        d.dispose();
    }

    static long last(List<NetworkEvent> got) {
        return got.isEmpty() ? -1 : got.get(got.size() - 1).callId();
    }

    static long dropped(List<NetworkEvent> got) {
        return got.stream().filter(e -> e instanceof NetworkEvent.EventsDropped)
                .mapToLong(e -> ((NetworkEvent.EventsDropped) e).count()).sum();
    }

    static long delivered(List<NetworkEvent> got) {
        return got.stream().filter(e -> e instanceof NetworkEvent.CallQueued).count();
    }
}
