package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.runtime.compat.Wx;
import io.mpnet.testing.Await;
import io.mpnet.testing.TestPki;
import io.mpnet.testing.TestPki.Leaf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.TcpServer;

/** the profile as the platform's typings define it, field by field. */
class ProfileTest extends LoopbackTest {

    static final String HOST = "api.example.com";
    static final String OTHER_PEER = "192.168.50.21";

    static TestPki pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void makePki() {
        pki = TestPki.create();
    }

    /** An HTTP/1.1 server that counts the bytes it reads and answers every request with {@code answer}, as raw bytes. */
    DisposableServer raw(String answer, AtomicInteger read) {
        DisposableServer s = TcpServer.create().host("127.0.0.1").port(0)
                .handle((in, out) -> in.receive().asString(StandardCharsets.ISO_8859_1)
                        .scan(new StringBuilder(), StringBuilder::append)
                        .doOnNext(all -> read.set(all.length()))
                        .filter(all -> all.toString().endsWith("\r\n\r\n"))
                        .next()
                        .flatMap(all -> out.sendString(Mono.just(answer), StandardCharsets.ISO_8859_1).then()))
                .bindNow(WAIT);
        toClose.add(s::disposeNow);
        return s;
    }

    /**
     * Waits (bounded; the pool announces no release) until the pool has the connection back, so the next
     * call reuses it: until no more connections are lent than {@code before} the call (an h2 connection
     * of an earlier test stays lent while the shared resources live).
     */
    static void awaitPooled(int before) {
        Await.until(WAIT, "the pool's lent connections to be back to " + before, resources::acquiredConnections,
                n -> n <= before);
    }

    @Test
    @DisplayName("R-10 HTTP/1.1 byte counts are the request and the answer as on the wire, headers included")
    void bytesIncludeHeaders() {
        String answer = "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello";
        AtomicInteger read = new AtomicInteger();
        DisposableServer s = raw(answer, read);
        RequestProfile p = lanRuntime().request(RequestOptions.get(lan(s, "/bytes")).build()).block(WAIT).profile();
        assertThat(p.receivedBytedCount()).isEqualTo(answer.length());
        assertThat(p.sendBytesCount()).isEqualTo(read.get()).isGreaterThan(100); // request line, Host, Referer, User-Agent...
        assertThat(p.protocol()).isEqualTo("http1.1");
    }

    @Test
    @DisplayName("R-10 a new plain connection: phases in order from fetchStart, no TLS (0), an rtt, the typings' protocol")
    void newPlainConnection() {
        DisposableServer s = server(r -> r.get("/p", (req, res) -> res.sendString(Mono.just("0123456789"))));
        RequestProfile p = lanRuntime().request(RequestOptions.get(lan(s, "/p")).build()).block(WAIT).profile();
        assertThat(p.invokeStart()).isZero();
        assertThat(p.queueStart()).isGreaterThanOrEqualTo(p.invokeStart());
        assertThat(p.fetchStart()).isGreaterThanOrEqualTo(p.queueEnd());
        assertThat(p.domainLookUpStart()).isGreaterThanOrEqualTo(p.fetchStart());
        assertThat(p.connectStart()).isGreaterThanOrEqualTo(p.domainLookUpEnd());
        assertThat(p.connectEnd()).isGreaterThan(p.connectStart());
        assertThat(p.SSLconnectionStart()).isZero();
        assertThat(p.SSLconnectionEnd()).isZero();
        assertThat(p.requestStart()).isGreaterThanOrEqualTo(p.connectEnd());
        assertThat(p.responseEnd()).isGreaterThanOrEqualTo(p.responseStart());
        assertThat(p.redirectStart()).isZero();
        assertThat(p.redirectEnd()).isZero();
        assertThat(p.rtt()).isPositive();
        assertThat(p.protocol()).isEqualTo("http1.1");
        assertThat(p.socketReused()).isFalse();
    }

    @Test
    @DisplayName("R-10 a reused connection: lookup and connect equal fetchStart, TLS 0 on plain http, the connection's rtt")
    void reusedConnection() {
        DisposableServer s = server(r -> r.get("/p", (req, res) -> res.sendString(Mono.just("ok"))));
        MiniProgramNetwork net = lanRuntime();
        int lent = resources.acquiredConnections();
        RequestProfile first = net.request(RequestOptions.get(lan(s, "/p")).build()).block(WAIT).profile();
        awaitPooled(lent);
        RequestProfile p = net.request(RequestOptions.get(lan(s, "/p")).build()).block(WAIT).profile();
        assertThat(p.socketReused()).isTrue();
        assertThat(p.domainLookUpStart()).isEqualTo(p.fetchStart());
        assertThat(p.domainLookUpEnd()).isEqualTo(p.fetchStart());
        assertThat(p.connectStart()).isEqualTo(p.fetchStart());
        assertThat(p.connectEnd()).isEqualTo(p.fetchStart());
        assertThat(p.SSLconnectionStart()).isZero();
        assertThat(p.SSLconnectionEnd()).isZero();
        assertThat(p.rtt()).isEqualTo(first.rtt());
    }

    @Test
    @DisplayName("R-10 TLS: the handshake's times, fetchStart on a reused connection; the counts exclude TLS's own bytes")
    void tls() {
        DisposableServer s = server(HttpServer.create().secure(spec -> spec.sslContext(pki.serverContext(Leaf.GOOD, HOST)))
                .route(r -> r.get("/p", (req, res) -> res.sendString(Mono.just("ok")))));
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(domainConfig(HOST, s.port()).build())
                .trustStore(pki.trustStore()));
        String url = "https://" + HOST + ":" + s.port() + "/p";
        int lent = resources.acquiredConnections();
        RequestProfile p = net.request(RequestOptions.get(url).build()).block(WAIT).profile();
        assertThat(p.SSLconnectionStart()).isGreaterThanOrEqualTo(p.connectStart());
        assertThat(p.SSLconnectionEnd()).isGreaterThan(p.SSLconnectionStart());
        assertThat(p.connectEnd()).isGreaterThanOrEqualTo(p.SSLconnectionEnd());
        // a certificate chain alone is over a kilobyte: these are the HTTP bytes
        assertThat(p.receivedBytedCount()).isBetween(40L, 400L);
        awaitPooled(lent);
        RequestProfile again = net.request(RequestOptions.get(url).build()).block(WAIT).profile();
        assertThat(again.socketReused()).isTrue();
        assertThat(again.SSLconnectionStart()).isEqualTo(again.fetchStart());
        assertThat(again.SSLconnectionEnd()).isEqualTo(again.fetchStart());
    }

    @Test
    @DisplayName("R-10 R-11 over h2 the protocol is h2 and the counts are the bodies")
    void h2() {
        DisposableServer s = server(HttpServer.create().secure(spec -> spec.sslContext(pki.h2ServerContext(Leaf.GOOD, HOST)))
                .protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
                .route(r -> r.post("/p", (req, res) -> req.receive().then(res.sendString(Mono.just("0123456789")).then()))));
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(domainConfig(HOST, s.port()).build())
                .trustStore(pki.trustStore()));
        RequestProfile p = net.request(RequestOptions.post("https://" + HOST + ":" + s.port() + "/p").data("hello")
                .enableHttp2(true).build()).block(WAIT).profile();
        assertThat(p.protocol()).isEqualTo("h2");
        assertThat(p.sendBytesCount()).isEqualTo(5);
        assertThat(p.receivedBytedCount()).isEqualTo(10);
    }

    @Test
    @DisplayName("R-10 R-7 redirects within the host are timed; one to another host leaves redirectStart and redirectEnd 0")
    void redirects() {
        DisposableServer s = server(r -> r
                .get("/from", (req, res) -> res.status(302).header("Location", "/mid").send())
                .get("/mid", (req, res) -> res.status(302).header("Location", "/to").send())
                .get("/away", (req, res) -> res.status(302)
                        .header("Location", "http://" + OTHER_PEER + ":" + req.hostPort() + "/to").send())
                .get("/to", (req, res) -> res.sendString(Mono.just("there"))));
        MiniProgramNetwork net = runtime(lanConfig().host(OTHER_PEER, "127.0.0.1").build());
        RequestProfile p = net.request(RequestOptions.get(lan(s, "/from")).build()).block(WAIT).profile();
        assertThat(p.redirectStart()).isPositive();
        assertThat(p.redirectEnd()).isGreaterThanOrEqualTo(p.redirectStart());
        assertThat(p.fetchStart()).isGreaterThanOrEqualTo(p.redirectEnd());
        assertThat(p.requestStart()).isGreaterThanOrEqualTo(p.fetchStart());

        RequestProfile away = net.request(RequestOptions.get(lan(s, "/away")).build()).block(WAIT).profile();
        assertThat(away.redirectStart()).isZero();
        assertThat(away.redirectEnd()).isZero();
    }

    @Test
    @DisplayName("R-10 throughputKbps is the answer's bytes over its receiving time; 0 for an answer in one read")
    void throughput() {
        DisposableServer s = server(r -> r
                .get("/slow", (req, res) -> res.header("content-length", "20000")
                        .sendString(Flux.just("a".repeat(10_000), "b".repeat(10_000)).delayElements(Duration.ofMillis(50))))
                .get("/one", (req, res) -> res.sendString(Mono.just("x"))));
        MiniProgramNetwork net = lanRuntime();
        RequestProfile p = net.request(RequestOptions.get(lan(s, "/slow")).build()).block(WAIT).profile();
        double ms = p.responseEnd() - p.responseStart();
        assertThat(ms).isPositive();
        assertThat(p.throughputKbps()).isEqualTo((long) (p.receivedBytedCount() * 8 / ms));
        assertThat(p.throughputKbps()).isPositive();
    }

    @Test
    @DisplayName("R-10 U-3 D-1 uploadFile and downloadFile succeed with the profile, in the Java API and in compat")
    void transfers() throws Exception {
        DisposableServer s = server(r -> r
                .post("/up", (req, res) -> req.receive().then(res.sendString(Mono.just("got")).then()))
                .get("/down.txt", (req, res) -> res.sendString(Mono.just("body"))));
        MiniProgramNetwork net = lanRuntime();
        Path file = Files.writeString(dir.resolve("a.txt"), "hello");
        TransferEvent.Completed up = (TransferEvent.Completed) net.uploadFile(UploadOptions.builder(lan(s, "/up"), file, "f")
                .build()).blockLast(WAIT);
        assertThat(up.result().profile().protocol()).isEqualTo("http1.1");
        assertThat(up.result().profile().sendBytesCount()).isGreaterThan(5);
        TransferEvent.Completed down = (TransferEvent.Completed) net.downloadFile(
                DownloadOptions.builder(lan(s, "/down.txt")).build()).blockLast(WAIT);
        assertThat(down.result().profile().receivedBytedCount()).isGreaterThan(4);
        assertThat(down.result().profile().responseEnd()).isGreaterThanOrEqualTo(down.result().profile().responseStart());

        Wx wx = Wx.of(net);
        BlockingQueue<Map<String, Object>> done = new LinkedBlockingQueue<>();
        Map<String, Object> o = new HashMap<>();
        o.put("url", lan(s, "/down.txt"));
        o.put("success", (Consumer<Map<String, Object>>) done::add);
        wx.downloadFile(o);
        Map<String, Object> res = done.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(res).isNotNull().containsKey("profile");
        @SuppressWarnings("unchecked")
        Map<String, Object> profile = (Map<String, Object>) res.get("profile");
        assertThat(profile).containsEntry("protocol", "http1.1").containsKeys("fetchStart", "throughputKbps", "rtt");
    }

    @Test
    @DisplayName("R-10 compat's profile has every field of the typings' RequestProfile, estimates as unknown")
    void typingsFields() throws Exception {
        DisposableServer s = server(r -> r.get("/p", (req, res) -> res.sendString(Mono.just("ok"))));
        BlockingQueue<Map<String, Object>> done = new LinkedBlockingQueue<>();
        Map<String, Object> o = new HashMap<>();
        o.put("url", lan(s, "/p"));
        o.put("success", (Consumer<Map<String, Object>>) done::add);
        Wx.of(lanRuntime()).request(o);
        Map<String, Object> res = done.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(res).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> profile = (Map<String, Object>) res.get("profile");
        // the typings' RequestProfile, field by field (miniprogram-api-typings 5.2.3)
        assertThat(profile).containsOnlyKeys("SSLconnectionEnd", "SSLconnectionStart", "connectEnd", "connectStart",
                "domainLookUpEnd", "domainLookUpStart", "downstreamThroughputKbpsEstimate", "estimate_nettype",
                "fetchStart", "httpDNSDomainLookUpEnd", "httpDNSDomainLookUpStart", "httpRttEstimate", "invokeStart",
                "peerIP", "port", "protocol", "queueEnd", "queueStart", "receivedBytedCount", "redirectEnd",
                "redirectStart", "requestEnd", "requestStart", "responseEnd", "responseStart", "rtt", "sendBytesCount",
                "socketReused", "throughputKbps", "transportRttEstimate", "usingHighPerformanceMode");
        assertThat(profile).containsEntry("estimate_nettype", 0).containsEntry("httpRttEstimate", -1)
                .containsEntry("transportRttEstimate", -1).containsEntry("downstreamThroughputKbpsEstimate", -1)
                .containsEntry("usingHighPerformanceMode", false);
    }

    @Test
    @DisplayName("R-10 S-2 a socket's open event has the typings' SocketProfile, in the Java API and in compat's onOpen")
    void socketOpen() throws Exception {
        DisposableServer s = server(r -> r.ws("/echo", (in, out) -> out.send(in.receive().retain())));
        MiniProgramNetwork net = lanRuntime();
        SocketTask task = net.connectSocket(SocketOptions.of("ws://" + LAN_PEER + ":" + s.port() + "/echo")).block(WAIT);
        toClose.add(() -> task.close(1000, "").block(WAIT));
        SocketEvent.Open open = (SocketEvent.Open) task.events().blockFirst(WAIT);
        SocketProfile p = open.profile();
        assertThat(p.domainLookUpStart()).isGreaterThanOrEqualTo(p.fetchStart());
        assertThat(p.connectStart()).isGreaterThanOrEqualTo(p.domainLookUpEnd());
        assertThat(p.connectEnd()).isGreaterThan(p.connectStart());
        assertThat(p.rtt()).isCloseTo(p.connectEnd() - p.connectStart(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(p.handshakeCost()).isPositive();
        assertThat(p.cost()).isCloseTo(p.connectEnd() + p.handshakeCost(), org.assertj.core.data.Offset.offset(1e-6));

        BlockingQueue<Map<String, Object>> opened = new LinkedBlockingQueue<>();
        Map<String, Object> o = new HashMap<>();
        o.put("url", "ws://" + LAN_PEER + ":" + s.port() + "/echo");
        // as a mini program does: the call and its listener in one task of the event executor (issue 17 §1)
        java.util.concurrent.ExecutorService js = java.util.concurrent.Executors.newSingleThreadExecutor();
        toClose.add(js::shutdownNow);
        Wx wx = Wx.of(net, js);
        java.util.concurrent.atomic.AtomicReference<io.mpnet.runtime.compat.SocketTask> t = new java.util.concurrent.atomic.AtomicReference<>();
        js.execute(() -> {
            t.set(wx.connectSocket(o));
            t.get().onOpen(opened::add);
        });
        Map<String, Object> res = opened.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        js.execute(() -> t.get().close(Map.of()));
        assertThat(res).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> profile = (Map<String, Object>) res.get("profile");
        assertThat(profile).containsOnlyKeys("connectEnd", "connectStart", "cost", "domainLookUpEnd", "domainLookUpStart",
                "fetchStart", "handshakeCost", "rtt");
    }
}
