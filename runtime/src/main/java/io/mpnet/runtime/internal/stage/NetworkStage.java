package io.mpnet.runtime.internal.stage;

import io.mpnet.runtime.NetworkState;
import io.mpnet.runtime.internal.call.CallState;
import reactor.core.publisher.Flux;

/**
 * N-5: refuses a call made while the host says the phone has no network ({@code networkType}
 * {@code none}), before it takes a slot or does any I/O. Calls already past it are not cut: the
 * network ends them as it would.
 */
public final class NetworkStage {

    private final NetworkState network;

    /** A stage reading {@code network}. */
    public NetworkStage(NetworkState network) {
        this.network = network;
    }

    /** {@code upstream}, or the N-5 refusal ({@link NetworkState#check}) when there is no network at subscription. */
    public <T> Flux<T> apply(CallState call, Flux<T> upstream) {
        return Flux.defer(() -> {
            network.check(call.api());
            return upstream;
        });
    }
}
