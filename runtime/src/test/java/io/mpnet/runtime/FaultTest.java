package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

/** Misbehaving servers: each ends in one clear MpNetException and leaves every slot free. */
class FaultTest extends LoopbackTest {

    /** A raw TCP server that answers the first bytes of a request with {@code answer}. */
    DisposableServer raw(Function<NettyOutbound, NettyOutbound> answer, boolean closeAfter) {
        DisposableServer s = TcpServer.create().host("127.0.0.1").port(0)
                .doOnChannelInit((o, ch, a) -> {
                    openConnections.incrementAndGet();
                    ch.closeFuture().addListener(f -> openConnections.decrementAndGet());
                })
                .handle((NettyInbound in, NettyOutbound out) -> in.receive().take(1).then(
                        answer.apply(out).then().then(closeAfter ? Mono.empty() : Mono.never())))
                .bindNow(WAIT);
        toClose.add(s::disposeNow);
        return s;
    }

    void expectNetworkError(MiniProgramNetwork net, String url) throws InterruptedException {
        StepVerifier.create(net.request(RequestOptions.get(url).timeout(Duration.ofSeconds(5)).build()))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(MpNetException.class);
                    assertThat(((MpNetException) e).reason()).isEqualTo(FailReason.NETWORK);
                    assertThat(((MpNetException) e).errno()).hasValue(600000);
                    assertThat(e.getCause()).isNotNull().isNotInstanceOf(MpNetException.class);
                })
                .verify(WAIT);
        assertThat(net.availableSlots()).isEqualTo(10);
        awaitNoOpenConnection();
    }

    @Test
    @DisplayName("E-2 a garbage status line fails with network error, the decoder's exception as cause")
    void garbageStatusLine() throws Exception {
        DisposableServer s = raw(out -> out.sendString(Mono.just("GARBAGE\r\n\r\n")), true);
        expectNetworkError(lanRuntime(), lan(s, "/"));
    }

    @Test
    @DisplayName("E-2 1 MiB of response headers fails with network error")
    void hugeHeaders() throws Exception {
        String big = "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(1 << 20) + "\r\nContent-Length: 0\r\n\r\n";
        DisposableServer s = raw(out -> out.sendString(Mono.just(big)), false);
        expectNetworkError(lanRuntime(), lan(s, "/"));
    }

    @Test
    @DisplayName("E-2 a reset in the middle of the body fails with network error")
    void resetMidBody() throws Exception {
        DisposableServer s = raw(out -> out.sendString(Mono.just("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly part")),
                true);
        expectNetworkError(lanRuntime(), lan(s, "/"));
    }

    @Test
    @DisplayName("E-2 a refused connection fails with network error")
    void refused() throws Exception {
        DisposableServer s = raw(out -> out, true);
        int port = s.port();
        s.disposeNow();
        expectNetworkError(lanRuntime(), "http://" + LAN_PEER + ":" + port + "/");
    }

    @Test
    @DisplayName("a server that trickles one byte at a time still completes the call")
    void trickle() {
        DisposableServer s = server(r -> r.get("/t", (req, res) -> res.header("content-length", "20")
                .sendString(Flux.range(0, 20).delayElements(Duration.ofMillis(2)).map(i -> "x"))));
        MiniProgramNetwork net = lanRuntime();
        assertThat(net.request(RequestOptions.get(lan(s, "/t")).build()).block(WAIT).data()).isEqualTo("x".repeat(20));
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("T-2 a real stalled server with a short real timeout fails with timeout (bounded)")
    void realStall() throws Exception {
        DisposableServer s = raw(out -> out, false);
        MiniProgramNetwork net = lanRuntime();
        StepVerifier.create(net.request(RequestOptions.get(lan(s, "/")).timeout(Duration.ofMillis(200)).build()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).reason()).isEqualTo(FailReason.TIMEOUT))
                .verify(WAIT);
        assertThat(net.availableSlots()).isEqualTo(10);
        awaitNoOpenConnection();
    }
}
