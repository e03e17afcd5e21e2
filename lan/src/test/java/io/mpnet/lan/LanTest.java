package io.mpnet.lan;

import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;
import reactor.netty.udp.UdpServer;

/**
 * Base of the LAN tests: a simulated LAN as the {@code hosts} map describes it. The device is
 * {@code 192.168.50.10/24}; its peer {@code 192.168.50.20} is mapped to 127.0.0.1, where the test's
 * UDP and TCP echo servers listen. Every address a test expects to be refused is mapped to loopback
 * too, so a packet that slipped past the policy would reach an echo server and be counted: the
 * counters prove that nothing was sent. Nothing leaves loopback.
 */
public abstract class LanTest {

    protected static final String PEER = "192.168.50.20";
    protected static final DeviceView DEVICE = DeviceView.of("192.168.50.10/24");
    protected static final Duration WAIT = Duration.ofSeconds(10);
    protected static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Addresses refused by P-11 (the device itself) although hosts maps them to the echo servers. */
    protected static final List<String> DEVICE_ITSELF = List.of("192.168.50.10", "192.168.50.255", "192.168.50.0",
            "127.0.0.1", "127.0.0.2", "localhost", "0.0.0.0", "255.255.255.255", "::1");
    /** Addresses refused as off the LAN (P-12, P-12u) although hosts maps them to the echo servers. */
    protected static final List<String> OFF_LAN = List.of("10.0.0.5", "192.168.51.20", "8.8.8.8", "other.example.com");

    protected static MpNetResources resources;

    protected final List<AutoCloseable> toClose = new ArrayList<>();
    /** Datagrams and connections the echo servers received. */
    protected final AtomicInteger udpReceived = new AtomicInteger();
    protected final AtomicInteger tcpAccepted = new AtomicInteger();

    @BeforeAll
    protected static void startResources() {
        resources = MpNetResources.create("mpnet-lan-test", 10);
    }

    @AfterAll
    protected static void stopResources() {
        resources.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    /** The simulated LAN's config: the peer and every refused address mapped to loopback. */
    protected static NetworkConfig.Builder lanConfig() {
        NetworkConfig.Builder b = NetworkConfig.builder().appId("wx0123456789abcdef").version("0")
                .host(PEER, "127.0.0.1");
        DEVICE_ITSELF.forEach(a -> b.host(a, "127.0.0.1"));
        OFF_LAN.forEach(a -> b.host(a, "127.0.0.1"));
        return b;
    }

    protected MiniProgramNetwork runtime(NetworkConfig config) {
        MiniProgramNetwork net = MiniProgramNetwork.builder(config).resources(resources).device(DEVICE).build();
        toClose.add(net);
        return net;
    }

    protected LocalNetwork lan(NetworkConfig config) {
        LocalNetwork lan = LocalNetwork.builder(runtime(config)).bindAddress(LOOPBACK).build();
        toClose.add(lan);
        return lan;
    }

    protected LocalNetwork lan() {
        return lan(lanConfig().build());
    }

    /** A UDP echo server on 127.0.0.1 that counts what it receives. */
    protected Connection udpEcho() {
        Connection c = UdpServer.create().host("127.0.0.1").port(0)
                .option(io.netty.channel.ChannelOption.RECVBUF_ALLOCATOR,
                        new io.netty.channel.FixedRecvByteBufAllocator(UdpSocket.MAX_DATAGRAM))
                .handle((in, out) -> out.sendObject(in.receiveObject().ofType(DatagramPacket.class).map(p -> {
                    udpReceived.incrementAndGet();
                    return new DatagramPacket(p.content().retain(), p.sender());
                })))
                .bindNow(WAIT);
        toClose.add(c::disposeNow);
        return c;
    }

    protected static int port(Connection c) {
        return ((java.net.InetSocketAddress) c.channel().localAddress()).getPort();
    }

    /** A TCP echo server on 127.0.0.1 that counts the connections it accepts. */
    protected DisposableServer tcpEcho() {
        DisposableServer s = TcpServer.create().host("127.0.0.1").port(0)
                .doOnConnection(c -> tcpAccepted.incrementAndGet())
                .handle((in, out) -> out.sendByteArray(in.receive().asByteArray()))
                .bindNow(WAIT);
        toClose.add(s::disposeNow);
        return s;
    }

    /** A TCP server that says {@code hello} and closes. */
    protected DisposableServer tcpHelloAndClose() {
        DisposableServer s = TcpServer.create().host("127.0.0.1").port(0)
                .handle((in, out) -> out.sendString(Mono.just("hello")).then())
                .bindNow(WAIT);
        toClose.add(s::disposeNow);
        return s;
    }

    protected static String text(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
