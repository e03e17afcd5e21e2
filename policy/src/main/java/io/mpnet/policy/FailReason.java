package io.mpnet.policy;

import java.util.OptionalInt;

/**
 * Why a call failed, in the platform's words: the text after {@code <api>:fail } in {@code errMsg},
 * and the {@code errno} the platform's errno catalogue (its "Errno错误码" page) gives that failure
 * (E-1). This enum is the one place where a failure gets its errno: every {@link MpNetException}
 * reads it from here. Several reasons share a text, since the catalogue tells apart failures whose
 * {@code errMsg} mpnet words alike (a redirect loop and a reset connection are both
 * {@code network error}). docs/RULES.md, "errno", lists each failure with its errMsg and errno.
 */
public enum FailReason {
    /** The URL or address is refused by the server-domain policy (P-*): 600002 url not in domain list. */
    URL_NOT_IN_DOMAIN_LIST("url not in domain list", 600002),
    /** The call took longer than its timeout (T-2): the catalogue's common 5, time out. */
    TIMEOUT("timeout", 5),
    /** The caller aborted the call: the catalogue's common 1, cancel. */
    ABORT("abort", 1),
    /** The app stayed in the background too long, or the call was made there (B-2): 600003 network interrupted error. */
    INTERRUPTED("interrupted", 600003),
    /**
     * The call's options are invalid (E-3); nothing was sent: 600005, the network class's parameter
     * error. The platform words it the same way ({@code request:fail parameter error:
     * parameter.url should be String...}); the detail is in the explanation here.
     */
    INVALID_PARAMETER("parameter error", 600005),
    /**
     * The request's {@code data} cannot be serialised (R-2, E-3); nothing was sent: 600010 invalid
     * request data. Worded as the other parameter errors.
     */
    INVALID_DATA("parameter error", 600010),
    /**
     * A limit refused the call: the socket limit (S-4), a full queue in rejectWhenFull mode (L-1),
     * the TCP creation rate (N-4), a full send buffer (S-2): 600007 network exceed max task count.
     */
    LIMIT_EXCEEDED("exceed max task count", 600007),
    /** A call in a state where it cannot run, such as a second discovery of one service type (N-1): 600004 network logic error. */
    LOGIC("network logic error", 600004),
    /** The TLS handshake failed a certificate or version rule (X-*): the catalogue has no TLS code, so 600000 unknown network error. */
    SSL_HANDSHAKE("ssl hand shake error", 600000),
    /**
     * The host says the phone has no network (N-5). No errno of the platform's catalogue read for it
     * means "no network", so none is set; the text is mpnet's generic one, the platform's own being
     * the system's.
     */
    NO_NETWORK("network error", -1),
    /** More redirects than the limit: 600008 network reach the max redirect count. */
    REDIRECT_LIMIT("network error", 600008),
    /** downloadFile could not write or keep the file it received (D-1): 603300 download save file error. */
    DOWNLOAD_SAVE("network error", 603300),
    /** Any other transport failure: refused connection, reset, DNS without an answer, malformed response: 600000 unknown network error. */
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

    /** The platform's {@code errno} for this reason, when its catalogue has one ({@link #NO_NETWORK} has none). */
    public OptionalInt errno() {
        return errno < 0 ? OptionalInt.empty() : OptionalInt.of(errno);
    }
}
