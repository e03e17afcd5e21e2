package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.testing.Await;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The storm's "stuck until the timeout" calls, made to happen every time: a keep-alive request that
 * reaches the server before the previous request's operations have terminated is buffered by the
 * server, and after it the server stopped reading the connection (reactor/reactor-netty#4361, in
 * the 1.3.7 server the tests run). The next call wrote its request and waited for its timeout (T-2).
 * The loopback servers re-arm the read ({@code testing.KeepAliveReads}); this proves it, and that
 * the client, for its part, reuses the connection cleanly (R-8, L-2).
 */
class KeepAliveReuseTest extends LoopbackTest {

    @Test
    @DisplayName("T-2 / R-8 / L-2: a call on a keep-alive connection whose server buffered the previous request is answered, not timed out")
    void reusedConnectionAfterBufferedRequestIsAnswered() throws Exception {
        Sinks.Empty<Void> heldOpen = Sinks.empty();
        CountDownLatch secondRead = new CountDownLatch(1);
        AtomicInteger connections = new AtomicInteger();
        DisposableServer s = server(HttpServer.create()
                .doOnChannelInit((observer, channel, remote) -> {
                    connections.incrementAndGet();
                    // The first response reaches the client whole, but the server learns that it was written
                    // only when the test says: until then its operations for that request have not terminated.
                    channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
                        private boolean first = true;

                        @Override
                        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                            if (first && msg instanceof ByteBuf b && b.toString(StandardCharsets.ISO_8859_1).contains("held")) {
                                first = false;
                                ctx.write(msg);
                                heldOpen.asMono().subscribe(null, null, () -> ctx.executor().execute(promise::setSuccess));
                            } else {
                                ctx.write(msg, promise);
                            }
                        }
                    });
                    channel.pipeline().addFirst(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            boolean second = msg instanceof ByteBuf b
                                    && b.toString(StandardCharsets.ISO_8859_1).contains("GET /second ");
                            ctx.fireChannelRead(msg);
                            if (second) {
                                secondRead.countDown(); // read, and buffered behind the held operations
                            }
                        }
                    });
                })
                .route(r -> r
                        .get("/held", (req, res) -> res.sendString(Mono.just("held")))
                        // answered synchronously, as the storm's /s/0
                        .get("/second", (req, res) -> res.sendString(Mono.just("second")))
                        .get("/third", (req, res) -> res.sendString(Mono.just("third")))));
        MiniProgramNetwork net = lanRuntime();
        Duration timeout = Duration.ofSeconds(5); // only reached if the bug is back

        assertThat(net.request(RequestOptions.get(lan(s, "/held")).timeout(timeout).build()).block(WAIT).data()).isEqualTo("held");
        awaitPoolIdle();
        Mono<HttpResult> second = net.request(RequestOptions.get(lan(s, "/second")).timeout(timeout).build()).cache();
        second.subscribe(r -> { }, e -> { });
        assertThat(secondRead.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the server read the second request").isTrue();
        heldOpen.tryEmitEmpty(); // the first request's operations terminate; the buffered one is answered
        assertThat(second.block(WAIT).data()).isEqualTo("second");
        awaitPoolIdle();

        HttpResult third = net.request(RequestOptions.get(lan(s, "/third")).timeout(timeout).build()).block(WAIT);

        assertThat(third.data()).isEqualTo("third");
        assertThat(connections.get()).as("all three calls on one keep-alive connection").isEqualTo(1);
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    /** Waits (bounded; the pool announces no release) until the pool has the connection back, so the next call reuses it. */
    private static void awaitPoolIdle() {
        Await.until(WAIT, "the pool's lent connections to be 0", resources::acquiredConnections, n -> n == 0);
        assertThat(resources.acquiredConnections()).as("connections lent out").isZero();
    }
}
