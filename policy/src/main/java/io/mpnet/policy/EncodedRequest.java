package io.mpnet.policy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request's {@code data} encoded for the wire: the final URL (with a query string for
 * GET-like methods) and the body bytes.
 *
 * @param url the URL to call, with {@code data} appended as a query for GET, HEAD, DELETE...
 * @param body the body bytes; empty when there is none
 */
public record EncodedRequest(String url, byte[] body) {

    /**
     * Encodes {@code data} as the platform does: objects become a query string for methods
     * without a body, JSON or a form for POST/PUT by {@code contentType}; strings go as they are;
     * bytes go raw.
     *
     * @param data {@code null}, a {@code String}, a {@code byte[]}, a {@code Map} or any value Jackson serialises
     * @throws MpNetException (R-2, parameter error) when data cannot be encoded
     */
    public static EncodedRequest encode(ApiKind api, RequestMethod method, String url,
            @Nullable String contentType, @Nullable Object data) {
        if (data == null) {
            return new EncodedRequest(url, new byte[0]);
        }
        if (data instanceof byte[] bytes) {
            return new EncodedRequest(url, bytes);
        }
        return new EncodedRequest(url, String.valueOf(data).getBytes(StandardCharsets.UTF_8)); // STUB
    }

    /** {@code encodeURIComponent} of JavaScript: {@code A-Z a-z 0-9 - _ . ! ~ * ' ( )} stay, the rest is UTF-8 percent-encoded. */
    public static String encodeURIComponent(String s) {
        return s; // STUB
    }

    /** The query-string form of an object: {@code encodeURIComponent(k)=encodeURIComponent(v)} joined by {@code &}. */
    public static String queryString(Map<?, ?> data) {
        return ""; // STUB
    }
}
