package io.mpnet.lan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/**
 * P-10, the bar the LAN TCP and UDP rules rest on: an address in a subnet of the device
 * ({@code 192.168.50.10/24}), and not the device itself, is a LAN peer and needs no configured
 * domain; one address past the subnet's edge is not. Every address is mapped to the loopback echo
 * servers, so a refusal that let a packet through would be counted.
 */
class LanPeerTest extends LanTest {

    /** Addresses inside the device's subnet, at its edges, and just past them. */
    static Stream<Arguments> edges() {
        return Stream.of(
                Arguments.of("192.168.50.1", true),
                Arguments.of("192.168.50.20", true),
                Arguments.of("192.168.50.254", true),
                Arguments.of("192.168.49.254", false),
                Arguments.of("192.168.51.1", false),
                Arguments.of("10.168.50.20", false));
    }

    @ParameterizedTest(name = "{0}: LAN peer {1}")
    @MethodSource("edges")
    @DisplayName("P-10 tcp: a peer in the device's subnet is reached without a configured domain; the subnet's edge decides")
    void tcpPeer(String address, boolean lanPeer) {
        DisposableServer echo = tcpEcho();
        TcpSocket tcp = lan(mapped(address)).createTcpSocket();
        if (lanPeer) {
            // the echo proves the server has the connection: its accept counter is then settled
            StepVerifier.create(tcp.messages().take(1))
                    .then(() -> tcp.connect(address, echo.port(), Duration.ofSeconds(5)).then(tcp.write("ping")).block(WAIT))
                    .assertNext(b -> assertThat(text(b)).isEqualTo("ping"))
                    .verifyComplete();
            assertThat(tcpAccepted).as("connections the echo server accepted").hasValue(1);
        } else {
            assertThatThrownBy(() -> tcp.connect(address, echo.port(), Duration.ofSeconds(5)).block(WAIT))
                    .isInstanceOfSatisfying(MpNetException.class, e -> assertThat(e.rule()).isEqualTo("P-12"));
            assertThat(tcpAccepted).as("connections the echo server accepted").hasValue(0);
        }
        tcp.close();
    }

    @ParameterizedTest(name = "{0}: LAN peer {1}")
    @MethodSource("edges")
    @DisplayName("P-10 udp: a peer in the device's subnet is sent to without a configured domain; the subnet's edge decides")
    void udpPeer(String address, boolean lanPeer) {
        Connection echo = udpEcho();
        UdpSocket udp = lan(mapped(address)).bindUdp().block(WAIT);
        if (lanPeer) {
            UdpMessage answer = udp.messages().next()
                    .doOnSubscribe(s -> udp.send(address, port(echo), "hello").subscribe())
                    .block(WAIT);
            assertThat(answer.text()).isEqualTo("hello");
            assertThat(udpReceived).as("datagrams the echo server received").hasValue(1);
        } else {
            assertThatThrownBy(() -> udp.send(address, port(echo), "hello").block(WAIT))
                    .isInstanceOfSatisfying(MpNetException.class, e -> assertThat(e.rule()).isEqualTo("P-12u"));
            assertThat(udpReceived).as("datagrams the echo server received").hasValue(0);
        }
        udp.close();
    }

    private static NetworkConfig mapped(String address) {
        return lanConfig().host(address, "127.0.0.1").build();
    }
}
