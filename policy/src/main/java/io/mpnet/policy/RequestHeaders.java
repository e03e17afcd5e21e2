package io.mpnet.policy;

import java.util.LinkedHashMap;
import java.util.Map;

/** The header rules of every call (R-3, P-9). STUB: full validation to come. */
public final class RequestHeaders {

    private RequestHeaders() {
    }

    /**
     * The headers to send: the caller's, checked (names and values without CR/LF or other
     * illegal characters), any caller Referer (in any letter case) replaced by the fixed one, and
     * {@code content-type: application/json} added when {@code defaultContentType} and absent.
     *
     * @throws MpNetException (R-3, parameter error) naming the bad header, before any I/O
     */
    public static Map<String, String> prepare(ApiKind api, Map<String, String> header, String referer,
            boolean defaultContentType) {
        Map<String, String> out = new LinkedHashMap<>(header);
        out.put("Referer", referer);
        if (defaultContentType) {
            out.putIfAbsent("content-type", "application/json");
        }
        return out;
    }
}
