package io.mpnet.runtime;

import java.net.InetAddress;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Turns a host name into addresses without blocking. The runtime asks it only for names absent
 * from the configuration's {@code hosts} map, and checks every answer against P-11 before dialling
 * exactly the address it vetted. The default ({@link MpNetResources#dns()}) is Netty's non-blocking
 * DNS client with a TTL cache.
 */
@FunctionalInterface
public interface HostResolver {

    /** The addresses of {@code host} (ASCII, lower case); an empty list or an error when there are none. */
    Mono<List<InetAddress>> resolve(String host);
}
