package io.mpnet.runtime.internal;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.Target;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;

/**
 * Judges the call's URL by the server-domain policy (P-*) before anything else: a denial fails at
 * once, without a slot or any I/O.
 *
 * <p>A policy is a pure function of its immutable configuration and device view, so the targets of
 * the URLs it allowed are remembered: a mini program calls the same few URLs again and again, and
 * reading a URL cost more than the rest of this stage. Denials are judged afresh (they are rare and
 * their message names the call). The memory is bounded: past {@value #MAX_REMEMBERED} URLs of one
 * API it starts over, so a program that varies its query strings pays the reading, never the memory.
 */
public final class PolicyStage {

    static final int MAX_REMEMBERED = 256;

    private final NetworkPolicy policy;
    private final Map<String, Target>[] allowed;

    /** A stage judging by {@code policy}. */
    @SuppressWarnings("unchecked")
    public PolicyStage(NetworkPolicy policy) {
        this.policy = policy;
        this.allowed = new Map[ApiKind.values().length];
        for (int i = 0; i < allowed.length; i++) {
            allowed[i] = new ConcurrentHashMap<>();
        }
    }

    /** {@code upstream} once the policy allowed the call's URL, else the policy's {@code MpNetException}. */
    public <T> Flux<T> apply(Call call, Flux<T> upstream) {
        return Flux.defer(() -> {
            call.target(target(call.api(), call.url()));
            return upstream;
        });
    }

    /** The target the policy allows for {@code url}, or its {@code MpNetException}. */
    Target target(ApiKind api, String url) {
        Map<String, Target> remembered = allowed[api.ordinal()];
        Target t = remembered.get(url);
        if (t == null) {
            t = policy.check(api, url).orThrow();
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            remembered.put(url, t);
        }
        return t;
    }
}
