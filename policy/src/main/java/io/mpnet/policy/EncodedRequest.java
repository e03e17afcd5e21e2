package io.mpnet.policy;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request's {@code data} encoded for the wire: the final URL (with a query string for
 * GET) and the body bytes.
 *
 * <p>How each kind of {@code data} travels:
 * <ul>
 * <li>{@code null}: nothing; the URL as given, an empty body.</li>
 * <li>{@code byte[]} (the platform's ArrayBuffer): the body, raw, whatever the method.</li>
 * <li>{@code String}: the body as it is (UTF-8), whatever the method; never appended to the URL
 *     (the platform turns only objects into a query string).</li>
 * <li>an object ({@code Map}, record, bean, {@code List}) with GET: appended to the URL as
 *     {@code encodeURIComponent(k)=encodeURIComponent(v)} joined by {@code &}, after {@code ?} (or
 *     {@code &} when the URL already has a query), before any {@code #fragment}; the body is empty.</li>
 * <li>an object with any other method (POST, PUT, DELETE, HEAD, OPTIONS...): the query-string form
 *     in the body when the content type is {@code application/x-www-form-urlencoded}; JSON (UTF-8)
 *     for any other content type, {@code application/json} being the default.</li>
 * <li>a number or boolean: its JavaScript text ({@code String(v)}), as a string.</li>
 * </ul>
 * Query values: strings as they are, numbers and booleans as JavaScript prints them, {@code null}
 * as {@code null}, nested objects and arrays as their JSON text (the platform's base library
 * JSON-stringifies nested values before encoding them). A {@code List} at the top level is keyed
 * by index, as {@code Object.keys} of a JavaScript array is.
 *
 * @param url the URL to call, with object {@code data} appended as a query for GET
 * @param body the body bytes; empty when there is none
 */
public record EncodedRequest(String url, byte[] body) {

    /**
     * How deep {@code data} may nest (E-3): 128 objects or arrays inside one another. Twice what
     * .NET's JSON readers take by default (64) and above Ruby's (100), so no server that reads its
     * JSON with stock settings is refused anything it would take from a shallower client, while
     * encoding stays far from a thread's stack limit. A value that refers to itself is deeper than
     * any limit, so a cycle is refused by the same rule instead of overflowing the stack.
     */
    public static final int MAX_DEPTH = 128;

    // Jackson's own nesting check: it counts the depth of every value it writes, of any type
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build()).build();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public EncodedRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
    }

    /**
     * Encodes {@code data} as the platform does: objects become a query string for GET, JSON or
     * a form by {@code contentType} for every other method; strings go as they are; bytes go raw.
     *
     * @param data {@code null}, a {@code String}, a {@code byte[]}, a {@code Map} or any value Jackson serialises
     * @throws MpNetException (R-2, parameter error) when data cannot be encoded; (E-3) when it nests
     *     deeper than {@link #MAX_DEPTH} or refers to itself
     */
    public static EncodedRequest encode(ApiKind api, RequestMethod method, String url,
            @Nullable String contentType, @Nullable Object data) {
        if (data == null) {
            return new EncodedRequest(url, new byte[0]);
        }
        if (data instanceof byte[] bytes) {
            return new EncodedRequest(url, bytes);
        }
        if (data instanceof CharSequence || data instanceof Number || data instanceof Boolean) {
            return new EncodedRequest(url, scalarText(data).getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!method.sendsDataInBody()) {
                return new EncodedRequest(appendQuery(url, queryString(data)), new byte[0]);
            }
            if (FORM.equals(mediaType(contentType))) {
                return new EncodedRequest(url, queryString(data).getBytes(StandardCharsets.US_ASCII));
            }
            return new EncodedRequest(url, MAPPER.writeValueAsBytes(data));
        } catch (StreamConstraintsException e) {
            throw new MpNetException(api, FailReason.INVALID_DATA, "E-3", "data of type "
                    + data.getClass().getName() + " nests deeper than " + MAX_DEPTH + " levels (EncodedRequest.MAX_DEPTH),"
                    + " or refers to itself; pass a tree of plain values without cycles", e);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new MpNetException(api, FailReason.INVALID_DATA, "R-2", "data of type "
                    + data.getClass().getName() + " cannot be encoded (" + e.getMessage() + "); pass a Map,"
                    + " a record, a String or a byte[]", e);
        }
    }

    /**
     * {@code encodeURIComponent} of JavaScript: {@code A-Z a-z 0-9 - _ . ! ~ * ' ( )} stay, the rest is UTF-8 percent-encoded.
     *
     * @throws IllegalArgumentException for a lone surrogate, which JavaScript refuses with a URIError
     */
    public static String encodeURIComponent(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isUnreserved(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint(c, s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(String.format(
                        "URIError: lone surrogate U+%04X at index %d cannot be encoded", (int) c, i));
            }
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return out == null ? s : out.toString();
    }

    /** The query-string form of an object: {@code encodeURIComponent(k)=encodeURIComponent(v)} joined by {@code &}. */
    public static String queryString(Map<?, ?> data) {
        return queryString((Object) data);
    }

    private static String queryString(Object data) {
        // valueToTree does not check the nesting (Jackson 3.2: a cycle overflows the stack), writing does
        MAPPER.writeValue(OutputStream.nullOutputStream(), data);
        JsonNode tree = MAPPER.valueToTree(data);
        StringBuilder sb = new StringBuilder();
        if (tree.isObject()) {
            for (Map.Entry<String, JsonNode> e : tree.properties()) {
                pair(sb, e.getKey(), e.getValue());
            }
        } else if (tree.isArray()) {
            int i = 0;
            for (JsonNode element : tree) {
                pair(sb, Integer.toString(i++), element);
            }
        } else {
            throw new IllegalArgumentException("not an object");
        }
        return sb.toString();
    }

    private static void pair(StringBuilder sb, String key, JsonNode value) {
        if (sb.length() > 0) {
            sb.append('&');
        }
        sb.append(encodeURIComponent(key)).append('=').append(encodeURIComponent(valueText(value)));
    }

    private static String valueText(JsonNode v) {
        if (v.isString()) {
            return v.stringValue();
        }
        if (v.isNumber()) {
            return jsNumber(v.numberValue());
        }
        if (v.isBoolean()) {
            return String.valueOf(v.booleanValue());
        }
        if (v.isNull() || v.isMissingNode()) {
            return "null";
        }
        return MAPPER.writeValueAsString(v);
    }

    private static String scalarText(Object data) {
        return data instanceof Number n ? jsNumber(n) : data.toString();
    }

    /** A number as JavaScript's {@code String(n)} prints it: {@code 1} not {@code 1.0}, {@code 1e+21}, {@code 1e-7}. */
    static String jsNumber(Number n) {
        if (n instanceof BigInteger || n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return n.toString();
        }
        if (n instanceof BigDecimal bd) {
            return bd.stripTrailingZeros().toPlainString();
        }
        double d = n.doubleValue();
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(n instanceof Float f ? Float.toString(f) : Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return exact.toPlainString();
        }
        // JavaScript's exponent form: one digit, optional fraction, e+/-exponent
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent >= 0 ? "+" : "") + exponent;
    }

    private static String appendQuery(String url, String query) {
        if (query.isEmpty()) {
            return url;
        }
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        String sep = base.indexOf('?') < 0 ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
        return base + sep + query + fragment;
    }

    /** The media type of a Content-Type value, lower case, without parameters. */
    private static @Nullable String mediaType(@Nullable String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.!~*'()".indexOf(c) >= 0;
    }

    // a record with an array component: compare and print by content, not identity

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof EncodedRequest other && url.equals(other.url) && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return 31 * url.hashCode() + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "EncodedRequest[url=" + url + ", body=" + body.length + " bytes]";
    }
}
