package io.mpnet.runtime.internal.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable header map in the order received, repeated names joined by {@code ", "}. The result
 * records copy the maps they are given, as records should; this type lets them skip the copy when
 * the map is already one (as {@code Map.copyOf} does, which would lose the order), so one response
 * builds one map, not three.
 *
 * <p>Names and values sit in one array, as in OkHttp's {@code Headers}: a response has a handful of
 * headers, and a linear scan of them is cheaper than building and hashing a {@code LinkedHashMap}
 * on every call. A response's map is made from Netty's headers when first read, not on the event
 * loop for every call: most callers read the body alone, and each header value is a new String.
 * Netty's headers of a received response are not changed after decoding, so reading them later,
 * on another thread, is safe.
 */
public final class ResponseHeaders extends AbstractMap<String, String> {

    /** Past this many distinct names, repeated names are found by hashing, not by scanning. */
    private static final int SCANNED = 16;

    private final @Nullable HttpHeaders source; // read once, when the map is first used
    private volatile @Nullable Table table;

    private ResponseHeaders(@Nullable HttpHeaders source, @Nullable Table table) {
        this.source = source;
        this.table = table;
    }

    /** Names and values, name first, in order; {@code size} pairs. */
    private record Table(String[] namesAndValues, int size) {
        int indexOf(Object name) {
            return ResponseHeaders.indexOf(namesAndValues, size, name);
        }
    }

    private static int indexOf(String[] namesAndValues, int pairs, Object name) {
        for (int i = 0; i < pairs * 2; i += 2) {
            if (Objects.equals(namesAndValues[i], name)) {
                return i;
            }
        }
        return -1;
    }

    /** An immutable copy of {@code headers}, or {@code headers} itself when it is one already. */
    public static Map<String, String> copyOf(Map<String, String> headers) {
        if (headers instanceof ResponseHeaders) {
            return headers;
        }
        String[] all = new String[headers.size() * 2];
        int n = 0;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (n == all.length) { // a map that grew while copied: the copy is still whole
                all = Arrays.copyOf(all, Math.max(4, n * 2));
            }
            all[n++] = e.getKey();
            all[n++] = e.getValue();
        }
        return new ResponseHeaders(null, new Table(all, n / 2));
    }

    /**
     * The value of the first header of {@code headers} named {@code name} in any ASCII letter case,
     * or {@code null}: the one lookup behind {@code ReceivedHeaders.header(String)}. ASCII only, as
     * header names are tokens ({@code equalsIgnoreCase} would also match a dotless {@code ı} to {@code i}).
     */
    public static @Nullable String first(Map<String, String> headers, String name) {
        Objects.requireNonNull(name, "name");
        if (headers instanceof ResponseHeaders r) {
            Table t = r.table();
            String[] nv = t.namesAndValues();
            for (int i = 0; i < t.size() * 2; i += 2) {
                if (AsciiString.contentEqualsIgnoreCase(nv[i], name)) {
                    return nv[i + 1];
                }
            }
            return null;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (AsciiString.contentEqualsIgnoreCase(e.getKey(), name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The headers of a received response, read from {@code headers} when first asked for. */
    public static Map<String, String> of(HttpHeaders headers) {
        return new ResponseHeaders(headers, null);
    }

    /** The declared {@code Content-Length}, {@code -1} when absent or unreadable. */
    public static long contentLength(HttpHeaders h) {
        String v = h.get(HttpHeaderNames.CONTENT_LENGTH);
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Every {@code Set-Cookie} value of a response, in order; most responses have none, which costs no list. */
    public static List<String> cookies(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.SET_COOKIE) ? List.copyOf(headers.getAll(HttpHeaderNames.SET_COOKIE)) : List.of();
    }

    private Table table() {
        Table t = table;
        if (t == null) { // two first readers build the same table; either may stand
            t = read(Objects.requireNonNull(source));
            table = t;
        }
        return t;
    }

    private static Table read(HttpHeaders headers) {
        String[] all = new String[headers.size() * 2];
        int n = 0;
        for (Map.Entry<String, String> e : headers) {
            String name = e.getKey();
            int at = indexOf(all, n / 2, name);
            if (at >= 0) {
                all[at + 1] = all[at + 1] + ", " + e.getValue();
            } else if (n / 2 >= SCANNED) {
                return hashed(headers); // many names: a hostile response must not cost a quadratic scan
            } else {
                all[n++] = name;
                all[n++] = e.getValue();
            }
        }
        return new Table(all, n / 2);
    }

    private static Table hashed(HttpHeaders headers) {
        LinkedHashMap<String, String> merged = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : headers) {
            merged.merge(e.getKey(), e.getValue(), (a, b) -> a + ", " + b);
        }
        return ((ResponseHeaders) copyOf(merged)).table();
    }

    @Override
    public @Nullable String get(Object key) {
        Table t = table();
        int at = t.indexOf(key);
        return at < 0 ? null : t.namesAndValues()[at + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return table().indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return table().size();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        Table t = table();
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < t.size() * 2;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        String[] nv = t.namesAndValues();
                        Entry<String, String> e = new SimpleImmutableEntry<>(nv[next], nv[next + 1]);
                        next += 2;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return t.size();
            }
        };
    }
}
