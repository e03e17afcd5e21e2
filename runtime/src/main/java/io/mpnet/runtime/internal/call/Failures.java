package io.mpnet.runtime.internal.call;

import io.mpnet.runtime.internal.tls.TlsRules;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import java.net.ConnectException;
import java.util.List;
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
        return TlsRules.classify(api, host, error).orElseGet(() -> new MpNetException(api, FailReason.NETWORK,
                networkRule(api), describe(host, error) + "; the server or the network failed, not the call's options",
                error));
    }

    /**
     * The rule a failure of the server or the network names: the socket's own rule for UDP (N-2) and
     * TCP (N-3), whose callers know no request rules; R-4 for the HTTP calls and connectSocket.
     */
    static String networkRule(ApiKind api) {
        return switch (api) {
            case UDP -> "N-2";
            case TCP -> "N-3";
            default -> "R-4";
        };
    }

    /**
     * A socket's failed opening handshake, having offered {@code offered} sub-protocols: S-1 when the
     * server answered but broke the handshake (a status other than 101, a sub-protocol it was not
     * offered or none of those offered), naming the answer; otherwise as {@link #map}.
     */
    public static MpNetException handshake(ApiKind api, String host, List<String> offered, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MpNetException e) {
                return e;
            }
            if (t instanceof WebSocketClientHandshakeException h && h.response() != null) {
                return new MpNetException(api, FailReason.NETWORK, "S-1", "the server " + host
                        + " refused the WebSocket handshake: " + answer(offered, h), error);
            }
        }
        return map(api, host, error);
    }

    private static String answer(List<String> offered, WebSocketClientHandshakeException h) {
        HttpResponse r = h.response();
        if (r.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            return "it answered " + r.status() + ", not 101 Switching Protocols; check the URL's path and the"
                    + " headers the server expects (a token, a cookie)";
        }
        String chosen = r.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (chosen == null && !offered.isEmpty()) {
            return "it chose no sub-protocol, though the handshake offered " + String.join(", ", offered)
                    + "; offer one the server speaks, or none";
        }
        if (chosen != null && !offered.contains(chosen.trim())) {
            return "it chose the sub-protocol '" + chosen + "', which was not offered (offered: "
                    + (offered.isEmpty() ? "none" : String.join(", ", offered)) + "); offer the ones the server speaks";
        }
        return "its answer is not a valid WebSocket handshake (" + h.getMessage() + ")";
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
