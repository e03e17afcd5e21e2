package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.testing.Await;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * S-7 against permessage-deflate bombs: a loopback server (a LAN peer over ws, P-10) sends frames it
 * compressed by hand, so a few KiB on the wire claim up to 1 GiB. Runs in its own JVM with a 96 MiB
 * heap (the {@code small-heap} Surefire execution): a message inflated whole would not fit, so the
 * test proves the bound holds while the message is assembled, and that the runtime goes on after.
 */
class DeflateBombTest extends LoopbackTest {

    /** Compressed bombs by inflated size, made once: compressing 1 GiB of zeros takes a few seconds. */
    static final Map<Long, byte[]> BOMBS = new ConcurrentHashMap<>();

    final BlockingQueue<WebSocketCloseStatus> serverCloses = new LinkedBlockingQueue<>();

    /**
     * {@code size} zero bytes as one permessage-deflate message body (RFC 7692): raw deflate, sync-flushed,
     * without the final {@code 00 00 ff ff}, which the receiver adds back.
     */
    static byte[] deflatedZeros(long size) {
        return BOMBS.computeIfAbsent(size, n -> {
            Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
            byte[] zeros = new byte[1 << 20];
            byte[] out = new byte[64 * 1024];
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            for (long left = n; left > 0; left -= zeros.length) {
                d.setInput(zeros, 0, (int) Math.min(zeros.length, left));
                while (!d.needsInput()) {
                    compressed.write(out, 0, d.deflate(out, 0, out.length, Deflater.NO_FLUSH));
                }
            }
            for (int k; (k = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH)) > 0; ) {
                compressed.write(out, 0, k);
                if (k < out.length) {
                    break;
                }
            }
            d.end();
            byte[] all = compressed.toByteArray();
            return Arrays.copyOf(all, all.length - 4);
        });
    }

    /** /bomb/N sends one compressed binary frame inflating to N bytes (1 MiB, 64 MiB, 1 GiB); /echo echoes. */
    DisposableServer bombServer() {
        WebsocketServerSpec deflate = WebsocketServerSpec.builder().compress(true).build();
        return server(HttpServer.create().route(r -> {
            for (long size : List.of(1L << 20, 64L << 20, 1L << 30)) {
                r.ws("/bomb/" + size, (in, out) -> {
                    in.receiveCloseStatus().subscribe(serverCloses::add);
                    // RSV1 set: the frame is compressed already, so the server's own deflate encoder leaves it be
                    return out.sendObject(Mono.fromCallable(() -> new BinaryWebSocketFrame(true,
                            WebSocketExtension.RSV1, Unpooled.wrappedBuffer(deflatedZeros(size))))).then(Mono.never());
                }, deflate);
            }
            r
                .ws("/fragments", (in, out) -> {
                    in.receiveCloseStatus().subscribe(serverCloses::add);
                    return out.sendObject(Flux.fromIterable(fragments())).then(Mono.never());
                }, deflate)
                .ws("/echo", (in, out) -> out.sendObject(in.aggregateFrames().receiveFrames()
                        .filter(f -> f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame)
                        .map(WebSocketFrame::retain)), deflate);
        }));
    }

    /**
     * One compressed text message of 6 MiB in three fragments of 2 MiB each once inflated: each fragment
     * under a 4 MiB bound, the message over it.
     */
    static List<WebSocketFrame> fragments() {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] part = "a".repeat(2 << 20).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[][] compressed = new byte[3][];
        byte[] out = new byte[part.length];
        for (int i = 0; i < 3; i++) {
            d.setInput(part);
            int k = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            compressed[i] = Arrays.copyOf(out, i == 2 ? k - 4 : k); // the message's tail goes, RFC 7692
        }
        d.end();
        return List.of(new TextWebSocketFrame(false, WebSocketExtension.RSV1, Unpooled.wrappedBuffer(compressed[0])),
                new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(compressed[1])),
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(compressed[2])));
    }

    String url(DisposableServer s, String path) {
        return "ws://" + LAN_PEER + ":" + s.port() + path;
    }

    SocketTest.Open open(MiniProgramNetwork net, SocketOptions options) {
        SocketTask task = net.connectSocket(options).block(WAIT);
        BlockingQueue<SocketEvent> q = new LinkedBlockingQueue<>();
        task.events().subscribe(q::add);
        return new SocketTest.Open(task, q);
    }

    void awaitOpenSockets(MiniProgramNetwork net, int n) {
        Await.until(WAIT, "the runtime's open sockets to be " + n, net::openSockets, open -> open == n);
        assertThat(net.openSockets()).as("open sockets").isEqualTo(n);
    }

    /** The socket's events end with the S-7 error naming {@code limit}, then close 1009; the server saw 1009. */
    void assertTooBig(SocketTest.Open o, int limit) throws InterruptedException {
        SocketEvent first = o.next();
        assertThat(first).as("no message passes the bound").isInstanceOf(SocketEvent.Error.class);
        SocketEvent.Error error = (SocketEvent.Error) first;
        assertThat(error.error().rule()).isEqualTo("S-7");
        assertThat(error.error().errMsg()).isEqualTo("connectSocket:fail network error");
        assertThat(error.error().getMessage()).contains("maxMessageBytes").contains(limit + " bytes").contains(LAN_PEER);
        SocketEvent close = o.next();
        assertThat(close).isEqualTo(new SocketEvent.Close(1009, "message over maxMessageBytes (" + limit + " bytes)"));
        WebSocketCloseStatus atServer = serverCloses.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(atServer).as("the server saw a close").isNotNull();
        assertThat(atServer.code()).isEqualTo(1009);
    }

    /** The runtime still serves a new socket: a compressed message round-trips. */
    void nextSocketWorks(MiniProgramNetwork net, DisposableServer s) throws InterruptedException {
        SocketTest.Open next = open(net, SocketOptions.builder(url(s, "/echo")).perMessageDeflate(true).build());
        next.opened();
        String text = "after the bomb ".repeat(1000);
        next.task().send(text).block(WAIT);
        assertThat(next.message().text()).isEqualTo(text);
        next.task().close().block(WAIT);
        awaitOpenSockets(net, 0);
    }

    @Tag("slow") // inflates up to 1 GiB
    @ParameterizedTest(name = "inflating to {0} bytes")
    @ValueSource(longs = {64L << 20, 1L << 30})
    @DisplayName("S-7 a deflate bomb ends the socket with 1009 at the default 16 MiB bound, in a 96 MiB heap; the next socket works")
    void bomb(long size) throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("run in the small-heap execution").isLessThan(128L << 20);
        DisposableServer s = bombServer();
        MiniProgramNetwork net = lanRuntime();
        SocketTest.Open o = open(net, SocketOptions.builder(url(s, "/bomb/" + size)).perMessageDeflate(true).build());
        assertThat(o.opened().header().get("sec-websocket-extensions")).contains("permessage-deflate");
        assertTooBig(o, SocketOptions.DEFAULT_MAX_MESSAGE_BYTES);
        awaitOpenSockets(net, 0);
        nextSocketWorks(net, s);
    }

    @Test
    @DisplayName("S-7 fragments each under maxMessageBytes but over it together end the socket with 1009")
    void fragmentedBomb() throws Exception {
        DisposableServer s = bombServer();
        MiniProgramNetwork net = lanRuntime();
        int limit = 4 << 20;
        SocketTest.Open o = open(net, SocketOptions.builder(url(s, "/fragments")).perMessageDeflate(true)
                .maxMessageBytes(limit).build());
        o.opened();
        assertTooBig(o, limit);
        awaitOpenSockets(net, 0);
        nextSocketWorks(net, s);
    }

    @Test
    @DisplayName("S-7 a compressed message of exactly maxMessageBytes arrives whole")
    void atTheBound() throws Exception {
        DisposableServer s = bombServer();
        MiniProgramNetwork net = lanRuntime();
        int limit = 1 << 20;
        SocketTest.Open o = open(net, SocketOptions.builder(url(s, "/bomb/" + limit)).perMessageDeflate(true)
                .maxMessageBytes(limit).build());
        o.opened();
        assertThat(o.message().bytes()).hasSize(limit).containsOnly(0);
        assertThat(net.openSockets()).isEqualTo(1);
    }
}
