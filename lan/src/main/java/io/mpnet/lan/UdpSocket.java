package io.mpnet.lan;

import io.mpnet.runtime.NetworkEvent;
import io.mpnet.runtime.spi.TrafficEvents;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.spi.TransportFailures;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * A bound UDP socket (N-2), from {@link LocalNetwork#bindUdp()}: send datagrams to LAN peers, receive
 * them as {@link #messages()}. Every destination is judged by the policy (P-12u: a LAN peer, or on
 * profiles that allow it a configured udp host) before anything is sent. Thread-safe; close it.
 * The platform's callback-style {@code UDPSocket} is {@code io.mpnet.lan.compat.UDPSocket}.
 *
 * <pre>{@code
 * UdpSocket udp = lan.bindUdp().block();
 * udp.messages().subscribe(m -> System.out.println(m.remoteInfo().address() + ": " + m.text()));
 * udp.send("192.168.1.20", 9000, "hello").block();
 * }</pre>
 */
public final class UdpSocket implements AutoCloseable {

    /** The largest payload of one IPv4 UDP datagram: 65535 less the IP and UDP headers. */
    public static final int MAX_DATAGRAM = 65507;

    private final Connection connection;
    private final Destinations destinations;
    private final TrafficEvents traffic; // reports on the runtime's events() while someone listens
    private final EventSink<UdpMessage> messages = new EventSink<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    // a peer dialled elsewhere by the hosts map answers from there: report it by the address it was sent to
    private final Map<InetSocketAddress, String> writtenAs = new ConcurrentHashMap<>();

    UdpSocket(Connection connection, Destinations destinations, TrafficEvents traffic) {
        this.connection = connection;
        this.traffic = traffic;
        this.destinations = destinations;
        connection.inbound().receiveObject()
                .ofType(DatagramPacket.class)
                // copied here: Reactor Netty releases the packet's buffer once this returns
                .map(p -> message(ByteBufUtil.getBytes(p.content()), p.sender()))
                .subscribe(messages::next, this::failed, () -> { });
        InetSocketAddress local = (InetSocketAddress) connection.channel().localAddress();
        traffic.opened("udp", local.getHostString() + ":" + local.getPort());
        connection.onDispose(() -> {
            traffic.closed("udp");
            messages.complete();
        });
    }

    /** The local port the socket is bound to. */
    public int port() {
        return ((InetSocketAddress) connection.channel().localAddress()).getPort();
    }

    /** Sends {@code text} as UTF-8 to {@code address:port}; see {@link #send(String, int, byte[], int, int)}. */
    public Mono<Void> send(String address, int port, String text) {
        Objects.requireNonNull(text, "text");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return send(address, port, bytes, 0, bytes.length);
    }

    /** Sends all of {@code message} to {@code address:port}; see {@link #send(String, int, byte[], int, int)}. */
    public Mono<Void> send(String address, int port, byte[] message) {
        Objects.requireNonNull(message, "message");
        return send(address, port, message, 0, message.length);
    }

    /**
     * Sends {@code length} bytes of {@code message} from {@code offset} as one datagram to
     * {@code address:port}. Cold. Fails, sending nothing, when the socket is closed, the offset,
     * length or port is out of range, the datagram is larger than {@link #MAX_DATAGRAM}, or the
     * destination is refused by the policy (P-11, P-12u).
     */
    public Mono<Void> send(String address, int port, byte[] message, int offset, int length) {
        Objects.requireNonNull(message, "message");
        return Mono.defer(() -> {
            if (closed.get()) {
                return Mono.error(Arguments.closed(ApiKind.UDP, "send"));
            }
            if (offset < 0 || offset > message.length) {
                return Mono.error(Arguments.invalid(ApiKind.UDP, "offset", offset, "is outside the message of "
                        + message.length + " bytes", "give an offset from 0 to the message's length"));
            }
            if (length < 0 || length > message.length - offset) {
                return Mono.error(Arguments.invalid(ApiKind.UDP, "length", length, "is outside the message of "
                        + message.length + " bytes from offset " + offset,
                        "give a length from 0 to the bytes left after the offset"));
            }
            if (length > MAX_DATAGRAM) {
                return Mono.error(Arguments.invalid(ApiKind.UDP, "length", length, "is larger than one UDP datagram"
                        + " can carry (" + MAX_DATAGRAM + " bytes)", "split the message, or use a TCP socket"));
            }
            return destinations.vet(ApiKind.UDP, address, port).flatMap(vetted -> {
                InetSocketAddress to = vetted.address();
                if (vetted.mapped()) {
                    writtenAs.put(to, address);
                }
                DatagramPacket packet = new DatagramPacket(Unpooled.wrappedBuffer(message, offset, length), to);
                // told as it is handed to the transport: an answer may be read before the write completes
                traffic.traffic("udp", NetworkEvent.Direction.SENT, address + ":" + port, length);
                return connection.outbound().sendObject(packet).then();
            }).onErrorMap(e -> TransportFailures.map(ApiKind.UDP, address, e));
        });
    }

    /**
     * The datagrams received, hot: those arriving before the first subscriber are kept for it.
     * Completes when the socket closes; fails with an {@link MpNetException} when the socket fails.
     */
    public Flux<UdpMessage> messages() {
        return messages.flux();
    }

    /** Whether {@link #close()} was called or the socket failed. */
    public boolean isClosed() {
        return closed.get() || connection.isDisposed();
    }

    /**
     * Closes the socket: later sends fail at once; {@link #messages()} completes once the port is
     * released. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            connection.dispose();
        }
    }

    private UdpMessage message(byte[] bytes, InetSocketAddress sender) {
        String written = writtenAs.get(sender);
        InetAddress a = sender.getAddress();
        traffic.traffic("udp", NetworkEvent.Direction.RECEIVED,
                (written != null ? written : a.getHostAddress()) + ":" + sender.getPort(), bytes.length);
        return new UdpMessage(bytes, new RemoteInfo(written != null ? written : a.getHostAddress(),
                a instanceof Inet6Address ? "IPv6" : "IPv4", sender.getPort(), bytes.length));
    }

    private void failed(Throwable error) {
        closed.set(true);
        messages.error(error instanceof MpNetException m ? m : new MpNetException(ApiKind.UDP, FailReason.NETWORK,
                "N-2", "the UDP socket on port " + port() + " failed: " + error, error));
        connection.dispose();
    }
}
