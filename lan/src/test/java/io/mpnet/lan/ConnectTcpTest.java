package io.mpnet.lan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.MiniProgramNetwork;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/** {@code LocalNetwork.connectTcp}: a TCP socket as a cold {@code Mono} that emits once connected (N-3). */
class ConnectTcpTest extends LanTest {

    @Test
    @DisplayName("N-3 connectTcp emits the socket once connected; its Connected event waits for the first subscriber")
    void emitsOnceConnected() {
        DisposableServer echo = tcpEcho();
        LocalNetwork lan = lan();
        Mono<TcpSocket> connect = lan.connectTcp(PEER, echo.port(), Duration.ofSeconds(5));
        assertThat(tcpAccepted.get()).as("cold: nothing before subscription").isZero();
        assertThat(lan.openSockets()).isZero();
        TcpSocket tcp = connect.block(WAIT);
        assertThat(tcp.isClosed()).isFalse();
        StepVerifier.create(tcp.events())
                .assertNext(e -> {
                    TcpEvent.Connected c = (TcpEvent.Connected) e;
                    assertThat(c.remoteInfo()).isEqualTo(new RemoteInfo(PEER, "IPv4", echo.port(), 0));
                    assertThat(c.localInfo().address()).isEqualTo("127.0.0.1");
                    assertThat(c.localInfo().port()).isPositive();
                })
                .then(() -> tcp.write("ping").block(WAIT))
                .assertNext(e -> assertThat(((TcpEvent.Message) e).text()).isEqualTo("ping"))
                .then(tcp::close)
                .expectNext(new TcpEvent.Closed())
                .expectComplete()
                .verify(WAIT);
        assertThat(lan.openSockets()).isZero();
    }

    @Test
    @DisplayName("P-12 a refused destination is the Mono's error, before any connection, and leaves no socket")
    void refused() {
        DisposableServer echo = tcpEcho();
        LocalNetwork lan = lan();
        StepVerifier.create(lan.connectTcp("10.0.0.5", echo.port()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo("P-12"))
                .verify(WAIT);
        assertThat(tcpAccepted.get()).isZero();
        assertThat(lan.openSockets()).isZero();
    }

    @ParameterizedTest(name = "port {0}, timeout {1} ms")
    @CsvSource({"0, 1000", "65536, 1000", "9000, 0", "9000, -1"})
    @DisplayName("N-3 bad input is the Mono's parameter error, as connect reports it, and leaves no socket behind")
    void badInput(int port, long timeoutMillis) {
        LocalNetwork lan = lan();
        StepVerifier.create(lan.connectTcp(PEER, port, Duration.ofMillis(timeoutMillis)))
                .expectErrorSatisfies(e -> {
                    assertThat(((MpNetException) e).reason()).isEqualTo(FailReason.INVALID_PARAMETER);
                    assertThat(((MpNetException) e).rule()).isEqualTo("N-3");
                })
                .verify(WAIT);
        assertThat(lan.openSockets()).isZero();
    }

    @Test
    @DisplayName("N-3 a peer that does not listen is the Mono's network error, and leaves no socket")
    void connectionRefused() {
        DisposableServer gone = tcpEcho();
        int port = gone.port();
        gone.disposeNow();
        LocalNetwork lan = lan();
        StepVerifier.create(lan.connectTcp(PEER, port))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).errMsg()).isEqualTo("tcp:fail network error"))
                .verify(WAIT);
        assertThat(lan.openSockets()).isZero();
    }

    @Test
    @DisplayName("N-3 cancelling connectTcp before it connects closes the socket")
    void cancelBeforeConnect() {
        // a configured tcp host the resolver never answers for: the connect waits until cancelled
        MiniProgramNetwork net = MiniProgramNetwork.builder(lanConfig().domains(ApiKind.TCP, "slow.example.com").build())
                .resources(resources).device(DEVICE).resolver(host -> Mono.never()).build();
        toClose.add(net);
        LocalNetwork lan = LocalNetwork.of(net);
        toClose.add(lan);
        AtomicReference<TcpSocket> emitted = new AtomicReference<>();
        StepVerifier.create(lan.connectTcp("slow.example.com", 7000).doOnNext(emitted::set))
                .expectSubscription()
                .then(() -> assertThat(lan.openSockets()).isEqualTo(1))
                .thenCancel()
                .verify(WAIT);
        assertThat(emitted.get()).isNull();
        assertThat(lan.openSockets()).isZero();
    }
}
