package io.mpnet.runtime.internal;

import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.Target;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One redirect hop, the same for every transport that follows redirects (request and downloadFile):
 * the hop limit and the Location, the policy's judgement of the new URL (R-7: every hop is
 * judged like the first), and the credentials a hop to another origin drops.
 */
final class Redirects {

    /** The most redirects one call follows. */
    static final int MAX = 10;

    /**
     * what a browser's network stack never carries to another origin. The Fetch standard drops
     * {@code Authorization} on a cross-origin redirect; {@code Cookie} set by the caller belongs to
     * the first server as much, and {@code Proxy-Authorization} was meant for the first hop's proxy.
     */
    static final List<String> CREDENTIALS = List.of("authorization", "proxy-authorization", "cookie");

    private Redirects() {
    }

    /**
     * The target of the next hop of {@code call}, from {@code from} after {@code hops} redirects, to
     * {@code location} (relative to {@code from}); set as the call's target, and the call's credentials
     * dropped when it leaves {@code from}'s origin.
     *
     * @throws MpNetException past {@link #MAX} hops or for a malformed Location, or the policy's refusal
     */
    static Target next(NetworkPolicy policy, Call call, Target from, String location, int hops) {
        if (hops >= MAX) {
            throw new MpNetException(call.api(), FailReason.NETWORK, "R-7", "more than " + MAX
                    + " redirects, the last from " + from.url() + "; fix the redirect loop on the server");
        }
        String next;
        try {
            next = URI.create(from.url()).resolve(location).toString();
        } catch (IllegalArgumentException e) {
            throw new MpNetException(call.api(), FailReason.NETWORK, "R-7", "the redirect from "
                    + from.url() + " has a malformed Location '" + location + "'", e);
        }
        Target t = policy.check(call.api(), next).orThrow(); // every hop is judged like the first
        if (!sameOrigin(from, t)) {
            // Once dropped they stay dropped, as in Fetch: a later hop back to the first origin does not
            // restore them, since that hop was chosen by a server that never should have seen them.
            call.headers(withoutCredentials(call.headers()));
        }
        call.target(t);
        return t;
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
