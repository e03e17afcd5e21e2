package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.testing.Await;
import io.mpnet.testing.TestPki;
import io.mpnet.testing.TestPki.Leaf;
import io.mpnet.testing.TestPki;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * connectSocket end to end (S-1..S-5) against Reactor Netty WebSocket servers on loopback: over TLS
 * from the test PKI as {@value #HOST} (mapped to 127.0.0.1 by the config's hosts, judged by the real
 * domain rules), and as the LAN peer 192.168.50.20 over plain ws (P-10).
 */
class SocketTest extends LoopbackTest {

    static final String HOST = "ws.example.com";
    static TestPki pki;

    /** The handshake request headers the server saw, one map per socket. */
    final BlockingQueue<Map<String, String>> handshakes = new LinkedBlockingQueue<>();
    /** The close status each server-side socket received. */
    final BlockingQueue<WebSocketCloseStatus> serverCloses = new LinkedBlockingQueue<>();

    @BeforeAll
    static void makePki() {
        pki = TestPki.create();
    }

    /**
     * Routes: /echo echoes text and binary, /chat too with the sub-protocols chat and superchat;
     * /server-close closes with 4001; /drop and /reset lose the connection; /deaf reads nothing.
     */
    HttpServer routes(HttpServer s) {
        WebsocketServerSpec spec = WebsocketServerSpec.builder().compress(true).build();
        // apart: Reactor Netty's server never runs the handler of a route with protocols when the client offers none
        WebsocketServerSpec chat = WebsocketServerSpec.builder().protocols("chat,superchat").compress(true).build();
        return s.doOnChannelInit((o, ch, a) -> {
            acceptedConnections.incrementAndGet();
            openConnections.incrementAndGet();
            ch.closeFuture().addListener(f -> openConnections.decrementAndGet());
        }).route(r -> r
                .ws("/echo", this::echo, spec)
                .ws("/chat", this::echo, chat)
                .ws("/server-close", (in, out) -> out.sendClose(4001, "server bye"), spec)
                // Neither cancels its inbound nor completes: Reactor Netty would send a close frame first.
                .ws("/drop", (in, out) -> in.receive().doOnNext(b -> in.withConnection(c -> c.channel().close()))
                        .then(Mono.never()), spec)
                .ws("/reset", (in, out) -> in.receive().doOnNext(b -> in.withConnection(c -> {
                    c.channel().config().setOption(ChannelOption.SO_LINGER, 0); // close with RST
                    c.channel().close();
                })).then(Mono.never()), spec)
                .ws("/deaf", (in, out) -> {
                    in.withConnection(c -> c.channel().config().setAutoRead(false)); // never reads: sends pile up
                    return Mono.never();
                }, spec)
                .get("/not-a-socket", (req, res) -> res.status(404).send())
                .get("/forbidden", (req, res) -> res.status(403).send()));
    }

    Mono<Void> echo(WebsocketInbound in, WebsocketOutbound out) {
        Map<String, String> h = new HashMap<>();
        in.headers().forEach(e -> h.put(e.getKey().toLowerCase(), e.getValue()));
        handshakes.add(h);
        in.receiveCloseStatus().subscribe(serverCloses::add);
        return out.sendObject(in.aggregateFrames().receiveFrames()
                .filter(f -> f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame)
                .map(WebSocketFrame::retain)).then();
    }

    DisposableServer wss(Leaf leaf) {
        return server(routes(HttpServer.create().secure(spec -> spec.sslContext(pki.serverContext(leaf, HOST)))));
    }

    DisposableServer ws() {
        return server(routes(HttpServer.create()));
    }

    static NetworkConfig.Builder socketConfig() {
        return lanConfig().domains(ApiKind.CONNECT_SOCKET, "wss://" + HOST).host(HOST, "127.0.0.1");
    }

    MiniProgramNetwork net() {
        return runtime(MiniProgramNetwork.builder(socketConfig().build()).trustStore(pki.trustStore()));
    }

    static String url(DisposableServer s, String path) {
        return "wss://" + HOST + ":" + s.port() + path;
    }

    /** A socket opened and its events collected. */
    record Open(SocketTask task, BlockingQueue<SocketEvent> events) {
        SocketEvent next() throws InterruptedException {
            SocketEvent e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(e).as("an event within " + WAIT).isNotNull();
            return e;
        }

        SocketEvent.Message message() throws InterruptedException {
            return (SocketEvent.Message) next();
        }

        SocketEvent.Open opened() throws InterruptedException {
            return (SocketEvent.Open) next();
        }
    }

    Open open(MiniProgramNetwork net, SocketOptions options) {
        SocketTask task = net.connectSocket(options).block(WAIT);
        BlockingQueue<SocketEvent> q = new LinkedBlockingQueue<>();
        task.events().subscribe(q::add);
        return new Open(task, q);
    }

    static MpNetException failure(Throwable e) {
        assertThat(e).isInstanceOf(MpNetException.class);
        return (MpNetException) e;
    }

    void awaitOpenSockets(MiniProgramNetwork net, int n) {
        Await.until(WAIT, "the runtime's open sockets to be " + n, net::openSockets, open -> open == n);
        assertThat(net.openSockets()).as("open sockets").isEqualTo(n);
    }

    @Test
    @DisplayName("S-2 a text message is echoed over wss, after the open event with the response headers")
    void textEcho() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        Open o = open(net, SocketOptions.of(url(s, "/echo")));
        SocketEvent.Open opened = o.opened();
        assertThat(opened.header()).containsKey("upgrade");
        assertThat(opened.protocol()).isEmpty();
        o.task().send("hello 你好").block(WAIT);
        SocketEvent.Message m = o.message();
        assertThat(m.isText()).isTrue();
        assertThat(m.text()).isEqualTo("hello 你好");
        assertThat(net.openSockets()).isEqualTo(1);
        assertThat(net.availableSlots()).as("sockets take no request slot (S-4 is its own gate)").isEqualTo(10);
    }

    @Test
    @DisplayName("S-2 a binary message is echoed as bytes")
    void binaryEcho() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        Open o = open(net(), SocketOptions.of(url(s, "/echo")));
        o.opened();
        byte[] bytes = {0, 1, 2, (byte) 0xff, 0x7f};
        o.task().send(bytes).block(WAIT);
        assertThat(o.message().bytes()).containsExactly(bytes);
    }

    @Test
    @DisplayName("S-1 the server picks one of the offered sub-protocols and the open event names it")
    void subProtocol() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        Open o = open(net(), SocketOptions.builder(url(s, "/chat")).protocols("v2.mpnet", "superchat").build());
        assertThat(o.opened().protocol()).isEqualTo("superchat");
        assertThat(handshakes.poll(10, TimeUnit.SECONDS)).containsEntry("sec-websocket-protocol", "v2.mpnet,superchat");
    }

    @Test
    @DisplayName("S-1 a sub-protocol that is not a token fails before any connection")
    void badSubProtocol() {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        StepVerifier.create(net.connectSocket(unchecked(url(s, "/echo"), Map.of(), List.of("a,b"), null, 1, 1)))
                .expectErrorSatisfies(e -> {
                    assertThat(failure(e).rule()).isEqualTo("S-1");
                    assertThat(failure(e).reason()).isEqualTo(FailReason.INVALID_PARAMETER);
                })
                .verify(WAIT);
        assertThat(acceptedConnections.get()).isZero();
        assertThat(net.openSockets()).isZero();
    }

    @Test
    @DisplayName("S-1 perMessageDeflate negotiates permessage-deflate and large messages still round-trip")
    void perMessageDeflate() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        Open o = open(net(), SocketOptions.builder(url(s, "/echo")).perMessageDeflate(true).tcpNoDelay(true).build());
        assertThat(o.opened().header().get("sec-websocket-extensions")).contains("permessage-deflate");
        assertThat(handshakes.poll(10, TimeUnit.SECONDS).get("sec-websocket-extensions")).contains("permessage-deflate");
        String big = "compressible ".repeat(20_000);
        o.task().send(big).block(WAIT);
        assertThat(o.message().text()).isEqualTo(big);
    }

    @Test
    @DisplayName("S-1 without perMessageDeflate no extension is offered")
    void noDeflate() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        Open o = open(net(), SocketOptions.of(url(s, "/echo")));
        o.opened();
        assertThat(handshakes.poll(10, TimeUnit.SECONDS)).doesNotContainKey("sec-websocket-extensions");
    }

    @Test
    @DisplayName("P-9 the handshake carries the caller's headers (R-3) and the fixed Referer, not the caller's")
    void headersAndReferer() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        Open o = open(net, SocketOptions.builder(url(s, "/echo")).header("X-Token", "t1")
                .header("referer", "https://evil.example.com/").build());
        o.opened();
        Map<String, String> seen = handshakes.poll(10, TimeUnit.SECONDS);
        assertThat(seen).containsEntry("x-token", "t1")
                .containsEntry("referer", net.config().referer())
                .containsEntry("host", HOST + ":" + s.port());
        assertThat(seen).doesNotContainKey("content-type");
    }

    @ParameterizedTest(name = "Host: {0}")
    @CsvSource({"evil.example.org", "EVIL.example.org:443", "127.0.0.1"})
    @DisplayName("S-1 the handshake's Host is always the URL's authority, whatever Host the caller gives (wss and a LAN ws)")
    void callerHostIsReplaced(String callerHost) throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        Open o = open(net, SocketOptions.builder(url(s, "/echo")).header("Host", callerHost).build());
        o.opened();
        assertThat(net.openSockets()).isEqualTo(1);
        Map<String, String> seen = handshakes.poll(10, TimeUnit.SECONDS);
        assertThat(seen).containsEntry("host", HOST + ":" + s.port());
        assertThat(seen.get("origin")).doesNotContainIgnoringCase(callerHost);
        DisposableServer lan = ws();
        MiniProgramNetwork lanNet = lanRuntime();
        Open viaLan = open(lanNet, SocketOptions.builder("ws://" + LAN_PEER + ":" + lan.port() + "/echo")
                .header("hOsT", callerHost).build());
        viaLan.opened();
        viaLan.task().close().block(WAIT);
        awaitOpenSockets(lanNet, 0);
        assertThat(handshakes.poll(10, TimeUnit.SECONDS)).containsEntry("host", LAN_PEER + ":" + lan.port());
    }

    @Test
    @DisplayName("R-3 a header value with CR/LF fails before any connection, taking no slot")
    void badHeader() {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        StepVerifier.create(net.connectSocket(unchecked(url(s, "/echo"), Map.of("X-A", "a\r\nB: b"), List.of(), null, 1, 1)))
                .expectErrorSatisfies(e -> assertThat(failure(e).rule()).isEqualTo("R-3"))
                .verify(WAIT);
        assertThat(acceptedConnections.get()).isZero();
        assertThat(net.openSockets()).isZero();
    }

    @Test
    @DisplayName("S-3 a client close sends its code and reason, ends the events with them and frees the slot (S-4)")
    void clientClose() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        Open o = open(net, SocketOptions.of(url(s, "/echo")));
        o.opened();
        o.task().close(4000, "bye 再见").block(WAIT);
        assertThat(o.next()).isEqualTo(new SocketEvent.Close(4000, "bye 再见"));
        WebSocketCloseStatus atServer = serverCloses.poll(10, TimeUnit.SECONDS);
        assertThat(atServer.code()).isEqualTo(4000);
        assertThat(atServer.reasonText()).isEqualTo("bye 再见");
        awaitOpenSockets(net, 0);
        awaitNoOpenConnection();
        StepVerifier.create(o.task().send("late"))
                .expectErrorSatisfies(e -> assertThat(failure(e).rule()).isEqualTo("S-2"))
                .verify(WAIT);
        o.task().close().block(WAIT); // closing a closed socket does nothing
    }

    @Test
    @DisplayName("S-3 close() without arguments closes with 1000")
    void defaultClose() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        Open o = open(net(), SocketOptions.of(url(s, "/echo")));
        o.opened();
        o.task().close().block(WAIT);
        assertThat(o.next()).isEqualTo(new SocketEvent.Close(1000, ""));
        assertThat(serverCloses.poll(10, TimeUnit.SECONDS).code()).isEqualTo(1000);
    }

    @ParameterizedTest(name = "close({0}, {1} x ''{2}'') is refused")
    @CsvSource({
        "1001, 0, x",
        "2999, 0, x",
        "5000, 0, x",
        "999,  0, x",
        "1000, 124, a",
        "4000, 42, 好",
    })
    @DisplayName("S-3 a refused close fails with S-3 and the socket stays open")
    void refusedClose(int code, int repeat, String unit) throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        Open o = open(net, SocketOptions.of(url(s, "/echo")));
        o.opened();
        StepVerifier.create(o.task().close(code, unit.repeat(repeat)))
                .expectErrorSatisfies(e -> {
                    assertThat(failure(e).rule()).isEqualTo("S-3");
                    assertThat(failure(e).reason()).isEqualTo(FailReason.INVALID_PARAMETER);
                })
                .verify(WAIT);
        o.task().send("still open").block(WAIT);
        assertThat(o.message().text()).isEqualTo("still open");
        assertThat(net.openSockets()).isEqualTo(1);
        assertThat(serverCloses).isEmpty();
    }

    @Test
    @DisplayName("S-3 a reason of exactly 123 UTF-8 bytes (41 CJK characters) is allowed")
    void longestReason() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        Open o = open(net(), SocketOptions.of(url(s, "/echo")));
        o.opened();
        String reason = "好".repeat(41);
        assertThat(reason.getBytes(StandardCharsets.UTF_8)).hasSize(123);
        o.task().close(3000, reason).block(WAIT);
        assertThat(o.next()).isEqualTo(new SocketEvent.Close(3000, reason));
    }

    @Test
    @DisplayName("S-2 a server close ends the events with the server's code and reason and frees the slot")
    void serverClose() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        Open o = open(net, SocketOptions.of(url(s, "/server-close")));
        o.opened();
        assertThat(o.next()).isEqualTo(new SocketEvent.Close(4001, "server bye"));
        awaitOpenSockets(net, 0);
    }

    @Test
    @DisplayName("S-2 events subscribed after the server closed still tell the open and the server's close")
    void lateSubscriber() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        SocketTask task = net.connectSocket(SocketOptions.of(url(s, "/server-close"))).block(WAIT);
        awaitOpenSockets(net, 0); // closed before anyone listened
        StepVerifier.create(task.events())
                .assertNext(e -> assertThat(e).isInstanceOf(SocketEvent.Open.class))
                .expectNext(new SocketEvent.Close(4001, "server bye"))
                .verifyComplete();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/drop", "/reset"})
    @DisplayName("S-5 a connection lost without a close frame gives an error event, then close 1006")
    void lost(String path) throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        Open o = open(net, SocketOptions.of(url(s, path)));
        o.opened();
        o.task().send("trigger").block(WAIT);
        SocketEvent first = o.next();
        assertThat(first).isInstanceOf(SocketEvent.Error.class);
        SocketEvent.Error error = (SocketEvent.Error) first;
        assertThat(error.error().rule()).isEqualTo("S-5");
        assertThat(error.error().errMsg()).isEqualTo("connectSocket:fail network error");
        assertThat(error.error().getMessage()).contains(HOST);
        assertThat(o.next()).isEqualTo(new SocketEvent.Close(1006, "abnormal closure"));
        awaitOpenSockets(net, 0);
    }

    @Test
    @DisplayName("S-2 closing the runtime closes its open sockets with 1001 (going away)")
    void runtimeClose() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        Open o = open(net, SocketOptions.of(url(s, "/echo")));
        o.opened();
        net.close();
        assertThat(o.next()).isEqualTo(new SocketEvent.Close(1001, "the mini program's network runtime closed"));
        assertThat(serverCloses.poll(10, TimeUnit.SECONDS).code()).isEqualTo(1001);
        awaitOpenSockets(net, 0);
    }

    @Test
    @DisplayName("S-4 a socket the server closes frees its slot even when nobody listens to its events")
    void unheardCloseFreesTheSlot() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        SocketTask task = net.connectSocket(SocketOptions.of(url(s, "/server-close"))).block(WAIT);
        assertThat(task).isNotNull(); // its events are never subscribed
        awaitOpenSockets(net, 0);
    }

    @Test
    @DisplayName("S-4 the sixth socket fails at once naming the limit; closing one frees its slot")
    void sixthSocket() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        List<Open> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.add(open(net, SocketOptions.of(url(s, "/echo"))));
        }
        assertThat(net.openSockets()).isEqualTo(5);
        int accepted = acceptedConnections.get();
        StepVerifier.create(net.connectSocket(SocketOptions.of(url(s, "/echo"))))
                .expectErrorSatisfies(e -> {
                    MpNetException m = failure(e);
                    assertThat(m.rule()).isEqualTo("S-4");
                    assertThat(m.reason()).isEqualTo(FailReason.LIMIT_EXCEEDED);
                    assertThat(m.errMsg()).isEqualTo("connectSocket:fail exceed max task count");
                    assertThat(m.getMessage()).contains("5 sockets");
                })
                .verify(Duration.ofSeconds(1));
        assertThat(acceptedConnections.get()).as("the sixth sent nothing").isEqualTo(accepted);
        open.get(2).task().close().block(WAIT);
        awaitOpenSockets(net, 4);
        Open sixth = open(net, SocketOptions.of(url(s, "/echo")));
        sixth.opened();
        sixth.task().send("sixth").block(WAIT);
        assertThat(sixth.message().text()).isEqualTo("sixth");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"/not-a-socket, 404 Not Found", "/forbidden, 403 Forbidden"})
    @DisplayName("S-1 a handshake the server answers with another status than 101 fails naming the status (S-1), and gives the slot back (S-4)")
    void refusedHandshake(String path, String status) {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        StepVerifier.create(net.connectSocket(SocketOptions.of(url(s, path))))
                .expectErrorSatisfies(e -> {
                    MpNetException m = failure(e);
                    assertThat(m.rule()).isEqualTo("S-1");
                    assertThat(m.reason()).isEqualTo(FailReason.NETWORK);
                    assertThat(m.errMsg()).isEqualTo("connectSocket:fail network error");
                    assertThat(m.getMessage()).contains("refused the WebSocket handshake").contains(HOST)
                            .contains("answered " + status).contains("101");
                    assertThat(m.getCause()).isNotNull().isNotInstanceOf(MpNetException.class);
                })
                .verify(WAIT);
        awaitOpenSockets(net, 0);
    }

    @Test
    @DisplayName("S-1 a server that picks none of the offered sub-protocols fails the connect naming what was offered and what came back")
    void noSubProtocolPicked() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        StepVerifier.create(net.connectSocket(SocketOptions.builder(url(s, "/echo")).protocols("chat", "v2.mpnet").build()))
                .expectErrorSatisfies(e -> {
                    MpNetException m = failure(e);
                    assertThat(m.rule()).isEqualTo("S-1");
                    assertThat(m.reason()).isEqualTo(FailReason.NETWORK);
                    assertThat(m.getMessage()).contains(HOST).contains("chose no sub-protocol")
                            .contains("offered chat, v2.mpnet");
                    assertThat(m.getCause()).isNotNull().isNotInstanceOf(MpNetException.class);
                })
                .verify(WAIT);
        awaitOpenSockets(net, 0);
        awaitNoOpenConnection();
    }

    @Test
    @DisplayName("S-1 a call is accepted only past its options, the policy and S-4; a failed handshake comes after acceptance")
    void acceptedOnlyPastTheRefusals() {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        List<String> accepted = new CopyOnWriteArrayList<>();
        for (String url : List.of("wss://other.example.com/echo", url(s, "/not-a-socket"))) {
            StepVerifier.create(net.connectSocket(SocketOptions.of(url), () -> accepted.add(url)))
                    .expectErrorSatisfies(e -> assertThat(accepted.contains(url)).isEqualTo(url.startsWith("wss://" + HOST)))
                    .verify(WAIT);
        }
        assertThat(accepted).containsExactly(url(s, "/not-a-socket"));
        awaitOpenSockets(net, 0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ws://" + HOST + "/echo,              P-1",
        "https://" + HOST + "/echo,           P-1",
        "wss://other.example.com/echo,        P-2",
        "wss://sub." + HOST + "/echo,         P-2",
        "wss://203.0.113.5/echo,              P-2",
        "ws://203.0.113.5/echo,               P-1",
        "wss://127.0.0.1/echo,                P-11",
        "wss://api.weixin.qq.com/echo,        P-8",
    })
    @DisplayName("P-1 P-2 P-8 P-11 refused socket URLs fail before any connection, taking no slot")
    void policyRefusals(String url, String rule) {
        MiniProgramNetwork net = net();
        StepVerifier.create(net.connectSocket(SocketOptions.of(url)))
                .expectErrorSatisfies(e -> {
                    MpNetException m = failure(e);
                    assertThat(m.rule()).isEqualTo(rule);
                    assertThat(m.errMsg()).isEqualTo("connectSocket:fail url not in domain list");
                    assertThat(m.errno()).hasValue(600002);
                })
                .verify(WAIT);
        assertThat(net.openSockets()).isZero();
    }

    @Test
    @DisplayName("P-10 ws:// to a LAN peer at any port opens without a configured domain")
    void lanPeer() throws Exception {
        DisposableServer s = ws();
        MiniProgramNetwork net = lanRuntime();
        Open o = open(net, SocketOptions.of("ws://" + LAN_PEER + ":" + s.port() + "/echo"));
        o.opened();
        o.task().send("lan").block(WAIT);
        assertThat(o.message().text()).isEqualTo("lan");
        assertThat(handshakes.poll(10, TimeUnit.SECONDS)).containsEntry("host", LAN_PEER + ":" + s.port());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Leaf.class, names = {"EXPIRED", "WRONG_HOST", "SELF_SIGNED", "DISTRUSTED_CA"})
    @DisplayName("X-5 wss to a server whose certificate breaks a TLS rule fails naming the rule and the host")
    void badCertificate(Leaf leaf) {
        DisposableServer s = wss(leaf);
        MiniProgramNetwork net = net();
        StepVerifier.create(net.connectSocket(SocketOptions.of(url(s, "/echo"))))
                .expectErrorSatisfies(e -> {
                    MpNetException m = failure(e);
                    assertThat(m.reason()).isEqualTo(FailReason.SSL_HANDSHAKE);
                    assertThat(m.rule()).isIn("X-2", "X-3", "X-4");
                    assertThat(m.getMessage()).contains(HOST);
                })
                .verify(WAIT);
        awaitOpenSockets(net, 0);
    }

    @Test
    @DisplayName("T-1 a handshake the server never answers fails with timeout at the socket's timeout; slot and connection freed")
    void handshakeTimeout() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        DisposableServer s = TcpServer.create().host("127.0.0.1").port(0)
                .doOnChannelInit((o, ch, a) -> {
                    openConnections.incrementAndGet();
                    ch.closeFuture().addListener(f -> openConnections.decrementAndGet());
                })
                .handle((in, out) -> in.receive().doOnNext(b -> requests.incrementAndGet()).then(Mono.never()))
                .bindNow(WAIT);
        toClose.add(s::disposeNow);
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig()
                .networkTimeout(ApiKind.CONNECT_SOCKET, Duration.ofSeconds(20)).build()).scheduler(vts));
        AtomicReference<Throwable> error = new AtomicReference<>();
        net.connectSocket(SocketOptions.builder("ws://" + LAN_PEER + ":" + s.port() + "/").timeout(Duration.ofSeconds(3))
                .build()).subscribe(t -> { }, error::set);
        Flux.interval(Duration.ofMillis(1)).filter(x -> requests.get() > 0).blockFirst(WAIT);
        vts.advanceTimeBy(Duration.ofMillis(2999));
        assertThat(error.get()).isNull();
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(failure(error.get()).reason()).isEqualTo(FailReason.TIMEOUT);
        assertThat(failure(error.get()).errMsg()).isEqualTo("connectSocket:fail timeout");
        awaitOpenSockets(net, 0);
        awaitNoOpenConnection();
        // without a timeout of its own the call takes networkTimeout.connectSocket
        error.set(null);
        net.connectSocket(SocketOptions.of("ws://" + LAN_PEER + ":" + s.port() + "/")).subscribe(t -> { }, error::set);
        Flux.interval(Duration.ofMillis(1)).filter(x -> requests.get() > 1).blockFirst(WAIT);
        vts.advanceTimeBy(Duration.ofMillis(19_999));
        assertThat(error.get()).isNull();
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(failure(error.get()).reason()).isEqualTo(FailReason.TIMEOUT);
        awaitOpenSockets(net, 0);
    }

    @Test
    @DisplayName("T-1 a socket timeout of zero or less fails that call before the gate: no slot, not accepted, no connection (E-3)")
    void nonPositiveTimeout() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        List<String> accepted = new CopyOnWriteArrayList<>();
        for (Duration timeout : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ZERO, Duration.ofMillis(-5000),
                Duration.ZERO, Duration.ofNanos(-1))) {
            StepVerifier.create(net.connectSocket(unchecked(url(s, "/echo"), Map.of(), List.of(), timeout, 1, 1),
                            () -> accepted.add("!")))
                    .expectErrorSatisfies(e -> {
                        MpNetException m = failure(e);
                        assertThat(m.reason()).isEqualTo(FailReason.INVALID_PARAMETER);
                        assertThat(m.rule()).isEqualTo("T-1");
                        assertThat(m.getMessage()).contains("timeout").contains("positive");
                    })
                    .verify(WAIT);
            assertThat(net.openSockets()).as("no slot taken").isZero();
        }
        assertThat(accepted).isEmpty();
        assertThat(acceptedConnections.get()).isZero();
        Open o = open(net, SocketOptions.of(url(s, "/echo")));
        o.opened();
        assertThat(net.openSockets()).isEqualTo(1);
    }

    @Test
    @DisplayName("B-4 an open socket is not interrupted in the background, and sockets open there too")
    void background() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(socketConfig().build())
                .trustStore(pki.trustStore()).scheduler(vts));
        Open o = open(net, SocketOptions.of(url(s, "/echo")));
        o.opened();
        net.lifecycle().enterBackground();
        vts.advanceTimeBy(Duration.ofMinutes(1));
        o.task().send("still here").block(WAIT);
        assertThat(o.message().text()).isEqualTo("still here");
        Open second = open(net, SocketOptions.of(url(s, "/echo")));
        assertThat(second.opened()).isNotNull();
        assertThat(net.openSockets()).isEqualTo(2);
    }

    @Test
    @DisplayName("S-2 sends are written in the order they are made, without waiting for each other")
    void sendOrder() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        Open o = open(net(), SocketOptions.of(url(s, "/echo")));
        o.opened();
        for (int i = 0; i < 200; i++) {
            o.task().send("m" + i).subscribe();
        }
        for (int i = 0; i < 200; i++) {
            assertThat(o.message().text()).isEqualTo("m" + i);
        }
    }

    @Test
    @DisplayName("S-2 a send past the outbound bound fails at once with a clear error; the socket goes on")
    void outboundBound() throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        Open o = open(net(), SocketOptions.builder(url(s, "/deaf")).maxQueuedBytes(256 * 1024).build());
        o.opened();
        byte[] chunk = new byte[32 * 1024];
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        // the server reads nothing: once the kernel's buffers are full, writes stay queued
        for (int i = 0; i < 8000 && errors.isEmpty(); i++) {
            o.task().send(chunk).subscribe(v -> { }, errors::add);
        }
        assertThat(errors).isNotEmpty();
        MpNetException m = failure(errors.get(0));
        assertThat(m.rule()).isEqualTo("S-2");
        assertThat(m.reason()).isEqualTo(FailReason.LIMIT_EXCEEDED);
        assertThat(m.getMessage()).contains("maxQueuedBytes");
        assertThat(o.events()).as("the socket is still open").isEmpty();
    }

    @ParameterizedTest(name = "after {0} event(s)")
    @CsvSource({"1", "2"})
    @DisplayName("S-2 S-4 cancelling the events closes the socket: the server sees 1000, the slot and the connection are freed")
    void cancelEvents(int events) throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        SocketTask task = net.connectSocket(SocketOptions.of(url(s, "/echo"))).block(WAIT);
        task.send("one").block(WAIT);
        StepVerifier.create(task.events().take(events))
                .assertNext(e -> assertThat(e).isInstanceOf(SocketEvent.Open.class))
                .expectNextCount(events - 1)
                .verifyComplete();
        WebSocketCloseStatus atServer = serverCloses.poll(10, TimeUnit.SECONDS);
        assertThat(atServer).as("the server saw a close frame").isNotNull();
        assertThat(atServer.code()).isEqualTo(1000);
        awaitOpenSockets(net, 0);
        awaitNoOpenConnection();
    }

    @Test
    @DisplayName("S-2 the events have one subscriber; a second one fails")
    void oneSubscriber() {
        DisposableServer s = wss(Leaf.GOOD);
        Open o = open(net(), SocketOptions.of(url(s, "/echo")));
        StepVerifier.create(o.task().events()).expectError(IllegalStateException.class).verify(WAIT);
    }

    @Test
    @DisplayName("E-3 a missing url fails that call alone")
    void missingUrl() {
        MiniProgramNetwork net = net();
        StepVerifier.create(net.connectSocket(SocketOptions.builder(null).build()))
                .expectErrorSatisfies(e -> assertThat(failure(e).reason()).isEqualTo(FailReason.INVALID_PARAMETER))
                .verify(WAIT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"maxQueuedBytes", "maxMessageBytes"})
    @DisplayName("E-3 a byte bound below 1 fails that call alone, naming the field, before any slot or connection")
    void badBounds(String field) {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        SocketOptions bad = field.equals("maxQueuedBytes") ? unchecked(url(s, "/echo"), Map.of(), List.of(), null, 0, 1)
                : unchecked(url(s, "/echo"), Map.of(), List.of(), null, 1, -1);
        List<String> accepted = new CopyOnWriteArrayList<>();
        StepVerifier.create(net.connectSocket(bad, () -> accepted.add("!")))
                .expectErrorSatisfies(e -> {
                    assertThat(failure(e).rule()).isEqualTo("E-3");
                    assertThat(failure(e).reason()).isEqualTo(FailReason.INVALID_PARAMETER);
                    assertThat(failure(e).getMessage()).contains(field).contains("positive");
                })
                .verify(WAIT);
        assertThat(accepted).isEmpty();
        assertThat(acceptedConnections.get()).isZero();
        assertThat(net.openSockets()).isZero();
    }

    @ParameterizedTest(name = "{0} bytes against a bound of 1000")
    @CsvSource({"1001", "5000", "60000"})
    @DisplayName("S-7 a message over the socket's maxMessageBytes closes it with 1009: error naming the limit, then close; slot freed")
    void messageOverTheBound(int size) throws Exception {
        DisposableServer s = wss(Leaf.GOOD);
        MiniProgramNetwork net = net();
        Open o = open(net, SocketOptions.builder(url(s, "/echo")).maxMessageBytes(1000).build());
        o.opened();
        o.task().send("x".repeat(1000)).block(WAIT);
        assertThat(o.message().text()).as("a message of exactly the bound arrives").hasSize(1000);
        o.task().send(new byte[size]).block(WAIT);
        SocketEvent.Error error = (SocketEvent.Error) o.next();
        assertThat(error.error().rule()).isEqualTo("S-7");
        assertThat(error.error().getMessage()).contains("maxMessageBytes, 1000 bytes").contains(HOST);
        assertThat(o.next()).isEqualTo(new SocketEvent.Close(1009, "message over maxMessageBytes (1000 bytes)"));
        assertThat(serverCloses.poll(10, TimeUnit.SECONDS).code()).isEqualTo(1009);
        awaitOpenSockets(net, 0);
        awaitNoOpenConnection();
        StepVerifier.create(o.task().send("late"))
                .expectErrorSatisfies(e -> assertThat(failure(e).rule()).isEqualTo("S-2"))
                .verify(WAIT);
    }

    /**
     * Options made with the canonical constructor, which checks nothing: the builder refuses these
     * values already (OptionBuildersTest), and the call must refuse them too. A bound of 1 stands for
     * the default: the sockets of these tests never open.
     */
    static SocketOptions unchecked(String url, Map<String, String> header, List<String> protocols,
            @Nullable Duration timeout, long maxQueuedBytes, int maxMessageBytes) {
        return new SocketOptions(url, header, protocols, false, false, timeout, maxQueuedBytes, maxMessageBytes);
    }
}
