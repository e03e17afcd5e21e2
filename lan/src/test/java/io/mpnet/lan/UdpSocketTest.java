package io.mpnet.lan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.Profile;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.netty.Connection;
import reactor.test.StepVerifier;

/** N-2 UDP sockets in the simulated LAN, under P-11 and P-12u. */
class UdpSocketTest extends LanTest {

    @Test
    @DisplayName("P-12u N-2 a LAN peer is reached at its hosts mapping, and its answer names the peer as written")
    void lanPeerEcho() {
        Connection echo = udpEcho();
        UdpSocket udp = lan().bindUdp().block(WAIT);

        StepVerifier.create(udp.messages().take(1))
                .then(() -> udp.send(PEER, port(echo), "hello").block(WAIT))
                .assertNext(m -> {
                    assertThat(m.text()).isEqualTo("hello");
                    assertThat(m.remoteInfo()).isEqualTo(new RemoteInfo(PEER, "IPv4", port(echo), 5));
                })
                .verifyComplete();
        assertThat(udp.port()).isPositive();
    }

    @Test
    @DisplayName("N-2 send takes an offset and a length of bytes")
    void offsetAndLength() {
        Connection echo = udpEcho();
        UdpSocket udp = lan().bindUdp().block(WAIT);

        StepVerifier.create(udp.messages().take(1))
                .then(() -> udp.send(PEER, port(echo), "xxhelloyy".getBytes(), 2, 5).block(WAIT))
                .assertNext(m -> assertThat(m.text()).isEqualTo("hello"))
                .verifyComplete();
    }

    static Stream<String> deviceItself() {
        return DEVICE_ITSELF.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deviceItself")
    @DisplayName("P-11 the device itself is refused, though hosts maps it to the echo server: nothing is sent")
    void deviceItselfRefused(String address) {
        Connection echo = udpEcho();
        UdpSocket udp = lan().bindUdp().block(WAIT);

        StepVerifier.create(udp.send(address, port(echo), "hello"))
                .expectErrorSatisfies(e -> assertRefused(e, "P-11"))
                .verify(WAIT);
        assertOnlyControlArrives(udp, echo);
    }

    static Stream<String> offLan() {
        return OFF_LAN.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("offLan")
    @DisplayName("P-12u an address off the LAN is refused before any packet is sent")
    void offLanRefused(String address) {
        Connection echo = udpEcho();
        UdpSocket udp = lan().bindUdp().block(WAIT);

        StepVerifier.create(udp.send(address, port(echo), "hello"))
                .expectErrorSatisfies(e -> assertRefused(e, "P-12u"))
                .verify(WAIT);
        assertOnlyControlArrives(udp, echo);
    }

    @Test
    @DisplayName("P-12u the appservice profile also sends to a host configured in domains.udp; wechat does not")
    void udpDomainsOnAppservice() {
        Connection echo = udpEcho();
        UdpSocket udp = lan(lanConfig().profile(Profile.APPSERVICE).domains(ApiKind.UDP, "udp.example.com")
                .host("udp.example.com", "127.0.0.1").build()).bindUdp().block(WAIT);

        StepVerifier.create(udp.messages().take(1))
                .then(() -> udp.send("udp.example.com", port(echo), "hi").block(WAIT))
                .assertNext(m -> assertThat(m.remoteInfo().address()).isEqualTo("udp.example.com"))
                .verifyComplete();

        UdpSocket wechat = lan(lanConfig().host("udp.example.com", "127.0.0.1").build()).bindUdp().block(WAIT);
        StepVerifier.create(wechat.send("udp.example.com", port(echo), "no"))
                .expectErrorSatisfies(e -> {
                    assertRefused(e, "P-12u");
                    assertThat(((MpNetException) e).explanation()).contains("sends udp to LAN peers only");
                })
                .verify(WAIT);
        assertThat(udpReceived).hasValue(1);
    }

    static Stream<Arguments> badInput() {
        byte[] ten = new byte[10];
        return Stream.of(
                Arguments.of("port 0", 0, ten, 0, 10, "port: 0"),
                Arguments.of("port 65536", 65536, ten, 0, 10, "port: 65536"),
                Arguments.of("port -1", -1, ten, 0, 10, "port: -1"),
                Arguments.of("negative offset", 9000, ten, -1, 5, "offset: -1"),
                Arguments.of("offset past the end", 9000, ten, 11, 0, "offset: 11"),
                Arguments.of("negative length", 9000, ten, 0, -1, "length: -1"),
                Arguments.of("length past the end", 9000, ten, 4, 7, "length: 7"),
                Arguments.of("more than a datagram", 9000, new byte[UdpSocket.MAX_DATAGRAM + 1], 0,
                        UdpSocket.MAX_DATAGRAM + 1, "length: 65508 is larger than one UDP datagram"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    @DisplayName("N-2 bad input fails that send alone, naming the field, the value, the rule and the fix")
    void badInputFails(String name, int port, byte[] message, int offset, int length, String expected) {
        UdpSocket udp = lan().bindUdp().block(WAIT);

        StepVerifier.create(udp.send(PEER, port, message, offset, length))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(MpNetException.class);
                    MpNetException m = (MpNetException) e;
                    assertThat(m.reason()).isEqualTo(FailReason.INVALID_PARAMETER);
                    assertThat(m.rule()).isEqualTo("N-2");
                    assertThat(m.errMsg()).isEqualTo("udp:fail parameter error");
                    assertThat(m.explanation()).contains(expected).contains("(N-2); ");
                })
                .verify(WAIT);
        assertThat(udp.isClosed()).isFalse();
    }

    @Test
    @DisplayName("N-2 the largest datagram (65507 bytes) is sent whole")
    void largestDatagram() {
        Connection echo = udpEcho();
        UdpSocket udp = lan().bindUdp().block(WAIT);

        StepVerifier.create(udp.messages().take(1))
                .then(() -> udp.send(PEER, port(echo), new byte[UdpSocket.MAX_DATAGRAM]).block(WAIT))
                .assertNext(m -> assertThat(m.remoteInfo().size()).isEqualTo(UdpSocket.MAX_DATAGRAM))
                .verifyComplete();
    }

    @Test
    @DisplayName("N-2 close completes the messages; a send after close fails clearly and sends nothing")
    void sendAfterClose() {
        Connection echo = udpEcho();
        UdpSocket udp = lan().bindUdp().block(WAIT);
        udp.close();
        udp.close(); // idempotent

        StepVerifier.create(udp.messages()).verifyComplete();
        StepVerifier.create(udp.send(PEER, port(echo), "late"))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).explanation())
                        .contains("the socket is closed").contains("N-2").contains("create a new socket"))
                .verify(WAIT);
        assertThat(udp.isClosed()).isTrue();
        assertThat(udpReceived).hasValue(0);
    }

    @Test
    @DisplayName("N-2 bind to a given port; a port outside 1-65535 or taken fails clearly")
    void bindPort() {
        LocalNetwork lan = lan();
        UdpSocket first = lan.bindUdp().block(WAIT);
        int port = first.port();

        assertThatThrownBy(() -> lan.bindUdp(port).block(WAIT)).isInstanceOf(MpNetException.class)
                .hasMessageContaining("cannot bind UDP port " + port).hasMessageContaining("choose another port")
                .satisfies(e -> assertThat(((MpNetException) e).api()).isEqualTo(ApiKind.UDP));
        assertThatThrownBy(() -> lan.bindUdp(0).block(WAIT)).isInstanceOf(MpNetException.class)
                .hasMessageContaining("port: 0 is outside 1-65535");
        assertThatThrownBy(() -> lan.bindUdp(70000).block(WAIT)).isInstanceOf(MpNetException.class)
                .hasMessageContaining("port: 70000");

        first.close();
        StepVerifier.create(first.messages()).expectComplete().verify(WAIT); // the port is free once this completes
        UdpSocket udp = lan.bindUdp(port).block(WAIT);
        assertThat(udp.port()).isEqualTo(port);
    }

    @Test
    @DisplayName("N-2 closing the LocalNetwork closes its sockets")
    void closingTheLanClosesSockets() {
        LocalNetwork lan = lan();
        UdpSocket udp = lan.bindUdp().block(WAIT);
        lan.close();
        assertThat(udp.isClosed()).isTrue();
    }

    static void assertRefused(Throwable e, String rule) {
        assertThat(e).isInstanceOf(MpNetException.class);
        MpNetException m = (MpNetException) e;
        assertThat(m.rule()).isEqualTo(rule);
        assertThat(m.errMsg()).isEqualTo("udp:fail url not in domain list");
        assertThat(m.errno()).hasValue(600002);
    }

    /** A control datagram to the peer comes back, and it is the only one the echo server ever got. */
    void assertOnlyControlArrives(UdpSocket udp, Connection echo) {
        StepVerifier.create(udp.messages().take(1))
                .then(() -> udp.send(PEER, port(echo), "control").block(WAIT))
                .assertNext(m -> assertThat(m.text()).isEqualTo("control"))
                .verifyComplete();
        assertThat(udpReceived).as("datagrams the echo server received").hasValue(1);
    }

}
