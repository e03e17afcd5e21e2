package io.mpnet.lan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import io.mpnet.runtime.MiniProgramNetwork;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/** N-3 TCP sockets in the simulated LAN, under P-11 and P-12. */
class TcpSocketTest extends LanTest {

    @Test
    @DisplayName("P-12 N-3 a LAN peer is reached at its hosts mapping: connected, echoed, closed, in that order")
    void lanPeerEcho() {
        DisposableServer echo = tcpEcho();
        TcpSocket tcp = lan().createTcpSocket();

        StepVerifier.create(tcp.events())
                .then(() -> tcp.connect(PEER, echo.port(), Duration.ofSeconds(5)).then(tcp.write("ping")).block(WAIT))
                .assertNext(e -> {
                    TcpEvent.Connected c = (TcpEvent.Connected) e;
                    assertThat(c.remoteInfo()).isEqualTo(new RemoteInfo(PEER, "IPv4", echo.port(), 0));
                    assertThat(c.localInfo().address()).isEqualTo("127.0.0.1");
                    assertThat(c.localInfo().port()).isPositive();
                })
                .assertNext(e -> {
                    TcpEvent.Message m = (TcpEvent.Message) e;
                    assertThat(m.text()).isEqualTo("ping");
                    assertThat(m.remoteInfo()).isEqualTo(new RemoteInfo(PEER, "IPv4", echo.port(), 4));
                })
                .then(tcp::close)
                .expectNext(new TcpEvent.Closed())
                .verifyComplete();
        assertThat(tcp.isClosed()).isTrue();
    }

    @Test
    @DisplayName("P-12 a host configured in domains.tcp and mapped by hosts is allowed, on any port")
    void configuredTcpDomain() {
        DisposableServer echo = tcpEcho();
        LocalNetwork lan = lan(lanConfig().domains(ApiKind.TCP, "tcp.example.com")
                .host("tcp.example.com", "127.0.0.1").build());
        TcpSocket tcp = lan.createTcpSocket();

        StepVerifier.create(tcp.messages().take(1))
                .then(() -> tcp.connect("TCP.Example.com.", echo.port()).then(tcp.write("hi")).block(WAIT))
                .assertNext(b -> assertThat(text(b)).isEqualTo("hi"))
                .verifyComplete();
    }

    static Stream<String> deviceItself() {
        return DEVICE_ITSELF.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deviceItself")
    @DisplayName("P-11 the device itself is refused, though hosts maps it to the echo server: no connection is made")
    void deviceItselfRefused(String address) {
        assertRefusedWithoutConnecting(address, "P-11");
    }

    static Stream<String> offLan() {
        return OFF_LAN.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("offLan")
    @DisplayName("P-12 an address off the LAN and not in domains.tcp is refused before connecting")
    void offLanRefused(String address) {
        assertRefusedWithoutConnecting(address, "P-12");
    }

    @ParameterizedTest(name = "port {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {80, 3306, 8080, 27017})
    @DisplayName("P-12p a LAN peer on a port the platform refuses is not connected to, though it listens there")
    void refusedPort(int port) {
        // a server really listening on the refused port would need root for 80; the refusal comes
        // before any connect, so the peer's listening port is the one asked for, and nothing may arrive
        DisposableServer echo = tcpEcho();
        TcpSocket tcp = lan().createTcpSocket();
        StepVerifier.create(tcp.connect(PEER, port))
                .expectErrorSatisfies(e -> {
                    MpNetException m = (MpNetException) e;
                    assertThat(m.rule()).isEqualTo("P-12p");
                    assertThat(m.getMessage()).contains("port " + port);
                })
                .verify(WAIT);
        assertThat(tcpAccepted).hasValue(0);
        assertThat(echo.port()).isPositive();
    }

    @Test
    @DisplayName("N-4 at most 20 TCP sockets in any 5 minutes of the runtime's clock; the 21st fails at creation")
    void creationRate() {
        reactor.test.scheduler.VirtualTimeScheduler clock = reactor.test.scheduler.VirtualTimeScheduler.create();
        MiniProgramNetwork net = MiniProgramNetwork.builder(lanConfig().build()).resources(resources).device(DEVICE)
                .scheduler(clock).build();
        toClose.add(net);
        LocalNetwork lan = LocalNetwork.builder(net).bindAddress(LOOPBACK).build();
        toClose.add(lan);
        for (int i = 0; i < 20; i++) {
            lan.createTcpSocket().close(); // closing frees no creation: the rule counts creations
            clock.advanceTimeBy(Duration.ofSeconds(10));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(lan::createTcpSocket)
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo("N-4");
                    assertThat(e.errMsg()).isEqualTo("tcp:fail exceed max task count");
                    assertThat(e.explanation()).contains("20 TCP sockets").contains("5 minutes");
                });
        // the first was made 200 s ago: 100 s later it leaves the window, and one more may be made
        clock.advanceTimeBy(Duration.ofSeconds(99));
        org.assertj.core.api.Assertions.assertThatThrownBy(lan::createTcpSocket).isInstanceOf(MpNetException.class);
        clock.advanceTimeBy(Duration.ofSeconds(1));
        lan.createTcpSocket().close();
        org.assertj.core.api.Assertions.assertThatThrownBy(lan::createTcpSocket).isInstanceOf(MpNetException.class);
    }

    @Test
    @DisplayName("N-3 a refused connect is an error event, then closed")
    void refusalIsAnEvent() {
        TcpSocket tcp = lan().createTcpSocket();

        StepVerifier.create(tcp.events())
                .then(() -> tcp.connect("10.0.0.5", 80).onErrorComplete().block(WAIT))
                .assertNext(e -> assertThat(((TcpEvent.Error) e).error().rule()).isEqualTo("P-12"))
                .expectNext(new TcpEvent.Closed())
                .verifyComplete();
    }

    @Test
    @DisplayName("N-3 cancelling a connect closes the socket")
    void cancelConnect() {
        // a configured tcp host the resolver never answers for: the connect waits until cancelled
        MiniProgramNetwork net = MiniProgramNetwork.builder(lanConfig().domains(ApiKind.TCP, "slow.example.com").build())
                .resources(resources).device(DEVICE).resolver(host -> Mono.never()).build();
        toClose.add(net);
        LocalNetwork lan = LocalNetwork.of(net);
        toClose.add(lan);
        TcpSocket tcp = lan.createTcpSocket();

        StepVerifier.create(tcp.connect("slow.example.com", 7000))
                .expectSubscription()
                .thenCancel()
                .verify(WAIT);
        assertThat(tcp.isClosed()).isTrue();
        StepVerifier.create(tcp.events()).expectNext(new TcpEvent.Closed()).verifyComplete();
    }

    @Test
    @DisplayName("N-3 a peer that does not listen: network error event, then closed")
    void connectionRefused() {
        DisposableServer gone = tcpEcho();
        int port = gone.port();
        gone.disposeNow();
        TcpSocket tcp = lan().createTcpSocket();

        StepVerifier.create(tcp.connect(PEER, port))
                .expectErrorSatisfies(e -> {
                    assertThat(((MpNetException) e).reason()).isEqualTo(FailReason.NETWORK);
                    assertThat(((MpNetException) e).errMsg()).isEqualTo("tcp:fail network error");
                    assertThat(((MpNetException) e).rule()).isEqualTo("N-3");
                    assertThat(((MpNetException) e).explanation()).contains("cannot connect to " + PEER);
                })
                .verify(WAIT);
        StepVerifier.create(tcp.events())
                .assertNext(e -> assertThat(e).isInstanceOf(TcpEvent.Error.class))
                .expectNext(new TcpEvent.Closed())
                .verifyComplete();
    }

    @Test
    @DisplayName("N-3 the peer closing the connection ends the events with closed")
    void peerCloses() {
        DisposableServer hello = tcpHelloAndClose();
        TcpSocket tcp = lan().createTcpSocket();

        StepVerifier.create(tcp.events())
                .then(() -> tcp.connect(PEER, hello.port()).block(WAIT))
                .expectNextMatches(TcpEvent.Connected.class::isInstance)
                .assertNext(e -> assertThat(((TcpEvent.Message) e).text()).isEqualTo("hello"))
                .expectNext(new TcpEvent.Closed())
                .verifyComplete();
    }

    @Test
    @DisplayName("N-3 bad input: ports outside 1-65535, a zero timeout, a second connect, writes before connect and after close")
    void badInput() {
        DisposableServer echo = tcpEcho();
        LocalNetwork lan = lan();
        TcpSocket tcp = lan.createTcpSocket();

        assertInvalid(tcp.connect(PEER, 0), "port: 0 is outside 1-65535");
        assertInvalid(lan.createTcpSocket().connect(PEER, 65536), "port: 65536 is outside 1-65535");
        assertInvalid(tcp.connect(PEER, echo.port(), Duration.ZERO), "timeout: PT0S is not positive");
        assertInvalid(lan.createTcpSocket().write("early"), "came before the socket connected");

        TcpSocket open = lan.createTcpSocket();
        StepVerifier.create(open.messages().take(1))
                .then(() -> open.connect(PEER, echo.port()).then(open.write("x")).block(WAIT))
                .expectNextCount(1)
                .verifyComplete();
        assertInvalid(open.connect(PEER, echo.port()), "already connecting or connected");
        open.close();
        assertInvalid(open.write("late"), "the socket is closed");
        assertThat(tcpAccepted).hasValue(1);
    }

    private static void assertInvalid(reactor.core.publisher.Mono<Void> call, String expected) {
        StepVerifier.create(call)
                .expectErrorSatisfies(e -> {
                    MpNetException m = (MpNetException) e;
                    assertThat(m.reason()).isEqualTo(FailReason.INVALID_PARAMETER);
                    assertThat(m.errMsg()).isEqualTo("tcp:fail parameter error");
                    assertThat(m.rule()).isEqualTo("N-3");
                    assertThat(m.explanation()).contains(expected).contains("(N-3); ");
                })
                .verify(WAIT);
    }

    private void assertRefusedWithoutConnecting(String address, String rule) {
        DisposableServer echo = tcpEcho();
        TcpSocket tcp = lan().createTcpSocket();

        StepVerifier.create(tcp.connect(address, echo.port()))
                .expectErrorSatisfies(e -> {
                    MpNetException m = (MpNetException) e;
                    assertThat(m.rule()).isEqualTo(rule);
                    assertThat(m.errMsg()).isEqualTo("tcp:fail url not in domain list");
                })
                .verify(WAIT);
        // a control connection to the peer, echoed (so the server has seen it), is the only one it ever accepted
        TcpSocket control = lan().createTcpSocket();
        StepVerifier.create(control.messages().take(1))
                .then(() -> control.connect(PEER, echo.port()).then(control.write("control")).block(WAIT))
                .expectNextCount(1)
                .verifyComplete();
        control.close();
        assertThat(tcpAccepted).as("connections the echo server accepted").hasValue(1);
    }
}
