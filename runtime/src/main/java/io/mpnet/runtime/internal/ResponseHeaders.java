package io.mpnet.runtime.internal;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable header map in the order received. The result records copy the maps they are given,
 * as records should; this type lets them skip the copy when the map is already immutable (as
 * {@code Map.copyOf} does, which would lose the order), so one response builds one map, not three.
 */
public final class ResponseHeaders extends AbstractMap<String, String> {

    private final Map<String, String> map;

    private ResponseHeaders(Map<String, String> owned) {
        this.map = Collections.unmodifiableMap(owned);
    }

    /** An immutable copy of {@code headers}, or {@code headers} itself when it is one already. */
    public static Map<String, String> copyOf(Map<String, String> headers) {
        return headers instanceof ResponseHeaders ? headers : new ResponseHeaders(new LinkedHashMap<>(headers));
    }

    /** {@code fresh} made immutable without a copy; the caller hands it over and keeps no reference. */
    static Map<String, String> of(LinkedHashMap<String, String> fresh) {
        return new ResponseHeaders(fresh);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return map.entrySet();
    }

    @Override
    public @Nullable String get(Object key) {
        return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public int size() {
        return map.size();
    }
}
