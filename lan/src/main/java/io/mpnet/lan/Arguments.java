package io.mpnet.lan;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import org.jspecify.annotations.Nullable;

/** Bad input to a LAN socket (E-3): each failure names the field, the value, the rule and the fix. */
final class Arguments {

    private Arguments() {
    }

    static MpNetException invalid(ApiKind api, String field, @Nullable Object value, String problem, String fix) {
        String rule = Destinations.rule(api);
        return new MpNetException(api, FailReason.INVALID_PARAMETER, rule,
                field + ": " + (value instanceof String s ? "'" + s + "'" : String.valueOf(value)) + " " + problem
                        + " (" + rule + "); " + fix);
    }

    static void destination(ApiKind api, @Nullable String address, int port) {
        if (address == null || address.isEmpty()) {
            throw invalid(api, "address", address, "is missing", "give the peer's IP address or host name");
        }
        port(api, "port", port);
    }

    static void port(ApiKind api, String field, int port) {
        if (port < 1 || port > 65535) {
            throw invalid(api, field, port, "is outside 1-65535", "give the peer's port, 1 to 65535");
        }
    }

    static MpNetException closed(ApiKind api, String action) {
        String rule = Destinations.rule(api);
        return new MpNetException(api, FailReason.INVALID_PARAMETER, rule, "cannot " + action + ": the socket is"
                + " closed (" + rule + "); create a new socket");
    }
}
