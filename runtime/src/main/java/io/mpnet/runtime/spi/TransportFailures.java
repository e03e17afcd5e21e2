package io.mpnet.runtime.spi;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.internal.call.Failures;

/**
 * For transports built beside the runtime (the {@code lan} module's TCP and UDP sockets): turns a
 * failure of the wire into the {@link MpNetException} callers see, exactly as the runtime's own
 * transports do (E-1, E-2), so every module reports a failed connection, a TLS refusal or a closed
 * socket the same way. The mapping itself stays in the runtime, in one place.
 */
public final class TransportFailures {

    private TransportFailures() {
    }

    /**
     * {@code error} of a call of kind {@code api} with {@code host}: an {@code MpNetException} in its
     * causes as it is, a TLS failure by the TLS rules, anything else a network error (N-2 for UDP,
     * N-3 for TCP, R-4 otherwise) naming {@code host} and keeping {@code error} as its cause.
     */
    public static MpNetException map(ApiKind api, String host, Throwable error) {
        return Failures.map(api, host, error);
    }
}
