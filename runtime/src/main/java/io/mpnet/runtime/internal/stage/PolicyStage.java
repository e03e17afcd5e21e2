package io.mpnet.runtime.internal.stage;

import io.mpnet.runtime.NetworkState;
import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.Target;
import io.mpnet.policy.UrlLength;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Judges the call's URL by the server-domain policy (P-*) before anything else: a URL over
 * {@link UrlLength#MAX} (E-3) or a denial fails at once, without a slot or any I/O.
 *
 * <p>A policy is a pure function of its immutable configuration and device view, and its answer
 * for a URL depends on the URL's origin (scheme and authority as written; the rest is only
 * searched for characters it may not hold), so the answers it allowed are remembered by origin:
 * a mini program calls the same few servers again and again with ever new paths and queries, and
 * reading a URL cost more than the rest of this stage. A remembered answer keeps its origin's text
 * only, so the memory does not grow with the URLs' length. Denials are judged afresh (they are rare
 * and their message names the call). Past {@value #MAX_REMEMBERED} origins of one API (or one of
 * more than {@value #MAX_ORIGIN} characters) it starts over, so a program that calls many servers
 * pays the reading, never the memory.
 *
 * <p>Finding the origin costs a substring and a target per call; a program (or a load run) that calls
 * the same URL again and again pays neither: the last short URL allowed per API ({@value #MAX_LAST}
 * characters at most, so this memory stays bounded too) is answered with its own target.
 */
public final class PolicyStage {

    static final int MAX_REMEMBERED = 256;
    /** Longer than any allowed origin needs (scheme, a 253-character host, a port), for odd IPv4 spellings. */
    static final int MAX_ORIGIN = 300;
    /** The longest URL kept as an API's last one; a longer one is judged by its origin every time. */
    static final int MAX_LAST = 256;

    /** The last URL an API allowed, and its target: immutable, so a racy read sees a whole pair. */
    private record Last(String url, Target target) {
    }

    private final NetworkPolicy policy;
    private final @Nullable NetworkState network;
    // per API, made at its first allowed call: an idle runtime holds no map
    private final AtomicReferenceArray<Map<String, Target>> allowed =
            new AtomicReferenceArray<>(ApiKind.values().length);
    private @Nullable Last @Nullable [] last; // made at the first allowed call: idle runtimes stay small

    /**
     * A stage judging by {@code policy}, then refusing when {@code network} says the phone has none
     * (N-5; {@code null}: the policy alone, as its tests judge it).
     */
    public PolicyStage(NetworkPolicy policy, @Nullable NetworkState network) {
        this.policy = policy;
        this.network = network;
    }

    /**
     * The rest of the call, {@code next}, given the {@link Target} the policy allowed for the call's
     * URL, as the call is subscribed; else the policy's (or E-3's) {@code MpNetException}, or N-5's
     * when the phone has no network ({@link NetworkState#check}, the rule's one place). Both ask
     * whether the call may go out at all, before any slot or I/O: one operator, not two per call.
     */
    public <T> Flux<T> apply(CallState call, Function<Target, Flux<T>> next) {
        return Flux.defer(() -> {
            Target target = target(call.api(), call.request().url()); // P-*: the URL first
            NetworkState n = network;
            if (n != null) {
                n.check(call.api()); // N-5
            }
            return next.apply(target);
        });
    }

    /** The target the policy allows for {@code url}, or its (or E-3's) {@code MpNetException}. */
    Target target(ApiKind api, String url) {
        Last[] lasts = last;
        Last l = lasts == null ? null : lasts[api.ordinal()];
        if (l != null && l.url.equals(url)) {
            return l.target; // the same URL as the API's last call: same judgement, same target
        }
        UrlLength.check(api, url);
        Map<String, Target> remembered = allowed.get(api.ordinal());
        String origin = Target.origin(url);
        Target known = origin == null || remembered == null ? null : remembered.get(origin);
        Target t = known == null ? null : known.at(url);
        if (t == null) {
            t = policy.check(api, url).orThrow();
            remember(api, origin, t);
        }
        if (url.length() <= MAX_LAST) {
            if (lasts == null) { // two first calls may both make one; either stands
                lasts = new Last[ApiKind.values().length];
                last = lasts;
            }
            lasts[api.ordinal()] = new Last(url, t);
        }
        return t;
    }

    private void remember(ApiKind api, @Nullable String origin, Target t) {
        if (origin == null || origin.length() > MAX_ORIGIN) {
            return;
        }
        Map<String, Target> remembered = allowed.get(api.ordinal());
        if (remembered == null) {
            allowed.compareAndSet(api.ordinal(), null, new ConcurrentHashMap<>()); // two first calls: either stands
            remembered = allowed.get(api.ordinal());
        }
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(origin, t.originOnly());
    }

    /** The origins remembered for {@code api}, for tests of the bound. */
    Map<String, Target> remembered(ApiKind api) {
        Map<String, Target> remembered = allowed.get(api.ordinal());
        return remembered == null ? Map.of() : Map.copyOf(remembered);
    }
}
