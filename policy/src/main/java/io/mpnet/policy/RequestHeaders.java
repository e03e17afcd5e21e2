package io.mpnet.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The header rules of every call (R-3, P-9). */
public final class RequestHeaders {

    /** The header the runtime always sets itself (P-9). */
    public static final String REFERER = "Referer";
    /** The other header the runtime always sets itself (R-3u). */
    public static final String USER_AGENT = "User-Agent";
    /** The content type used when the caller names none. */
    public static final String DEFAULT_CONTENT_TYPE = "application/json";

    private static final Logger LOG = LoggerFactory.getLogger(RequestHeaders.class);

    private RequestHeaders() {
    }

    /**
     * The headers to send, in the caller's order: the caller's, checked (names must be HTTP
     * tokens; values must hold no control characters other than tab, and no character above
     * U+00FF, which HTTP/1.1 cannot carry); any caller Referer (in any letter case) dropped and the
     * fixed one set (P-9); any caller User-Agent dropped and the runtime's set (R-3u: the platform
     * does not let a mini program set it either; configure {@code userAgent} instead); any caller
     * {@code Content-Length} or {@code Transfer-Encoding} dropped, as the body sent decides them; and
     * {@code content-type: application/json} added when
     * {@code defaultContentType} and no content-type is present in any letter case.
     *
     * @throws MpNetException (R-3, parameter error) naming the bad header, before any I/O
     */
    public static Map<String, String> prepare(ApiKind api, Map<String, String> header, FixedHeaders fixed,
            boolean defaultContentType) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean hasContentType = false;
        for (Map.Entry<String, String> e : header.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            check(api, name, value);
            if (name.equalsIgnoreCase(REFERER)) {
                // the platform ignores a caller's Referer; dropped quietly, as there, and logged for the curious
                LOG.debug("{}: caller's Referer header dropped; the runtime sets it (P-9)", api.apiName());
                continue;
            }
            if (name.equalsIgnoreCase(USER_AGENT)) {
                // R-3u: the platform's client sends its own; the runtime's is configured, never per call
                LOG.debug("{}: caller's User-Agent header dropped; the runtime sets it (R-3u)", api.apiName());
                continue;
            }
            if (isFraming(name)) {
                // the body decides its length: a caller's Content-Length on a GET without a body would
                // leave the server waiting for bytes that never come, and a wrong one desynchronises the
                // connection for the next call
                LOG.debug("{}: caller's {} header dropped; the body decides the length (R-3)", api.apiName(), name);
                continue;
            }
            hasContentType |= name.equalsIgnoreCase("content-type");
            out.put(name, value);
        }
        out.put(REFERER, fixed.referer());
        out.put(USER_AGENT, fixed.userAgent());
        if (defaultContentType && !hasContentType) {
            out.put("content-type", DEFAULT_CONTENT_TYPE);
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * One caller header as {@link #prepare} judges it: the name an HTTP token, the value free of
     * control characters other than tab and of characters above U+00FF. The value of a Referer or
     * User-Agent is not judged, as those headers are dropped (P-9, R-3u). Options builders call it
     * when a header is set, so a bad one fails there, with the message the call would give.
     *
     * @throws MpNetException (R-3, parameter error) naming the bad header
     */
    public static void check(ApiKind api, @org.jspecify.annotations.Nullable String name,
            @org.jspecify.annotations.Nullable String value) {
        checkName(api, name);
        if (!name.equalsIgnoreCase(REFERER) && !name.equalsIgnoreCase(USER_AGENT)) {
            checkValue(api, name, value);
        }
    }

    /**
     * An unmodifiable copy of a caller's headers for an options record: their order kept, and a
     * {@code null} name or value kept too, for {@link #prepare} to refuse naming it when the
     * call runs, rather than a message-less {@code NullPointerException} when the options are built.
     *
     * @throws NullPointerException naming {@code header} when the map itself is null
     */
    public static Map<String, String> copy(Map<String, String> header) {
        Objects.requireNonNull(header, "header");
        return Collections.unmodifiableMap(new LinkedHashMap<>(header));
    }

    /** The caller's content type in any letter case, or {@code null}. */
    public static @org.jspecify.annotations.Nullable String contentType(Map<String, String> header) {
        for (Map.Entry<String, String> e : header.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase("content-type")) {
                return e.getValue();
            }
        }
        return null;
    }

    private static void checkName(ApiKind api, @org.jspecify.annotations.Nullable String name) {
        if (name == null) {
            throw bad(api, "a header name is null", "give every header a name, or leave the header out");
        }
        if (name.isEmpty()) {
            throw bad(api, "a header name is empty", "give every header a name");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                throw bad(api, "header name '" + printable(name) + "' holds " + describe(name.charAt(i)),
                        "a header name is an HTTP token: letters, digits and !#$%&'*+-.^_`|~");
            }
        }
    }

    private static void checkValue(ApiKind api, String name, @org.jspecify.annotations.Nullable String value) {
        if (value == null) {
            throw bad(api, "header '" + name + "' has no value (null)", "give it a string value or leave it out");
        }
        String problem = valueProblem(value);
        if (problem != null) {
            throw bad(api, "the value of header '" + name + "' " + problem);
        }
    }

    /**
     * What makes {@code value} unfit for a header value, with the fix, or {@code null} when it is
     * fit: a control character other than tab (CR, LF: header injection) or a character above
     * U+00FF. Shared with the configuration's {@code userAgent} (R-3u).
     */
    static @org.jspecify.annotations.Nullable String valueProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || c == 0x7f;
            if (control || c > 0xff) {
                return "holds " + describe(c) + " at index " + i + "; "
                        + (control ? "remove CR, LF and other control characters (header injection)"
                                : "encode non-Latin-1 text, for example with encodeURIComponent");
            }
        }
        return null;
    }

    /** {@code Content-Length} or {@code Transfer-Encoding} in any letter case: how the body is framed. */
    private static boolean isFraming(String name) {
        return name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding");
    }

    /** An HTTP token character (RFC 9110): header names and WebSocket sub-protocols (S-1) are made of them. */
    static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static String describe(char c) {
        return String.format("U+%04X%s", (int) c, c >= 0x20 && c != 0x7f ? " '" + c + "'" : "");
    }

    /** {@code s} with control characters written as {@code \\uXXXX}, safe in a one-line message. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }

    private static MpNetException bad(ApiKind api, String what, String fix) {
        return bad(api, what + "; " + fix);
    }

    private static MpNetException bad(ApiKind api, String whatAndFix) {
        return new MpNetException(api, FailReason.INVALID_PARAMETER, "R-3", whatAndFix);
    }
}
