package io.mpnet.runtime.internal.call;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.Target;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import io.netty.channel.Channel;
import reactor.core.publisher.Flux;
import reactor.netty.Connection;
import reactor.netty.channel.ChannelOperations;

/**
 * One subscription of one call: its {@link CallRequest}, the hop it is on, the connection serving
 * that hop, its boundary (end actions, the cut of T-2 and B-2) and its R-10 profile. Created per
 * subscription, so a re-subscribed (retried) call is a new call.
 */
public final class CallState {

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<CallState, Connection> CONNECTION =
            AtomicReferenceFieldUpdater.newUpdater(CallState.class, Connection.class, "connection");

    private final CallRequest request;
    private final CallProfile profile = new CallProfile();
    private volatile @Nullable Connection connection;
    private volatile boolean aborted;
    private volatile @Nullable String host; // of the hop on the wire now, for the call's messages
    private final CallBoundary boundary = new CallBoundary(this::failure);
    private final @Nullable CallEvents events;

    /** A call of {@code request}, not yet subscribed, that nobody watches. */
    public CallState(CallRequest request) {
        this(request, null);
    }

    /** A call of {@code request}, not yet subscribed, reported to {@code events} when watched. */
    public CallState(CallRequest request, @Nullable CallEvents events) {
        this.request = request;
        this.events = events;
    }

    /** L-1: the call waits for a slot (told to {@code events()} when watched). */
    public void queued() {
        CallEvents e = events;
        if (e != null) {
            e.queued();
        }
    }

    /** L-1, S-4: the call has its slot (told to {@code events()} when watched). */
    public void admitted() {
        CallEvents e = events;
        if (e != null) {
            e.admitted();
        }
    }

    /** The call's events when someone watches it, else {@code null}. */
    public @Nullable CallEvents events() {
        return events;
    }

    /** What the call asks for. */
    public CallRequest request() {
        return request;
    }

    /** The API kind. */
    public ApiKind api() {
        return request.api();
    }

    /** The timing recorder. */
    public CallProfile profile() {
        return profile;
    }

    /**
     * The first hop, to {@code target}, the URL the policy allowed: the hop on the wire from now,
     * so the messages of a call still queued name its host.
     */
    public Hop start(Target target) {
        return send(new Hop(target, request.method(), request.headers(), request.body(), 0));
    }

    /**
     * {@code next} goes on the wire now: the call's messages name its host from here on (a redirect
     * may lead to another). What the hop sends travels with its exchange, not here
     * ({@code HttpTransport.onWire}).
     */
    public Hop send(Hop next) {
        this.host = next.target().host();
        if (next.redirects() > 0) {
            profile.fetching(next.target().host(), next.redirects()); // the redirect's hop starts
        }
        return next;
    }

    /** The host of the hop on the wire now, for error messages; the URL before the first hop. */
    public String hostForErrors() {
        String h = host;
        return h == null ? request.url() : h;
    }

    /** {@code error} as the call's caller sees it (E-1, E-2). */
    MpNetException failure(Throwable error) {
        return Failures.map(request.api(), hostForErrors(), error);
    }

    /** Names the connection of the current hop, so an abort closes it (set by the transport when the request goes out). */
    public void connection(Connection c) {
        connection = c;
        if (aborted) {
            // the abort came while the connection was being acquired, before the transport named it
            abortConnection();
        }
    }

    /** Closes the connection of the current hop, so an aborted exchange never goes back to the pool (R-8, T-2). */
    void abortConnection() {
        aborted = true;
        Connection c = CONNECTION.getAndSet(this, null);
        if (c != null) {
            // Close the channel itself: Connection.dispose() may hand a pooled connection back to the
            // pool with the rest of the response still on the wire, which poisons the next call on it.
            // But only while the channel still serves this exchange: once Reactor Netty has handed it
            // back to the pool (the response was complete) it may already carry the next call. The
            // check runs on the channel's event loop, where the hand-back happens, so it cannot race.
            Channel ch = c.channel();
            if (!ch.isRegistered()) {
                // named before it reached an event loop (an HTTP/2 stream channel can be): nothing of this
                // exchange has been read on it, and without a loop only a forced close can run
                ch.unsafe().closeForcibly();
                return;
            }
            Runnable closeIfOurs = () -> {
                if (ChannelOperations.get(ch) == c) {
                    ch.close();
                    // A caller that cancelled on the headers never read the body, and Reactor Netty 1.3.7
                    // then leaked the last content that came in the same read (a Netty LEAK report):
                    // reading it into nothing releases each buffer. A body already being read refuses
                    // this second reader, harmlessly.
                    c.inbound().receive().subscribe(null, refusedOrClosed -> { });
                }
            };
            // On the event loop already (a callback that threw, a subscriber that cancelled on the
            // headers), close now: deferred, the check would run after Reactor Netty has read the rest
            // of the response and pooled the connection, which then went to the next call uncleaned.
            if (ch.eventLoop().inEventLoop()) {
                closeIfOurs.run();
            } else {
                ch.eventLoop().execute(closeIfOurs);
            }
        }
    }

    /**
     * {@code upstream} inside the call's boundary: cut short by {@link #interrupt}, running the
     * {@link #onEnd} actions when it ends, its errors {@code MpNetException}s ({@link Failures#map}).
     * Installed once per call, around its outermost stage, by the stage list itself
     * ({@code MiniProgramNetwork.governed}, {@code Sockets.connect}).
     */
    public <T> Flux<T> boundary(Flux<T> upstream) {
        return boundary.install(upstream);
    }

    /**
     * Runs {@code action} once when the call ends (completes, fails, is cancelled or cut short),
     * before the end reaches the caller; at once if it has ended.
     */
    public void onEnd(Runnable action) {
        boundary.onEnd(action);
    }

    /**
     * The transport's exchange from its {@code first} hop, made when the gate lets the call through: a
     * connection the call still holds when it ends (cancelled, cut short, failed mid-exchange) is
     * closed, never pooled. A completed exchange has let go of its own. The close comes after
     * the cancel has gone up, so the connection's own "closed" error cannot overtake the timeout or
     * interruption that ended the call.
     */
    public <T> Flux<T> wire(Function<Hop, Flux<T>> transport, Hop first) {
        return Flux.defer(() -> {
            onEnd(this::abortConnection);
            profile.fetching(first.target().host(), 0); // the gate let the call through
            return transport.apply(first);
        });
    }

    /** Cuts the running call short with {@code why} (T-2, B-2); the first reason wins, a finished call ignores it. */
    public void interrupt(MpNetException why) {
        boundary.fire(why);
    }

    /** Lets go of the connection once its body is read: it may go back to the pool, and a later abort must not close it. */
    public void releaseConnection() {
        connection = null;
    }
}
