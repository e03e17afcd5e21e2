package io.mpnet.runtime.internal;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.Target;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import io.netty.channel.Channel;
import reactor.core.publisher.Flux;
import reactor.netty.Connection;
import reactor.netty.channel.ChannelOperations;

/**
 * One subscription of one call: what the stages share about it. Created per subscription, so a
 * re-subscribed (retried) call is a new call.
 */
public final class Call {

    private final ApiKind api;
    private final String url;
    private final String method;
    private volatile Map<String, String> headers; // replaced, never changed, by a cross-origin redirect
    private final byte[] body;
    private final @Nullable Duration requestedTimeout;
    private final CallProfile profile;
    private final AtomicReference<@Nullable Connection> connection = new AtomicReference<>();
    private volatile boolean aborted;
    private volatile @Nullable Target target;
    private final Interruption interruption = new Interruption(e -> Failures.map(api(), hostForErrors(), e));

    /**
     * @param api the API kind
     * @param url the URL after data encoding
     * @param method the checked method
     * @param headers the prepared headers (R-3, P-9), immutable
     * @param body the encoded body
     * @param requestedTimeout the caller's timeout, or {@code null}
     * @param profile the call's timing recorder
     */
    public Call(ApiKind api, String url, String method, Map<String, String> headers, byte[] body,
            @Nullable Duration requestedTimeout, CallProfile profile) {
        this.api = api;
        this.url = url;
        this.method = method;
        this.headers = headers; // RequestHeaders.prepare made it, immutable
        this.body = body;
        this.requestedTimeout = requestedTimeout;
        this.profile = profile;
    }

    /** The API kind. */
    public ApiKind api() {
        return api;
    }

    /** The URL of the first hop. */
    public String url() {
        return url;
    }

    /** The method. */
    public String method() {
        return method;
    }

    /** The headers to send on the current hop. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The headers of the next hops, immutable: the same less the credentials after a cross-origin redirect. */
    void headers(Map<String, String> headers) {
        this.headers = headers;
    }

    /** The body bytes, empty when there is none. */
    public byte[] body() {
        return body;
    }

    /** The caller's timeout, or {@code null}. */
    public @Nullable Duration requestedTimeout() {
        return requestedTimeout;
    }

    /** The timing recorder. */
    public CallProfile profile() {
        return profile;
    }

    /** The target the policy allowed, set by {@link PolicyStage}. */
    public Target target() {
        Target t = target;
        if (t == null) {
            throw new IllegalStateException("the policy stage has not run");
        }
        return t;
    }

    void target(Target target) {
        this.target = target;
    }

    /** The host of the current hop, for error messages. */
    String hostForErrors() {
        Target t = target;
        return t == null ? url : t.host();
    }

    void connection(Connection c) {
        connection.set(c);
        if (aborted) {
            // the abort came while the connection was being acquired, before the transport named it
            abortConnection();
        }
    }

    /** Closes the connection of the current hop, so an aborted exchange never goes back to the pool (R-8, T-2). */
    void abortConnection() {
        aborted = true;
        Connection c = connection.getAndSet(null);
        if (c != null) {
            // Close the channel itself: Connection.dispose() may hand a pooled connection back to the
            // pool with the rest of the response still on the wire, which poisons the next call on it.
            // But only while the channel still serves this exchange: once Reactor Netty has handed it
            // back to the pool (the response was complete) it may already carry the next call. The
            // check runs on the channel's event loop, where the hand-back happens, so it cannot race.
            Channel ch = c.channel();
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
     * {@code upstream} as the call's boundary: cut short by {@link #interrupt}, running the
     * {@link #onEnd} actions when it ends, its errors {@code MpNetException}s ({@link Failures#map});
     * installed once per call, by whichever stage asks first while the call is subscribed.
     */
    <T> Flux<T> interruptible(Flux<T> upstream) {
        return interruption.install(upstream);
    }

    /**
     * Runs {@code action} once when the call ends (completes, fails, is cancelled or cut short),
     * before the end reaches the caller; at once if it has ended. The stage that registers it must
     * return its upstream through {@link #interruptible}, which is what sees the end.
     */
    void onEnd(Runnable action) {
        interruption.onEnd(action);
    }

    /**
     * {@code exchange} as this call's wire, to be called as the call is subscribed: it runs inside
     * the call's boundary, and a connection the call still holds when it ends (cancelled, cut short,
     * failed mid-exchange) is closed, never pooled. A completed exchange has let go of its own.
     * The close comes after the cancel has gone up, so the connection's own "closed" error cannot
     * overtake the timeout or interruption that ended the call.
     */
    <T> Flux<T> wire(Flux<T> exchange) {
        onEnd(this::abortConnection);
        return interruptible(exchange);
    }

    /** Cuts the running call short with {@code why} (T-2, B-2); the first reason wins, a finished call ignores it. */
    void interrupt(MpNetException why) {
        interruption.fire(why);
    }

    void releaseConnection() {
        connection.set(null);
    }
}
