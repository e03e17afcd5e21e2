package io.mpnet.lan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.NetworkEvent;
import io.mpnet.runtime.NetworkEvent.Direction;
import io.mpnet.runtime.NetworkEvent.LanTraffic;
import io.mpnet.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;

/** The LAN's traffic on its runtime's {@code events()}: each datagram and each TCP read and write, both ways. */
class LanEventsTest extends LanTest {

    final List<NetworkEvent> heard = new CopyOnWriteArrayList<>();

    LocalNetwork listened() {
        MiniProgramNetwork net = runtime(lanConfig().build());
        Disposable d = net.addEventListener(heard::add);
        toClose.add(d::dispose);
        LocalNetwork lan = LocalNetwork.builder(net).bindAddress(LOOPBACK).build();
        toClose.add(lan);
        return lan;
    }

    List<LanTraffic> traffic(String protocol, int count) {
        return Await.until(WAIT, count + " " + protocol + " traffic events", () -> heard.stream()
                .filter(e -> e instanceof LanTraffic t && t.protocol().equals(protocol)).map(e -> (LanTraffic) e)
                .toList(), l -> l.size() >= count);
    }

    @Test
    @DisplayName("N-2 a UDP socket is reported bound, each datagram with the peer as written and its size, then closed")
    void udp() {
        Connection echo = udpEcho();
        UdpSocket udp = listened().bindUdp().block(WAIT);
        udp.messages().subscribe();
        udp.send(PEER, port(echo), "hello").block(WAIT);
        List<LanTraffic> t = traffic("udp", 2);
        assertThat(t).extracting(LanTraffic::direction).containsExactly(Direction.SENT, Direction.RECEIVED);
        assertThat(t).allSatisfy(e -> {
            assertThat(e.peer()).isEqualTo(PEER + ":" + port(echo));
            assertThat(e.size()).isEqualTo(5);
            assertThat(e.callId()).isEqualTo(t.get(0).callId()).isPositive();
        });
        udp.close();
        assertLifecycle(t.get(0).callId(), "udp", ":" + udp.port());
    }

    /** The socket {@code id} was reported open (at an address ending with {@code address}) first, then closed last. */
    void assertLifecycle(long id, String protocol, String address) {
        Await.until(WAIT, "the " + protocol + " socket's close", () -> heard.stream()
                .anyMatch(e -> e instanceof NetworkEvent.LanSocketClosed c && c.callId() == id));
        List<NetworkEvent> mine = heard.stream().filter(e -> e.callId() == id).toList();
        assertThat(mine.get(0)).isInstanceOfSatisfying(NetworkEvent.LanSocketOpened.class, o -> {
            assertThat(o.protocol()).isEqualTo(protocol);
            assertThat(o.address()).endsWith(address);
        });
        assertThat(mine.get(mine.size() - 1)).isInstanceOf(NetworkEvent.LanSocketClosed.class);
        assertThat(mine).filteredOn(NetworkEvent.LanSocketClosed.class::isInstance).hasSize(1);
    }

    @Test
    @DisplayName("N-3 a TCP socket is reported connected, the data written and read with their sizes, then closed")
    void tcp() {
        DisposableServer echo = tcpEcho();
        TcpSocket tcp = listened().connectTcp(PEER, echo.port(), Duration.ofSeconds(5)).block(WAIT);
        tcp.events().subscribe();
        tcp.write("ping!!").block(WAIT);
        List<LanTraffic> t = traffic("tcp", 2);
        assertThat(t).extracting(LanTraffic::direction).containsExactly(Direction.SENT, Direction.RECEIVED);
        assertThat(t).allSatisfy(e -> {
            assertThat(e.size()).isEqualTo(6);
            assertThat(e.peer()).isEqualTo(PEER + ":" + echo.port());
        });
        tcp.close();
        assertLifecycle(t.get(0).callId(), "tcp", PEER + ":" + echo.port());
    }
}
