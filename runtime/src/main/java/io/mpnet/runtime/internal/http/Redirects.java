package io.mpnet.runtime.internal.http;

import io.mpnet.runtime.internal.call.CallEvents;
import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.runtime.internal.call.Hop;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.Target;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;

/**
 * the one redirect follower of request, uploadFile (which never asks it) and downloadFile: which
 * answers are redirects, the hop limit and the Location, the policy's judgement of the new URL
 * (every hop is judged like the first), the method a hop continues with, and the credentials a
 * hop to another origin drops. A transport only sends hops; this class decides the next.
 */
public final class Redirects {

    /** The most redirects one call follows. */
    static final int MAX = 10;

    private static final byte[] EMPTY = new byte[0];

    /**
     * what a browser's network stack never carries to another origin. The Fetch standard drops
     * {@code Authorization} on a cross-origin redirect; {@code Cookie} set by the caller belongs to
     * the first server as much, and {@code Proxy-Authorization} was meant for the first hop's proxy.
     */
    static final List<String> CREDENTIALS = List.of("authorization", "proxy-authorization", "cookie");

    private Redirects() {
    }

    /** The Location of {@code res} when it is a redirect to follow; {@code null} for an answer. */
    public static @Nullable String location(HttpClientResponse res) {
        return isRedirect(res.status().code()) ? res.responseHeaders().get(HttpHeaderNames.LOCATION) : null;
    }

    /**
     * The rest of {@code call} after {@code res}, the answer to {@code from} redirecting to
     * {@code location} ({@link #location}): the answer's body drained and its connection let go,
     * then the next hop sent by {@code send}, which comes back here if its answer redirects again.
     */
    public static <E> Flux<E> follow(NetworkPolicy policy, CallState call, Hop from, HttpClientResponse res, String location,
            Connection conn, Function<Hop, Flux<E>> send) {
        int status = res.status().code();
        return conn.inbound().receive().then(Mono.fromRunnable(call::releaseConnection))
                .thenMany(Flux.defer(() -> {
                    Hop next = next(policy, call.api(), from, status, location);
                    CallEvents watch = call.events();
                    if (watch != null) { // only when someone listens: the headers' map is made for it
                        watch.redirected(status, from.target().url(), next.target().url(), next.method(),
                                ResponseHeaders.of(res.responseHeaders()));
                    }
                    return send.apply(next);
                }));
    }

    /**
     * The hop after {@code from}, whose answer was {@code status} with {@code location} (relative to
     * {@code from}): judged by the policy, without the caller's credentials when it leaves
     * {@code from}'s origin, as a GET without a body where browsers continue so.
     *
     * @throws MpNetException past {@link #MAX} hops or for a malformed Location, or the policy's refusal
     */
    static Hop next(NetworkPolicy policy, ApiKind api, Hop from, int status, String location) {
        if (from.redirects() >= MAX) {
            throw new MpNetException(api, FailReason.REDIRECT_LIMIT, "R-7", "more than " + MAX
                    + " redirects, the last from " + from.target().url() + "; fix the redirect loop on the server");
        }
        String next;
        try {
            next = URI.create(from.target().url()).resolve(location).toString();
        } catch (IllegalArgumentException e) {
            throw new MpNetException(api, FailReason.NETWORK, "R-7", "the redirect from "
                    + from.target().url() + " has a malformed Location '" + location + "'", e);
        }
        Target t = policy.check(api, next).orThrow(); // every hop is judged like the first
        // Once dropped they stay dropped, as in Fetch: a later hop back to the first origin does not
        // restore them, since that hop was chosen by a server that never should have seen them.
        Map<String, String> headers = sameOrigin(from.target(), t) ? from.headers() : withoutCredentials(from.headers());
        // Browsers' rule: 303, and 301/302 after a POST, continue as a GET without a body.
        boolean toGet = status == 303 || ((status == 301 || status == 302) && from.method().equals("POST"));
        return new Hop(t, toGet ? "GET" : from.method(), headers, toGet ? EMPTY : from.body(), from.redirects() + 1);
    }

    /** The statuses that redirect; 300 and 305 are answers. */
    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Same origin: the same scheme, host and port (the port dialled, so {@code :443} on https is no change). */
    static boolean sameOrigin(Target a, Target b) {
        return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
    }

    /** {@code headers} without the {@link #CREDENTIALS}, in any letter case; the same map when it has none. */
    static Map<String, String> withoutCredentials(Map<String, String> headers) {
        if (headers.keySet().stream().noneMatch(Redirects::isCredential)) {
            return headers;
        }
        Map<String, String> kept = new LinkedHashMap<>(headers);
        kept.keySet().removeIf(Redirects::isCredential);
        return Collections.unmodifiableMap(kept);
    }

    private static boolean isCredential(String name) {
        return CREDENTIALS.contains(name.toLowerCase(Locale.ROOT));
    }
}
