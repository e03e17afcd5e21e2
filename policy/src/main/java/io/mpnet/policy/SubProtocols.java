package io.mpnet.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The sub-protocols a {@code connectSocket} offers (S-1). */
public final class SubProtocols {

    private SubProtocols() {
    }

    /**
     * RFC 6455: each sub-protocol a distinct HTTP token; a comma would split one into two on the wire.
     * Checked when the call runs and, for a builder, when the protocols are set.
     *
     * @throws MpNetException (S-1, parameter error) naming the first bad one
     */
    public static void check(List<String> protocols) {
        Set<String> seen = new HashSet<>();
        for (String p : protocols) {
            if (p == null || p.isEmpty() || !p.chars().allMatch(c -> RequestHeaders.isTokenChar((char) c))) {
                throw new MpNetException(ApiKind.CONNECT_SOCKET, FailReason.INVALID_PARAMETER, "S-1", "sub-protocol '"
                        + p + "' is not an HTTP token; use letters, digits and !#$%&'*+-.^_`|~ only");
            }
            if (!seen.add(p)) {
                throw new MpNetException(ApiKind.CONNECT_SOCKET, FailReason.INVALID_PARAMETER, "S-1", "sub-protocol '"
                        + p + "' is offered twice; offer each once");
            }
        }
    }
}
