package io.mpnet.lan;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.Profile;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.jmdns.JmDNS;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.udp.UdpServer;

/**
 * The LAN capabilities of one mini program (the N rules of docs/RULES.md): local service discovery over mDNS (N-1), UDP
 * (N-2) and TCP (N-3) sockets. It shares its runtime's configuration (the policy and the
 * {@code hosts} map), device view, resolver and event loops; every destination is judged by the
 * same policy (P-10, P-11, P-12, P-12u) before anything is sent. Thread-safe; closing it stops its
 * discoveries and closes the sockets it made (the runtime stays open).
 *
 * <pre>{@code
 * try (LocalNetwork lan = LocalNetwork.of(net)) {
 *     lan.discover("_http._tcp.").ofType(LocalServiceEvent.Found.class).subscribe(f -> ...);
 * }
 * }</pre>
 */
public final class LocalNetwork implements AutoCloseable {

    /** How long a service seen by mDNS may take to resolve before it is reported as {@link LocalServiceEvent.ResolveFail}. */
    public static final Duration DEFAULT_RESOLVE_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(LocalNetwork.class);

    private final MpNetResources resources;
    private final DeviceView device;
    private final Destinations destinations;
    private final @Nullable InetAddress bindAddress;
    private final List<InetAddress> mdnsAddresses;
    /** Loopback interfaces the default choice of mDNS addresses skipped, named when it found nothing else. */
    private final List<String> skippedLoopback;
    private final AtomicBoolean warnedNoInterface = new AtomicBoolean();
    private final Duration resolveTimeout;
    private final Map<String, Discovery> discoveries = new ConcurrentHashMap<>();
    private final Set<AutoCloseable> sockets = ConcurrentHashMap.newKeySet();
    private final TcpSocketRate tcpRate;
    private final MiniProgramNetwork net; // whose events() report this LAN's traffic

    private LocalNetwork(Builder b) {
        this.net = b.net;
        this.resources = b.net.resources();
        this.device = b.net.policy().device();
        this.destinations = new Destinations(b.net.policy(), b.net.resolver(), b.net.networkState());
        Profile profile = b.net.config().profile();
        this.tcpRate = new TcpSocketRate(profile.tcpSocketsPerWindow(), profile.tcpSocketWindow(), b.net::nanoTime);
        this.bindAddress = b.bindAddress;
        List<Nic> nics = b.mdnsAddresses != null ? List.of() : b.interfaces != null ? b.interfaces : Nic.system();
        this.mdnsAddresses = b.mdnsAddresses != null ? b.mdnsAddresses : deviceInterfaces(device, nics);
        this.skippedLoopback = nics.stream().filter(n -> n.up() && n.loopback()).map(Nic::name).toList();
        this.resolveTimeout = b.resolveTimeout;
    }

    /** The LAN of {@code net}, with sockets bound on every interface and mDNS on the device view's interfaces. */
    public static LocalNetwork of(MiniProgramNetwork net) {
        return builder(net).build();
    }

    /** A builder for the LAN of {@code net}. */
    public static Builder builder(MiniProgramNetwork net) {
        return new Builder(net);
    }

    /** Binds a UDP socket to a port the system chooses (N-2). */
    public Mono<UdpSocket> bindUdp() {
        return bind(0);
    }

    /**
     * Binds a UDP socket to {@code port} (N-2); fails with an {@code MpNetException} when the port
     * is outside 1-65535 or taken.
     */
    public Mono<UdpSocket> bindUdp(int port) {
        return Mono.defer(() -> {
            Arguments.port(ApiKind.UDP, "port", port);
            return bind(port);
        });
    }

    private Mono<UdpSocket> bind(int port) {
        return UdpServer.create()
                .runOn(resources.loops())
                // Netty reads datagrams into 2 KiB by default and truncates the rest: a datagram may be 64 KiB
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UdpSocket.MAX_DATAGRAM))
                .bindAddress(() -> bindAddress != null ? new InetSocketAddress(bindAddress, port)
                        : new InetSocketAddress(port))
                .bind()
                .onErrorMap(e -> new MpNetException(ApiKind.UDP, FailReason.NETWORK, "N-2", "cannot bind UDP port "
                        + port + " (" + e.getMessage() + "); choose another port, or bindUdp() for one the system"
                        + " picks", e))
                .map(c -> {
                    UdpSocket s = new UdpSocket(c, destinations, net.trafficEvents());
                    track(s);
                    c.onDispose(() -> sockets.remove(s));
                    return s;
                });
    }

    /**
     * A TCP socket connected to {@code address:port} within {@link TcpSocket#DEFAULT_CONNECT_TIMEOUT};
     * see {@link #connectTcp(String, int, Duration)}.
     */
    public Mono<TcpSocket> connectTcp(String address, int port) {
        return connectTcp(address, port, TcpSocket.DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * A TCP socket connected to {@code address:port} within {@code timeout} (N-3), as
     * {@code MiniProgramNetwork.connectSocket} gives a WebSocket: cold, subscribing connects; emits
     * the socket once connected, its {@link TcpEvent.Connected} (and anything received since) kept in
     * {@link TcpSocket#events()} for the first subscriber. A refused destination (P-11, P-12,
     * P-12p) fails before any packet is sent, a 21st socket in 5 minutes (N-4) before any is made;
     * bad input (E-3, a port outside 1-65535, a timeout of zero or less), a timeout or a failed
     * connect are this Mono's {@code MpNetException}, as
     * {@link TcpSocket#connect(String, int, Duration)} reports them, and leave no socket behind.
     * Cancelling before it connects closes the socket.
     */
    public Mono<TcpSocket> connectTcp(String address, int port, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return Mono.defer(() -> {
            TcpSocket socket = createTcpSocket();
            return socket.connect(address, port, timeout)
                    .thenReturn(socket)
                    .doOnError(e -> socket.close()) // bad input leaves a socket open for a retry; nobody holds this one
                    .doOnCancel(socket::close);
        });
    }

    /**
     * A TCP socket, not yet connected (N-3): the platform's shape ({@code wx.createTCPSocket()}, then
     * {@code connect}), which the callback layer needs to hand out a socket before it connects, and to
     * let listeners in first. In Java, {@link #connectTcp(String, int, Duration)} is the simpler form.
     *
     * @throws MpNetException (N-4) when this mini program already created 20 TCP sockets in the last
     *     5 minutes of the runtime's clock
     */
    public TcpSocket createTcpSocket() {
        tcpRate.admit();
        TcpSocket[] made = new TcpSocket[1];
        made[0] = new TcpSocket(resources, destinations, net.trafficEvents(), () -> sockets.remove(made[0]));
        track(made[0]);
        return made[0];
    }

    /**
     * Discovers the services of {@code serviceType} (such as {@code _http._tcp.}) on the LAN by mDNS
     * (N-1): {@link LocalServiceEvent.Found} (name, IPv4 address, port) as each resolves,
     * {@link LocalServiceEvent.Lost}, {@link LocalServiceEvent.ResolveFail}, and
     * {@link LocalServiceEvent.Stop} when {@link #stopDiscovery} ends it. Cold: the search starts on
     * subscription; cancelling stops it and frees its threads and sockets. One discovery per
     * service type at a time: a second fails with a {@link LocalServiceException}, as does a
     * malformed service type.
     */
    public Flux<LocalServiceEvent> discover(String serviceType) {
        return Flux.defer(() -> {
            String key = Discovery.checkType(serviceType);
            if (mdnsAddresses.isEmpty()) {
                warnNoInterface(key);
                throw new LocalServiceException("startLocalServiceDiscovery", "network error", FailReason.NETWORK,
                        "no network interface of this host belongs to the device view " + device + ", so mDNS has"
                                + " nowhere to listen; give one with LocalNetwork.builder(net).mdnsAddresses(...)",
                        null);
            }
            Discovery d = new Discovery(serviceType, key, mdnsAddresses, resolveTimeout, Schedulers.parallel());
            if (discoveries.putIfAbsent(key, d) != null) {
                throw new LocalServiceException("startLocalServiceDiscovery", "scan task already exist",
                        FailReason.LOGIC, "a discovery of " + key + " is already running in this runtime;"
                                + " stop it first (at most one discovery per service type at a time)", null);
            }
            return d.run().doFinally(s -> discoveries.remove(key, d));
        });
    }

    /**
     * Stops the discovery of {@code serviceType}: its Flux emits {@link LocalServiceEvent.Stop} and
     * completes. The Mono completes once its mDNS threads and sockets are closed; it fails with a
     * {@link LocalServiceException} when no such discovery runs.
     */
    public Mono<Void> stopDiscovery(String serviceType) {
        return Mono.defer(() -> {
            Discovery d = discoveries.remove(Discovery.checkType(serviceType));
            if (d == null) {
                return Mono.error(new LocalServiceException("stopLocalServiceDiscovery", "task not found",
                        FailReason.LOGIC, "no discovery of " + serviceType + " is running; start one"
                                + " with discover(serviceType)", null));
            }
            return d.stop();
        });
    }

    /**
     * Stops every discovery, as {@link #stopDiscovery} does each; fails with a
     * {@link LocalServiceException} when none runs.
     */
    public Mono<Void> stopDiscoveries() {
        return Mono.defer(() -> {
            List<Mono<Void>> stops = new ArrayList<>();
            for (String key : List.copyOf(discoveries.keySet())) {
                Discovery d = discoveries.remove(key);
                if (d != null) {
                    stops.add(d.stop());
                }
            }
            return stops.isEmpty() ? Mono.error(new LocalServiceException("stopLocalServiceDiscovery",
                    "task not found", FailReason.LOGIC, "no discovery is running; start one with"
                            + " discover(serviceType)", null))
                    : Mono.when(stops);
        });
    }

    /** The service types being discovered now. */
    public Set<String> discoveries() {
        return Set.copyOf(discoveries.keySet());
    }

    /**
     * The JmDNS responders of the running discovery of {@code serviceType}, none when it does not run.
     * A seam for the tests, which feed discovery generated mDNS packets and then run JmDNS's cache
     * reaper through these rather than wait up to 10 s for its timer.
     */
    List<JmDNS> mdnsResponders(String serviceType) {
        Discovery d = discoveries.get(Discovery.checkType(serviceType));
        return d == null ? List.of() : d.responders();
    }

    /** Stops every discovery and closes every socket made here; the runtime stays open. */
    @Override
    public void close() {
        Mono<Void> stopped = stopDiscoveries().onErrorComplete(LocalServiceException.class);
        for (AutoCloseable s : List.copyOf(sockets)) {
            try {
                s.close();
            } catch (Exception e) {
                // a socket's close does not throw; nothing else to release
            }
        }
        stopped.block(Duration.ofSeconds(10));
    }

    /** UDP and TCP sockets made here and not yet closed; for tests. */
    int openSockets() {
        return sockets.size();
    }

    private void track(AutoCloseable socket) {
        sockets.add(socket);
    }

    /**
     * N-1: one WARN line per LAN, the first time a discovery starts with nowhere to listen, so a
     * simulator or CI run that only logs (a callback-style caller's fail may go unread) still sees why
     * nothing is found and the fix.
     */
    private void warnNoInterface(String serviceType) {
        if (!warnedNoInterface.compareAndSet(false, true)) {
            return;
        }
        String why = skippedLoopback.isEmpty()
                ? "no interface of this host that is up and able to multicast has an IPv4 address of the device view "
                        + device
                : "this host's interfaces of the device view are loopback only (" + String.join(", ", skippedLoopback)
                        + "), which mDNS skips by default";
        LOG.warn("mDNS discovery of {} has no network interface to listen on: {}; a simulator or CI machine with no"
                + " other interface needs LocalNetwork.builder(net).mdnsAddresses(...), such as"
                + " mdnsAddresses(InetAddress.getLoopbackAddress()) (N-1)", serviceType, why);
    }

    /** The host's IPv4 addresses that the device view counts as its own, on interfaces up and able to multicast. */
    static List<InetAddress> deviceInterfaces(DeviceView device) {
        return deviceInterfaces(device, Nic.system());
    }

    /**
     * The IPv4 addresses of {@code nics} that {@code device} counts as its own, on interfaces up and
     * able to multicast; loopback interfaces are skipped (a phone's mDNS never searches its own host).
     */
    static List<InetAddress> deviceInterfaces(DeviceView device, List<Nic> nics) {
        List<InetAddress> out = new ArrayList<>();
        for (Nic n : nics) {
            if (!n.up() || !n.multicast() || n.loopback()) {
                continue;
            }
            for (InetAddress a : n.addresses()) {
                if (a instanceof Inet4Address && device.isDeviceItself(a)) {
                    out.add(a);
                }
            }
        }
        return List.copyOf(out);
    }

    /** Builds a {@link LocalNetwork}; each setter returns this builder. */
    public static final class Builder {
        private final MiniProgramNetwork net;
        private @Nullable InetAddress bindAddress;
        private @Nullable List<InetAddress> mdnsAddresses;
        private @Nullable List<Nic> interfaces;
        private Duration resolveTimeout = DEFAULT_RESOLVE_TIMEOUT;

        private Builder(MiniProgramNetwork net) {
            this.net = Objects.requireNonNull(net, "net");
        }

        /** The local address UDP sockets bind to (a simulator binds 127.0.0.1). Default: every interface. */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * The local addresses mDNS listens and asks on, one mDNS responder each. Default: the host's
         * IPv4 addresses that the runtime's device view counts as its own.
         */
        public Builder mdnsAddresses(InetAddress... addresses) {
            this.mdnsAddresses = List.of(addresses);
            return this;
        }

        /** The host's interfaces the default mDNS addresses are chosen from, instead of the machine's (tests). */
        Builder interfaces(List<Nic> nics) {
            this.interfaces = List.copyOf(nics);
            return this;
        }

        /** How long a seen service may take to resolve before {@link LocalServiceEvent.ResolveFail}. */
        public Builder resolveTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("resolveTimeout: " + timeout + " is not positive; give a duration"
                        + " above zero, such as " + DEFAULT_RESOLVE_TIMEOUT);
            }
            this.resolveTimeout = timeout;
            return this;
        }

        /** The LAN capabilities of the runtime. */
        public LocalNetwork build() {
            return new LocalNetwork(this);
        }
    }
}
