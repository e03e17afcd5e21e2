package io.mpnet.runtime.internal;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import java.net.ConnectException;
import reactor.netty.http.client.PrematureCloseException;

/** The one place where transport failures become the {@link MpNetException} callers see (E-1, E-2). */
public final class Failures {

    private Failures() {
    }

    /** {@code error} as an {@code MpNetException}: ours as they are, TLS failures by {@link TlsRules}, the rest {@code network error} with the cause kept. */
    public static MpNetException map(ApiKind api, String host, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof MpNetException e) {
                return e;
            }
        }
        return TlsRules.classify(api, host, error).orElseGet(() -> new MpNetException(api, FailReason.NETWORK, "R-4",
                describe(host, error) + "; the server or the network failed, not the call's options", error));
    }

    private static String describe(String host, Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (error instanceof PrematureCloseException) {
            return "the connection to " + host + " closed before the response was complete";
        }
        if (root instanceof TooLongFrameException) {
            return "the response from " + host + " is malformed or too large (" + root.getMessage() + ")";
        }
        if (root instanceof WebSocketHandshakeException) {
            return "the server " + host + " refused the WebSocket handshake (" + root.getMessage() + ")";
        }
        if (root instanceof ConnectException) {
            return "cannot connect to " + host + " (" + root.getMessage() + ")";
        }
        return "the exchange with " + host + " failed: " + root;
    }
}
