package io.mpnet.runtime.internal.http;

import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;

/**
 * how many bytes of a response body one call may hold in memory ({@code maxResponseBytes}),
 * judged as the body arrives, never after holding it: a declared {@code Content-Length} over the
 * limit fails the call before any of the body is read, and a body of unknown length fails as soon
 * as the bytes read pass it. The failure ends the call with its connection, which is closed, not pooled.
 *
 * @param api the API kind holding the body
 * @param host the host answering, for the message
 * @param max the limit in bytes, or {@link NetworkConfig#NO_RESPONSE_LIMIT}
 */
public record ResponseLimit(ApiKind api, String host, long max) {

    /** The limit of {@code call}'s current hop under {@code config}. */
    public static ResponseLimit of(CallState call, NetworkConfig config) {
        return new ResponseLimit(call.api(), call.hostForErrors(), config.maxResponseBytes());
    }

    /** Fails when the declared length ({@code -1}: none given) is over the limit. */
    void declared(long contentLength) {
        if (max >= 0 && contentLength > max) {
            throw exceeded("its Content-Length is " + contentLength + " bytes");
        }
    }

    /** Fails when {@code total} bytes read so far are over the limit. */
    void read(long total) {
        if (max >= 0 && total > max) {
            throw exceeded("more than that arrived (the length was not declared)");
        }
    }

    private MpNetException exceeded(String what) {
        return new MpNetException(api, FailReason.NETWORK, "R-12", "the response from " + host + " is larger than"
                + " maxResponseBytes, " + max + " bytes: " + what + "; the connection was closed. " + api.apiName()
                + " holds the whole body in memory: fetch large bodies with downloadFile, which streams them to a"
                + " file, or raise maxResponseBytes in mpnet.json (-1 for no limit)");
    }
}
