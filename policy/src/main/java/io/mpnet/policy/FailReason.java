package io.mpnet.policy;

import java.util.OptionalInt;

/**
 * Why a call failed, in the platform's words: the text after {@code <api>:fail } in {@code errMsg},
 * and the {@code errno} where the platform defines one (E-1). The errno values are the platform's
 * network category ({@code 06}, general {@code 00}): 600000 unknown network error, 600002 url not
 * in domain list, 600003 network interrupted.
 */
public enum FailReason {
    /** The URL or address is refused by the server-domain policy (P-*). */
    URL_NOT_IN_DOMAIN_LIST("url not in domain list", 600002),
    /** The call took longer than its timeout (T-2). */
    TIMEOUT("timeout", -1),
    /** The caller aborted the call. */
    ABORT("abort", -1),
    /** The app stayed in the background too long, or the call was made there (B-2). */
    INTERRUPTED("interrupted", 600003),
    /**
     * The call's options are invalid (E-3); nothing was sent. The platform words it the same way
     * ({@code request:fail parameter error: parameter.url should be String...}); the detail is in
     * the explanation here.
     */
    INVALID_PARAMETER("parameter error", -1),
    /** A limit refused the call: the socket limit (S-4), or a full queue in rejectWhenFull mode (L-1). */
    LIMIT_EXCEEDED("exceed max task count", -1),
    /** The TLS handshake failed a certificate or version rule (X-*). */
    SSL_HANDSHAKE("ssl hand shake error", 600000),
    /**
     * The host says the phone has no network (N-5). No errno of the platform's catalogue read for it
     * means "no network", so none is set; the text is mpnet's generic one, the platform's own being
     * the system's.
     */
    NO_NETWORK("network error", -1),
    /** Any other transport failure: refused connection, reset, malformed response. */
    NETWORK("network error", 600000);

    private final String text;
    private final int errno;

    FailReason(String text, int errno) {
        this.text = text;
        this.errno = errno;
    }

    /** The platform's reason text, as it appears after {@code :fail } in {@code errMsg}. */
    public String text() {
        return text;
    }

    /** The platform's {@code errno}, when it defines one for this reason. */
    public OptionalInt errno() {
        return errno < 0 ? OptionalInt.empty() : OptionalInt.of(errno);
    }
}
