package io.mpnet.runtime.internal;

import io.mpnet.policy.NetworkPolicy;
import reactor.core.publisher.Flux;

/** Judges the call's URL by the server-domain policy (P-*) before anything else: a denial fails at once, without a slot or any I/O. */
public final class PolicyStage {

    private final NetworkPolicy policy;

    /** A stage judging by {@code policy}. */
    public PolicyStage(NetworkPolicy policy) {
        this.policy = policy;
    }

    /** {@code upstream} once the policy allowed the call's URL, else the policy's {@code MpNetException}. */
    public <T> Flux<T> apply(Call call, Flux<T> upstream) {
        return Flux.defer(() -> {
            call.target(policy.check(call.api(), call.url()).orThrow());
            return upstream;
        });
    }
}
