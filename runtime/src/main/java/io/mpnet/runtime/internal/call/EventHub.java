package io.mpnet.runtime.internal.call;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.NetworkEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The event stream of one runtime ({@code MiniProgramNetwork.events()}). Publishing is one volatile
 * read when nobody listens: a call started then is never watched ({@link #watch} answers
 * {@code null}) and builds no event. Each subscriber gets its own bounded buffer
 * ({@link EventMailbox}), drained in batches on a thread of its own, so a slow one loses its oldest
 * events (and is told how many) but never slows a call or another subscriber.
 */
public final class EventHub {

    /** Events a subscriber may fall behind by before the oldest are dropped. */
    public static final int BUFFER = 4096;

    @SuppressWarnings("rawtypes")
    private static final Consumer[] NOBODY = new Consumer[0];
    private static final AtomicLongFieldUpdater<EventHub> IDS = AtomicLongFieldUpdater.newUpdater(EventHub.class, "ids");
    private static final AtomicLongFieldUpdater<EventHub> DROPPED =
            AtomicLongFieldUpdater.newUpdater(EventHub.class, "dropped");

    // A few fields and no collection until someone listens: every runtime has a hub, most never a listener.
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    private final LongSupplier clockMillis;
    @SuppressWarnings("unchecked")
    private volatile Consumer<NetworkEvent>[] listeners = NOBODY;
    private volatile long ids;
    private volatile long dropped;

    /** The hub of a runtime whose clock is {@code clockMillis}. */
    public EventHub(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** Whether anyone listens now. */
    public boolean active() {
        return listeners.length != 0;
    }

    /** The runtime's clock, for events' times. */
    public long now() {
        return clockMillis.getAsLong();
    }

    /** Events dropped for slow subscribers since the runtime started, all subscribers together. */
    public long dropped() {
        return dropped;
    }

    /**
     * A new call to watch, not yet reported ({@link CallEvents#started}); {@code null} when nobody
     * listens, so an unwatched call costs nothing more.
     */
    @Nullable CallEvents watch() {
        return active() ? new CallEvents(this, IDS.incrementAndGet(this)) : null;
    }

    /**
     * The state of a new call whose options {@code preparation} checks (E-3, R-*), watched when
     * someone listens: then reported as started, or, when the options are refused, as started and
     * refused at once. {@code method} and {@code url} are the caller's, named by a refusal.
     *
     * @throws MpNetException the preparation's refusal
     */
    public static CallState newCall(@Nullable EventHub hub, ApiKind api, @Nullable String method, @Nullable String url,
            Supplier<CallRequest> preparation) {
        return hub == null ? new CallState(preparation.get()) : hub.newCall(api, method, url, preparation);
    }

    /** As {@link #newCall(EventHub, ApiKind, String, String, Supplier)}, on this hub. */
    public CallState newCall(ApiKind api, @Nullable String method, @Nullable String url,
            Supplier<CallRequest> preparation) {
        CallEvents watch = watch();
        if (watch == null) {
            return new CallState(preparation.get());
        }
        CallRequest request;
        try {
            request = preparation.get();
        } catch (MpNetException refused) {
            watch.refused(api, method, url, refused);
            throw refused;
        }
        watch.started(request);
        return new CallState(request, watch);
    }

    /** A number for a LAN socket's events, or {@code 0} when nobody listens. */
    public long newId() {
        return active() ? IDS.incrementAndGet(this) : 0;
    }

    /** Hands {@code event} to every subscriber; never blocks. */
    public void publish(NetworkEvent event) {
        for (Consumer<NetworkEvent> l : listeners) {
            l.accept(event);
        }
    }

    /**
     * Calls {@code listener} with every event from now on, on the thread where it happens, until the
     * answer is disposed. A listener that throws is logged and keeps listening: it never fails a call.
     */
    public Disposable listen(Consumer<NetworkEvent> listener) {
        Consumer<NetworkEvent> guarded = e -> {
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                LOG.warn("an event listener failed on {}; the call goes on: {}", e, ex.toString(), ex);
            }
        };
        listen(guarded, true);
        return () -> listen(guarded, false);
    }

    /** The hot stream: what happens from the subscription on, each subscriber served by its {@link EventMailbox}. */
    public Flux<NetworkEvent> events() {
        return Flux.create(sink -> {
            // the subscriber's own thread: its onNext never runs on an event loop or a caller's thread
            Scheduler.Worker worker = Schedulers.boundedElastic().createWorker();
            EventMailbox box = new EventMailbox(this, sink, worker);
            sink.onRequest(n -> box.requested());
            listen(box, true);
            sink.onDispose(() -> {
                listen(box, false);
                box.close();
                worker.dispose();
            });
        });
    }

    /** {@code n} events were dropped for a slow subscriber. */
    void dropped(long n) {
        DROPPED.addAndGet(this, n);
    }

    @SuppressWarnings("unchecked")
    private synchronized void listen(Consumer<NetworkEvent> l, boolean add) {
        List<Consumer<NetworkEvent>> now = new ArrayList<>(Arrays.asList(listeners));
        if (add) {
            now.add(l);
        } else {
            now.remove(l);
        }
        listeners = now.toArray(NOBODY);
    }
}
