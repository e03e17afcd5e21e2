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

    private final Map<Key, Object> byKey = new ConcurrentHashMap<>();

    /** An empty cache, for one {@code MpNetResources}. */
    public ClientCache() {
    }

    /**
     * The clients of {@code transport} that check certificates or not ({@code verify}), made by
     * {@code make} the first time they are asked for.
     */
    public <T> T get(Class<?> transport, boolean verify, Supplier<T> make) {
        @SuppressWarnings("unchecked")
        T value = (T) byKey.computeIfAbsent(new Key(transport, verify), k -> make.get());
        return value;
    }

    /** Drops what was built, when the resources close. */
    public void clear() {
        byKey.clear();
    }

    /** What clients are shared by: the transport kind and whether certificates are checked. */
    private record Key(Class<?> transport, boolean verify) {
    }
}
