package io.mpnet.lan;

import io.mpnet.runtime.NetworkEvent;
import io.mpnet.runtime.spi.TrafficEvents;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.spi.TransportFailures;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;

/**
 * A TCP socket (N-3), connected by {@link LocalNetwork#connectTcp(String, int, Duration)}, or made by
 * {@link LocalNetwork#createTcpSocket()} and connected once: to a LAN peer or a host configured in
 * {@code domains.tcp} (P-12, judged before connecting). Write bytes, and follow its
 * {@link #events()}: {@link TcpEvent.Connected}, {@link TcpEvent.Message}s, at most one
 * {@link TcpEvent.Error}, then {@link TcpEvent.Closed}. Thread-safe; close it. The platform's
 * callback-style {@code TCPSocket} is {@code io.mpnet.lan.compat.TCPSocket}.
 *
 * <pre>{@code
 * TcpSocket tcp = lan.connectTcp("192.168.1.20", 9000, Duration.ofSeconds(2)).block();
 * tcp.messages().subscribe(bytes -> ...);
 * tcp.write("hello").block();
 * }</pre>
 */
public final class TcpSocket implements AutoCloseable {

    /** The connect timeout of the platform's {@code TCPSocket.connect} when none is given. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private enum State { NEW, CONNECTING, OPEN, CLOSED }

    private final MpNetResources resources;
    private final Destinations destinations;
    private final EventSink<TcpEvent> events = new EventSink<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private volatile @Nullable Connection connection;

    private final Runnable onClosed;
    private final TrafficEvents traffic; // reports on the runtime's events() while someone listens
    private volatile @Nullable String peer; // address:port as the caller wrote it, once connected

    TcpSocket(MpNetResources resources, Destinations destinations, TrafficEvents traffic, Runnable onClosed) {
        this.traffic = traffic;
        this.resources = resources;
        this.destinations = destinations;
        this.onClosed = onClosed;
    }

    /** Connects with {@link #DEFAULT_CONNECT_TIMEOUT}; see {@link #connect(String, int, Duration)}. */
    public Mono<Void> connect(String address, int port) {
        return connect(address, port, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * Connects to {@code address:port} within {@code timeout}; completes once connected, after the
     * {@link TcpEvent.Connected} event. Cold; call it once per socket. A refused destination (P-11,
     * P-12) fails before any packet is sent. Every failure is also an {@link TcpEvent.Error} event;
     * bad input (a port outside 1-65535, a second connect) leaves the socket as it was, any other
     * failure is followed by {@link TcpEvent.Closed}: a socket that failed to connect is done.
     * Cancelling the connect closes the socket.
     */
    public Mono<Void> connect(String address, int port, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return Mono.<Void>defer(() -> {
            if (timeout.isNegative() || timeout.isZero()) {
                return Mono.error(Arguments.invalid(ApiKind.TCP, "timeout", timeout, "is not positive",
                        "give a connect timeout above zero"));
            }
            Arguments.destination(ApiKind.TCP, address, port);
            if (!state.compareAndSet(State.NEW, State.CONNECTING)) {
                return Mono.error(state.get() == State.CLOSED ? Arguments.closed(ApiKind.TCP, "connect")
                        : Arguments.invalid(ApiKind.TCP, "connect", address, "was called on a socket that is already"
                                + " connecting or connected", "create one socket per connection"));
            }
            return destinations.vet(ApiKind.TCP, address, port)
                    .flatMap(to -> TcpClient.newConnection()
                            .runOn(resources.loops())
                            .remoteAddress(to::address)
                            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                                    timeout.toMillis()))
                            .connect())
                    .onErrorMap(e -> e instanceof ConnectTimeoutException
                            ? new MpNetException(ApiKind.TCP, FailReason.TIMEOUT, "N-3", "no connection to " + address
                                    + ":" + port + " within " + timeout.toMillis() + " ms; check that the peer listens,"
                                    + " or give a longer timeout", e)
                            : TransportFailures.map(ApiKind.TCP, address, e))
                    .<Connection>handle((c, sink) -> {
                        if (opened(c, address, port)) {
                            sink.next(c);
                        } else {
                            sink.error(Arguments.closed(ApiKind.TCP, "connect")); // close() came first
                        }
                    })
                    .doOnCancel(this::close) // the caller gave up on the connect: the socket is done
                    .doOnError(e -> {
                        if (state.get() != State.CLOSED) {
                            events.next(new TcpEvent.Error((MpNetException) e));
                        }
                        closed();
                    })
                    .then();
        }).doOnError(e -> {
            if (e instanceof MpNetException m && m.reason() == FailReason.INVALID_PARAMETER && !isClosed()) {
                events.next(new TcpEvent.Error(m)); // bad input: reported, and the socket stays as it was
            }
        });
    }

    /** Writes {@code text} as UTF-8; see {@link #write(byte[])}. */
    public Mono<Void> write(String text) {
        return write(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code data}; completes once flushed to the transport. Fails unless the socket is connected. */
    public Mono<Void> write(byte[] data) {
        Objects.requireNonNull(data, "data");
        return Mono.defer(() -> {
            Connection c = connection;
            if (state.get() == State.CLOSED) {
                return Mono.error(Arguments.closed(ApiKind.TCP, "write"));
            }
            if (c == null) {
                return Mono.error(Arguments.invalid(ApiKind.TCP, "write", data.length + " bytes", "came before the"
                        + " socket connected", "write after connect completes (or on the Connected event)"));
            }
            // told as it is handed to the transport: an answer may be read before the write completes
            traffic.traffic("tcp", NetworkEvent.Direction.SENT, String.valueOf(peer), data.length);
            return c.outbound().sendByteArray(Mono.just(data)).then()
                    .onErrorMap(e -> TransportFailures.map(ApiKind.TCP, String.valueOf(c.channel().remoteAddress()), e));
        });
    }

    /** The socket's events, hot: those before the first subscriber are kept for it. Completes after {@link TcpEvent.Closed}. */
    public Flux<TcpEvent> events() {
        return events.flux();
    }

    /** Only the received bytes of {@link #events()}. */
    public Flux<byte[]> messages() {
        return events().ofType(TcpEvent.Message.class).map(TcpEvent.Message::message);
    }

    /** Whether the socket is closed (by either side, a failure, or {@link #close()}). */
    public boolean isClosed() {
        return state.get() == State.CLOSED;
    }

    /** Closes the socket: {@link TcpEvent.Closed} follows, later writes fail. Idempotent. */
    @Override
    public void close() {
        Connection c = connection;
        closed();
        if (c != null) {
            c.dispose();
        }
    }

    /** Makes {@code c} this socket's connection; false (and {@code c} closed) when the socket was closed first. */
    private boolean opened(Connection c, String address, int port) {
        InetSocketAddress remote = (InetSocketAddress) c.channel().remoteAddress();
        RemoteInfo info = new RemoteInfo(address, remote.getAddress() instanceof Inet6Address ? "IPv6" : "IPv4",
                port, 0);
        InetSocketAddress self = (InetSocketAddress) c.channel().localAddress();
        LocalInfo local = new LocalInfo(self.getAddress().getHostAddress(),
                self.getAddress() instanceof Inet6Address ? "IPv6" : "IPv4", self.getPort());
        this.peer = address + ":" + port; // before the connection, which lets writes through
        connection = c; // before the state, so a close() racing with this sees one or the other
        if (!state.compareAndSet(State.CONNECTING, State.OPEN)) {
            c.dispose(); // closed while connecting
            return false;
        }
        events.next(new TcpEvent.Connected(info, local));
        String peer = address + ":" + port;
        traffic.opened("tcp", peer);
        c.inbound().receive().asByteArray().subscribe(
                bytes -> {
                    traffic.traffic("tcp", NetworkEvent.Direction.RECEIVED, peer, bytes.length);
                    events.next(new TcpEvent.Message(bytes, new RemoteInfo(info.address(), info.family(),
                            info.port(), bytes.length), local));
                },
                e -> events.next(new TcpEvent.Error(TransportFailures.map(ApiKind.TCP, address, e))));
        c.onDispose(this::closed);
        return true;
    }

    /** The one way to the closed state: Closed is the last event, emitted once. */
    private void closed() {
        if (state.getAndSet(State.CLOSED) != State.CLOSED) {
            traffic.closed("tcp");
            events.next(new TcpEvent.Closed());
            events.complete();
            onClosed.run();
        }
    }
}
