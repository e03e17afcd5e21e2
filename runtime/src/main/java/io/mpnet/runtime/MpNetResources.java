package io.mpnet.runtime;

import io.mpnet.runtime.internal.http.ClientCache;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.dns.DefaultDnsCache;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.netty.resources.ConnectionPoolMetrics;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * What many runtimes share (one per simulated mini program): the event loops, the connection pool
 * and the DNS client with its TTL cache. A runtime never closes resources it did not create; the
 * creator closes them after the runtimes that use them.
 */
public final class MpNetResources implements AutoCloseable {

    /** Connections the pool keeps per remote host, when not given. */
    public static final int DEFAULT_MAX_CONNECTIONS = 500;

    /** The longest {@link #close()} waits: the pool's and the loops' 10 s each, as before there was {@link #disposeLater()}. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

    private final LoopResources loops;
    private final ConnectionProvider pool;
    private final DnsNameResolver dns;
    private final HostResolver dnsResolver;
    private final Map<String, ConnectionPoolMetrics> pools = new ConcurrentHashMap<>();
    /** The transports' clients shared by the runtimes on these resources; runtimes reach it when built, not through static state. */
    final ClientCache clients = new ClientCache();

    private MpNetResources(String name, int maxConnections) {
        this.loops = LoopResources.create(name, LoopResources.DEFAULT_IO_WORKER_COUNT, true);
        this.pool = ConnectionProvider.builder(name)
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(30))
                .metrics(true, () -> new ConnectionProvider.MeterRegistrar() {
                    @Override
                    public void registerMetrics(String poolName, String id, SocketAddress remote,
                            ConnectionPoolMetrics metrics) {
                        pools.put(id, metrics);
                    }

                    @Override
                    public void deRegisterMetrics(String poolName, String id, SocketAddress remote) {
                        pools.remove(id);
                    }
                })
                .build();
        this.dns = new DnsNameResolverBuilder(loops.onClient(false).next())
                .datagramChannelType(NioDatagramChannel.class)
                .resolveCache(new DefaultDnsCache())
                .build();
        this.dnsResolver = host -> Mono.<List<InetAddress>>create(sink ->
                dns.resolveAll(host).addListener(f -> {
                    if (f.isSuccess()) {
                        @SuppressWarnings("unchecked")
                        List<InetAddress> all = (List<InetAddress>) f.getNow();
                        sink.success(all);
                    } else {
                        sink.error(f.cause());
                    }
                }));
    }

    /** New resources named {@code mpnet}, with daemon event-loop threads. */
    public static MpNetResources create() {
        return create("mpnet", DEFAULT_MAX_CONNECTIONS);
    }

    /** New resources; {@code name} prefixes thread names and pool metrics. */
    public static MpNetResources create(String name, int maxConnectionsPerHost) {
        return new MpNetResources(name, maxConnectionsPerHost);
    }

    /** The event loops (Reactor Netty {@link LoopResources}). */
    public LoopResources loops() {
        return loops;
    }

    /** The connection pool shared by the runtimes. */
    public ConnectionProvider connectionProvider() {
        return pool;
    }

    /** Connections the pool has lent out now, over every remote host; 0 when no call is on the wire. */
    public int acquiredConnections() {
        return pools.values().stream().mapToInt(ConnectionPoolMetrics::acquiredSize).sum();
    }

    /** Connections the pool holds open and idle now, over every remote host. */
    public int idleConnections() {
        return pools.values().stream().mapToInt(ConnectionPoolMetrics::idleSize).sum();
    }

    /** The non-blocking DNS client (Netty's), caching answers by their TTL (P-14). */
    public HostResolver dns() {
        return dnsResolver;
    }

    /**
     * Closes the DNS client, the pool and the event loops without blocking, as Reactor Netty's
     * {@code disposeLater()} does: cold, nothing happens before subscription; completes once the
     * pool is closed and the event loops have stopped (up to 5 s for their tasks). Subscribe to it from
     * any thread, an event loop or a {@code Schedulers.parallel()} worker included. Idempotent.
     */
    public Mono<Void> disposeLater() {
        return Mono.defer(() -> {
            clients.clear();
            dns.close(); // closes its channel asynchronously; never waits
            return pool.disposeLater()
                    .then(loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)));
        });
    }

    /**
     * Closes the DNS client, the pool and the event loops, waiting at most 20 s for
     * {@link #disposeLater()}; where blocking is not allowed, subscribe to {@link #disposeLater()} instead.
     */
    @Override
    public void close() {
        disposeLater().block(CLOSE_WAIT);
    }
}
