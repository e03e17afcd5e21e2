package io.mpnet.runtime.internal.http;

import io.mpnet.runtime.MpNetResources;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The Reactor Netty clients of the transports, built once per {@link MpNetResources} and shared by
 * every runtime on them that trusts the JDK's anchors: a client's configuration is about a kilobyte
 * and its TLS context more, which thousands of simulated mini programs would otherwise each hold.
 * Runtimes with a trust store of their own build their own clients.
 */
public final class SharedClients {

    private static final Map<MpNetResources, Map<Object, Object>> BY_RESOURCES = new ConcurrentHashMap<>();

    private SharedClients() {
    }

    /** The value of {@code key} for {@code resources}, made by {@code make} the first time it is asked for. */
    public static <T> T get(MpNetResources resources, Object key, Supplier<T> make) {
        @SuppressWarnings("unchecked")
        T value = (T) BY_RESOURCES.computeIfAbsent(resources, r -> new ConcurrentHashMap<>())
                .computeIfAbsent(key, k -> make.get());
        return value;
    }

    /** Drops what was built for {@code resources}, when they close. */
    public static void forget(MpNetResources resources) {
        BY_RESOURCES.remove(resources);
    }
}
