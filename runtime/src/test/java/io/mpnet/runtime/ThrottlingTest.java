package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import io.mpnet.testing.SteppedTime;
import io.mpnet.testing.TestPki;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * N-6: throttling as the developer tools do it, in virtual time on real loopback servers. Each call
 * runs until it ends while {@link SteppedTime} moves the runtime's clock to each wait the throttle
 * schedules; what a test measures is the virtual time the call took.
 */
class ThrottlingTest extends LoopbackTest {

    static final int MIB = 1 << 20;
    static final byte[] BODY = TransferTest.random(MIB, 6);
    /** 1 Mbit/s in bytes per second. */
    static final long MBIT = 125_000;
    static final Duration HORIZON = Duration.ofSeconds(30); // short of T-2's 60 s, whose timer is pending too

    final SteppedTime time = new SteppedTime();

    @TempDir
    Path dir;

    DisposableServer server() {
        return countingServer(r -> r
                .get("/mib.bin", (req, res) -> {
                    received.add(req.path());
                    return res.header("content-length", String.valueOf(BODY.length)).send(Flux.range(0, MIB / 65536)
                            .map(i -> Unpooled.wrappedBuffer(BODY, i * 65536, 65536)));
                })
                .get("/hello", (req, res) -> {
                    received.add(req.path());
                    return res.sendString(Mono.just("hi"));
                })
                .get("/moved", (req, res) -> {
                    received.add(req.path());
                    return res.status(302).header("location", "/hello").send();
                })
                .post("/upload", (req, res) -> {
                    received.add(req.path());
                    return req.receive().aggregate().then(res.sendString(Mono.just("stored")).then());
                })
                .ws("/echo", (in, out) -> out.sendObject(in.aggregateFrames(2 * MIB).receiveFrames()
                        .filter(f -> f instanceof BinaryWebSocketFrame).map(WebSocketFrame::retain)).then(),
                        reactor.netty.http.server.WebsocketServerSpec.builder().maxFramePayloadLength(2 * MIB).build()));
    }

    MiniProgramNetwork net() {
        return runtime(MiniProgramNetwork.builder(lanConfig().build()).scheduler(time).storage(dir.resolve("files")));
    }

    static final String HOST = "api.example.com";
    static final TestPki PKI = TestPki.create();

    /** An HTTPS server as {@link #HOST} with {@code routes}, offering h2 alone when {@code h2}. */
    DisposableServer tlsServer(boolean h2, Consumer<? super HttpServerRoutes> routes) {
        HttpServer secured = HttpServer.create().secure(spec -> spec.sslContext(h2
                ? PKI.h2ServerContext(TestPki.Leaf.GOOD, HOST) : PKI.serverContext(TestPki.Leaf.GOOD, HOST)));
        return server((h2 ? secured.protocol(HttpProtocol.H2) : secured).route(routes));
    }

    /** A runtime on stepped time calling {@code s} as {@link #HOST} for requests and downloads. */
    MiniProgramNetwork tlsNet(DisposableServer s) {
        return runtime(MiniProgramNetwork.builder(domainConfig(HOST, s.port())
                        .domains(ApiKind.DOWNLOAD_FILE, origin(s)).build())
                .trustStore(PKI.trustStore()).scheduler(time).storage(dir.resolve("files")));
    }

    static String origin(DisposableServer s) {
        return "https://" + HOST + ":" + s.port();
    }

    /** Runs {@code call} until it ends, in stepped virtual time; answers its value and how long it took. */
    <T> Timed<T> timed(Mono<T> call) {
        return timed(call, t -> { });
    }

    <T> Timed<T> timed(Mono<T> call, java.util.function.LongConsumer step) {
        long start = time.millis();
        CompletableFuture<T> f = call.toFuture();
        time.runUntil(f::isDone, HORIZON, step);
        return new Timed<>(f.join(), time.millis() - start);
    }

    record Timed<T>(T value, long millis) {
    }

    Mono<DownloadResult> download(MiniProgramNetwork net, String url) {
        return net.downloadFile(DownloadOptions.builder(url).build()).last()
                .map(e -> (DownloadResult) ((TransferEvent.Completed) e).result());
    }

    @Test
    @DisplayName("N-6 a 1 MiB download at 1 Mbit/s takes about 8.4 s of virtual time, and arrives whole")
    void downloadBandwidth() throws Exception {
        DisposableServer s = server();
        MiniProgramNetwork net = net();
        net.networkState().conditions(NetworkConditions.custom(Duration.ZERO, MBIT, 0));
        Timed<DownloadResult> d = timed(download(net, lan(s, "/mib.bin")));
        assertThat(d.value().statusCode()).isEqualTo(200);
        assertThat(TransferTest.sha256(d.value().path())).isEqualTo(TransferTest.sha256(BODY));
        // 1 048 576 bytes (and the headers) at 125 000 bytes per second
        assertThat(d.millis()).isBetween(8_300L, 8_600L);
    }

    @Test
    @DisplayName("N-6 over h2 a stream's reads are throttled too: 1 MiB at 1 Mbit/s takes about 8.4 s")
    void downloadBandwidthH2() throws Exception {
        DisposableServer s = tlsServer(true, r -> r.get("/mib.bin", (req, res) -> res.header("x-protocol", req.protocol())
                .header("content-length", String.valueOf(MIB))
                .send(Flux.range(0, MIB / 65536).map(i -> Unpooled.wrappedBuffer(BODY, i * 65536, 65536)))));
        MiniProgramNetwork net = tlsNet(s);
        net.networkState().conditions(NetworkConditions.custom(Duration.ZERO, MBIT, 0));
        Timed<DownloadResult> d = timed(net.downloadFile(DownloadOptions.builder(origin(s) + "/mib.bin")
                .enableHttp2(true).build()).last().map(e -> (DownloadResult) ((TransferEvent.Completed) e).result()));
        assertThat(d.value().header()).containsEntry("x-protocol", "HTTP/2.0");
        assertThat(TransferTest.sha256(d.value().path())).isEqualTo(TransferTest.sha256(BODY));
        // the stream ends as its last frame arrives, and what is held then is delivered at once: up to
        // a stream window's (64 KiB, 0.5 s) wait early
        assertThat(d.millis()).isBetween(7_800L, 8_600L);
    }

    @Test
    @DisplayName("N-6 an answer the server closes its TLS connection after arrives whole, after the latency")
    void tlsCloseBehindHeldAnswer() {
        // the server closes after answering: its data, close_notify and FIN come together
        DisposableServer s = tlsServer(false, r -> r.get("/bye", (req, res) -> res.header("connection", "close")
                .sendString(Mono.just("bye"))));
        MiniProgramNetwork net = tlsNet(s);
        net.networkState().conditions(NetworkConditions.custom(Duration.ofMillis(400), 0, 0));
        Timed<HttpResult> r = timed(net.request(RequestOptions.builder(origin(s) + "/bye").build()));
        assertThat(r.value().data()).isEqualTo("bye");
        assertThat(r.millis()).isBetween(400L, 420L);
    }

    @Test
    @DisplayName("N-6 over h2 latency is added too, to an answer with a body and to one without")
    void latencyH2() {
        DisposableServer s = tlsServer(true, r -> r.get("/hello", (req, res) -> res.sendString(Mono.just("hi")))
                .get("/empty", (req, res) -> res.status(204).send()));
        MiniProgramNetwork net = tlsNet(s);
        net.networkState().conditions(NetworkConditions.custom(Duration.ofMillis(300), 0, 0));
        String origin = origin(s);
        Timed<HttpResult> body = timed(net.request(RequestOptions.builder(origin + "/hello").enableHttp2(true).build()));
        assertThat(body.value().profile().protocol()).isEqualTo("h2");
        assertThat(body.millis()).isBetween(300L, 320L);
        Timed<HttpResult> none = timed(net.request(RequestOptions.builder(origin + "/empty").enableHttp2(true).build()));
        assertThat(none.value().statusCode()).isEqualTo(204);
        assertThat(none.millis()).isBetween(300L, 320L);
    }

    @Test
    @DisplayName("N-6 a runtime that polled a little for a while gains no credit: its next download is as slow as ever")
    void noCreditFromPolling() {
        DisposableServer s = server();
        MiniProgramNetwork net = net();
        net.networkState().conditions(NetworkConditions.custom(Duration.ZERO, MBIT, 0));
        for (int i = 0; i < 20; i++) { // a tiny poll every half second for 10 s: never a second idle
            assertThat(net.request(RequestOptions.builder(lan(s, "/hello")).build()).block(WAIT).data()).isEqualTo("hi");
            time.advance(Duration.ofMillis(500));
        }
        Timed<DownloadResult> d = timed(download(net, lan(s, "/mib.bin")));
        // no credit at all: an idle line starts afresh, so 1 MiB takes its 8.4 s
        assertThat(d.millis()).isBetween(8_300L, 8_600L);
    }

    @Test
    @DisplayName("N-6 without conditions nothing waits: the same download takes no virtual time")
    void unthrottled() {
        DisposableServer s = server();
        MiniProgramNetwork net = net();
        Timed<DownloadResult> d = timed(download(net, lan(s, "/mib.bin")));
        assertThat(d.value().statusCode()).isEqualTo(200);
        assertThat(d.millis()).isZero();
    }

    @Test
    @DisplayName("N-6 the runtime's calls share its bandwidth: two 1 MiB downloads at 2 Mbit/s both take about 8.4 s")
    void sharedLine() {
        DisposableServer s = server();
        MiniProgramNetwork net = net();
        net.networkState().conditions(NetworkConditions.custom(Duration.ZERO, 2 * MBIT, 0));
        long start = time.millis();
        Mono<Long> a = download(net, lan(s, "/mib.bin")).map(r -> time.millis() - start);
        Mono<Long> b = download(net, lan(s, "/mib.bin?b")).map(r -> time.millis() - start);
        Timed<List<Long>> both = timed(Flux.merge(a, b).collectList());
        // 2 MiB at 250 000 bytes per second: the last ends after 8.4 s, where each alone would take 4.2 s (the
        // first may end sooner: the line is shared, not split evenly). Virtual time moves on when one
        // connection waits while the other's next chunk may still be on its way in real time, so the end
        // can come a chunk's time later than the line's.
        assertThat(both.value()).allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(4_190L));
        assertThat(java.util.Collections.max(both.value())).isBetween(8_300L, 9_500L);
    }

    @Test
    @DisplayName("N-6 conditions changed during a download apply to the rest of it")
    void changedMidway() {
        DisposableServer s = server();
        MiniProgramNetwork net = net();
        net.networkState().conditions(NetworkConditions.custom(Duration.ZERO, MBIT, 0));
        long start = time.millis();
        Timed<DownloadResult> d = timed(download(net, lan(s, "/mib.bin")), now -> {
            if (now - start >= 2_000) {
                net.networkState().conditions(NetworkConditions.custom(Duration.ZERO, 4 * MBIT, 0));
            }
        });
        // about 2 s at 1 Mbit/s (250 kB), then the remaining ~800 kB at 4 Mbit/s (~1.6 s); never the 8.4 s of 1 Mbit/s
        assertThat(d.millis()).isBetween(3_000L, 4_500L);
    }

    @Test
    @DisplayName("N-6 a 512 KiB upload at 1 Mbit/s up takes about 4.2 s of virtual time; the server gets it all")
    void uploadBandwidth() throws Exception {
        DisposableServer s = server();
        MiniProgramNetwork net = net();
        Path file = Files.write(dir.resolve("half.bin"), java.util.Arrays.copyOf(BODY, MIB / 2));
        net.networkState().conditions(NetworkConditions.custom(Duration.ZERO, 0, MBIT));
        Timed<TransferEvent> u = timed(net.uploadFile(UploadOptions.builder(lan(s, "/upload"), file, "f").build()).last());
        assertThat(((UploadResult) ((TransferEvent.Completed) u.value()).result()).data()).isEqualTo("stored");
        // 524 288 bytes and the multipart framing at 125 000 bytes per second
        assertThat(u.millis()).isBetween(4_150L, 4_400L);
    }

    @Test
    @DisplayName("N-6 latency is added to each request, once per round trip: a redirect's two hops take it twice")
    void latencyPerRoundTrip() {
        DisposableServer s = server();
        MiniProgramNetwork net = net();
        net.networkState().conditions(NetworkConditions.custom(Duration.ofMillis(500), 0, 0));
        Timed<HttpResult> one = timed(net.request(RequestOptions.builder(lan(s, "/hello")).build()));
        assertThat(one.value().data()).isEqualTo("hi");
        assertThat(one.millis()).isBetween(500L, 520L);
        Timed<HttpResult> two = timed(net.request(RequestOptions.builder(lan(s, "/moved")).build()));
        assertThat(two.value().data()).isEqualTo("hi");
        assertThat(two.millis()).isBetween(1_000L, 1_040L);
    }

    @Test
    @DisplayName("N-6 a socket's handshake carries the latency and its received frames the download bandwidth")
    void socket() throws Exception {
        DisposableServer s = server();
        MiniProgramNetwork net = net();
        net.networkState().conditions(NetworkConditions.custom(Duration.ofMillis(300), MBIT, 0));
        Timed<SocketTask> open = timed(net.connectSocket(SocketOptions.of(
                "ws://" + LAN_PEER + ":" + s.port() + "/echo")));
        assertThat(open.millis()).isBetween(300L, 320L);
        SocketTask task = open.value();
        CompletableFuture<SocketEvent.Message> echoed = new CompletableFuture<>();
        task.events().ofType(SocketEvent.Message.class).subscribe(echoed::complete);
        byte[] message = java.util.Arrays.copyOf(BODY, 250_000);
        Timed<SocketEvent.Message> back = timed(task.send(message).then(Mono.fromFuture(echoed)));
        assertThat(back.value().bytes()).isEqualTo(message);
        assertThat(back.millis()).isBetween(1_950L, 2_150L); // 250 000 bytes at 125 000 bytes per second
        task.close(1000, "bye").block(WAIT);
    }

    @Test
    @DisplayName("N-6 offline fails calls at once as no network does (N-5), nothing is sent, and the program sees none")
    void offline() {
        DisposableServer s = server();
        MiniProgramNetwork net = net();
        net.networkState().type(NetworkState.Type.G4);
        List<NetworkState.Status> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        net.networkState().statuses().subscribe(seen::add);
        List<NetworkConditions> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        net.networkState().conditionChanges().subscribe(heard::add);
        net.networkState().conditions(NetworkConditions.OFFLINE);
        assertThat(net.networkState().status().type()).isEqualTo(NetworkState.Type.NONE);
        assertThatThrownBy(() -> net.request(RequestOptions.builder(lan(s, "/hello")).build()).block(WAIT))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.errMsg()).isEqualTo("request:fail network error");
                    assertThat(e.rule()).isEqualTo("N-5");
                    assertThat(e.getMessage()).contains("'Offline'");
                });
        assertThat(time.millis()).isZero();
        assertThat(received).isEmpty();
        net.networkState().conditions(NetworkConditions.NONE);
        assertThat(net.networkState().status().type()).isEqualTo(NetworkState.Type.G4); // the host's type again
        assertThat(net.request(RequestOptions.builder(lan(s, "/hello")).build()).block(WAIT).data()).isEqualTo("hi");
        assertThat(seen).extracting(NetworkState.Status::type)
                .containsExactly(NetworkState.Type.G4, NetworkState.Type.NONE, NetworkState.Type.G4);
        assertThat(heard).containsExactly(NetworkConditions.NONE, NetworkConditions.OFFLINE, NetworkConditions.NONE);
    }

    @Test
    @DisplayName("N-6 a pooled connection a throttled runtime used does not throttle the next runtime's call on it")
    void pooledConnectionForgetsThrottling() {
        DisposableServer s = server();
        MiniProgramNetwork slow = net();
        slow.networkState().conditions(NetworkConditions.SLOW_3G);
        assertThat(timed(slow.request(RequestOptions.builder(lan(s, "/hello")).build())).millis()).isGreaterThanOrEqualTo(2_000);
        // another runtime on the same resources, on real time: were it throttled by the first one's
        // conditions, it would wait on a virtual clock nobody moves
        MiniProgramNetwork fast = runtime(lanConfig().build());
        assertThat(fast.request(RequestOptions.builder(lan(s, "/hello")).build()).block(WAIT).data()).isEqualTo("hi");
        assertThat(acceptedConnections.get()).as("the second call reused the first one's connection").isEqualTo(1);
    }
}
