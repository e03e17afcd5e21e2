package io.mpnet.runtime.internal.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The Reactor Netty clients of the transports, built once per {@link io.mpnet.runtime.MpNetResources}
 * (which owns one of these) and shared by every runtime on them that trusts the JDK's anchors: a
 * client's configuration is about a kilobyte and its TLS context more, which thousands of simulated
 * mini programs would otherwise each hold. Runtimes with a trust store of their own build their own
 * clients.
 */
public final class ClientCache {

    private final Map<Object, Object> byKey = new ConcurrentHashMap<>();

    /** An empty cache, for one {@code MpNetResources}. */
    public ClientCache() {
    }

    /** The value of {@code key}, made by {@code make} the first time it is asked for. */
    public <T> T get(Object key, Supplier<T> make) {
        @SuppressWarnings("unchecked")
        T value = (T) byKey.computeIfAbsent(key, k -> make.get());
        return value;
    }

    /** Drops what was built, when the resources close. */
    public void clear() {
        byKey.clear();
    }
}
