package io.mpnet.policy;

/** The longest URL a call may carry (E-3), the one place that says how long and why. */
public final class UrlLength {

    /**
     * The most characters a URL may hold, the query a GET's {@code data} adds included: 16 KiB.
     * Why this many: RFC 9110 (section 4.1) asks senders and recipients to support at least 8000
     * octets; nginx and Apache refuse request lines beyond about 8 KiB by default, and the most
     * generous common defaults stop at 16 KiB (Node.js's header limit, which holds the request
     * line; Cloudflare's URL limit). A longer URL could only be answered with 414, while the
     * runtime would hold it in memory for the call; large data belongs in a body.
     */
    public static final int MAX = 16 * 1024;

    private static final int SHOWN = 64;

    private UrlLength() {
    }

    /**
     * Refuses a URL longer than {@link #MAX} characters before anything else is done with it.
     *
     * @throws MpNetException (E-3, parameter error) naming the length, the limit and the fix
     */
    public static void check(ApiKind api, String url) {
        if (url.length() > MAX) {
            throw new MpNetException(api, FailReason.INVALID_PARAMETER, "E-3", "url '" + url.substring(0, SHOWN)
                    + "...' is " + url.length() + " characters long, over the limit of " + MAX + " characters"
                    + " (UrlLength.MAX); send large data in the body of a POST (or uploadFile), not in the URL");
        }
    }
}
