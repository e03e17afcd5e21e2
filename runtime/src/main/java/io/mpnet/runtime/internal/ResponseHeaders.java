package io.mpnet.runtime.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
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
 * on every call.
 */
public final class ResponseHeaders extends AbstractMap<String, String> {

    /** Past this many distinct names, repeated names are found by hashing, not by scanning. */
    private static final int SCANNED = 16;

    private final String[] namesAndValues; // name, value, name, value...
    private final int size;

    private ResponseHeaders(String[] namesAndValues, int size) {
        this.namesAndValues = namesAndValues;
        this.size = size;
    }

    /** An immutable copy of {@code headers}, or {@code headers} itself when it is one already. */
    public static Map<String, String> copyOf(Map<String, String> headers) {
        if (headers instanceof ResponseHeaders) {
            return headers;
        }
        String[] all = new String[headers.size() * 2];
        int n = 0;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            all[n++] = e.getKey();
            all[n++] = e.getValue();
        }
        return new ResponseHeaders(all, n / 2);
    }

    /** The headers of a response, as received. */
    static Map<String, String> of(HttpHeaders headers) {
        String[] all = new String[headers.size() * 2];
        int n = 0;
        for (Map.Entry<String, String> e : headers) {
            String name = e.getKey();
            int at = n / 2 < SCANNED ? indexOf(all, n, name) : -1;
            if (at >= 0) {
                all[at + 1] = all[at + 1] + ", " + e.getValue();
            } else if (n / 2 >= SCANNED) {
                return hashed(headers); // many names: a hostile response must not cost a quadratic scan
            } else {
                all[n++] = name;
                all[n++] = e.getValue();
            }
        }
        return new ResponseHeaders(n == all.length ? all : Arrays.copyOf(all, n), n / 2);
    }

    /** Every {@code Set-Cookie} value of a response, in order; most responses have none, which costs no list. */
    static List<String> cookies(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.SET_COOKIE) ? List.copyOf(headers.getAll(HttpHeaderNames.SET_COOKIE)) : List.of();
    }

    private static Map<String, String> hashed(HttpHeaders headers) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : headers) {
            out.merge(e.getKey(), e.getValue(), (a, b) -> a + ", " + b);
        }
        return copyOf(out);
    }

    private static int indexOf(String[] namesAndValues, int end, Object name) {
        for (int i = 0; i < end; i += 2) {
            if (Objects.equals(namesAndValues[i], name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public @Nullable String get(Object key) {
        int at = indexOf(namesAndValues, size * 2, key);
        return at < 0 ? null : namesAndValues[at + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(namesAndValues, size * 2, key) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size * 2;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, String> e = new SimpleImmutableEntry<>(namesAndValues[next], namesAndValues[next + 1]);
                        next += 2;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
