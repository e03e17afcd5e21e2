package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.testing.TestPki;
import io.mpnet.testing.TestPki.Leaf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The header map stays as received (the platform's shape: h2 names in lower case, HTTP/1.1 names
 * as the server wrote them), and {@link ReceivedHeaders#header(String)} finds a header in any
 * letter case on every result and event that carries headers.
 */
class HeaderLookupTest extends LoopbackTest {

    static final String HOST = "api.example.com";

    @TempDir
    Path dir;

    /** A 201 with a Location and a mixed-case header, as an upload or create endpoint answers. */
    static void routes(HttpServerRoutes r) {
        r.route(req -> true, (req, res) -> res.status(201)
                .header("Location", "/items/42").header("X-Trace-Id", "t-1")
                .header("Content-Type", "text/plain").sendString(Mono.just("created")));
    }

    MiniProgramNetwork lanNet() {
        return runtime(MiniProgramNetwork.builder(lanConfig().build()).storage(dir.resolve("storage")));
    }

    static void assertLookup(ReceivedHeaders h) {
        assertThat(h.header("Location")).isEqualTo("/items/42");
        assertThat(h.header("location")).isEqualTo("/items/42");
        assertThat(h.header("LOCATION")).isEqualTo("/items/42");
        assertThat(h.header("x-trace-id")).isEqualTo("t-1");
        assertThat(h.header("X-Missing")).isNull();
    }

    @Test
    @DisplayName("R-4 over HTTP/1.1 the map keeps the server's spelling; header(name) finds it in any case")
    void http11() {
        DisposableServer s = server(HeaderLookupTest::routes);
        MiniProgramNetwork net = lanNet();
        HttpResult r = net.request(RequestOptions.get(lan(s, "/")).build()).block(WAIT);
        assertThat(r.header()).containsEntry("Location", "/items/42").doesNotContainKey("location");
        assertLookup(r);

        List<RequestEvent> events = net.exchange(RequestOptions.get(lan(s, "/")).build()).collectList().block(WAIT);
        assertLookup((RequestEvent.HeadersReceived) events.get(0));
        assertLookup(((RequestEvent.Completed) events.get(1)).result());
    }

    @Test
    @DisplayName("R-4 R-11 over h2 the map has lower-case names (get(\"Location\") is null); header(\"Location\") finds it")
    void h2() {
        TestPki pki = TestPki.create();
        DisposableServer s = server(HttpServer.create().secure(spec -> spec.sslContext(pki.h2ServerContext(Leaf.GOOD, HOST)))
                .protocol(HttpProtocol.H2, HttpProtocol.HTTP11).route(HeaderLookupTest::routes));
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(domainConfig(HOST, s.port()).build())
                .trustStore(pki.trustStore()));
        HttpResult r = net.request(RequestOptions.get("https://" + HOST + ":" + s.port() + "/").enableHttp2(true).build())
                .block(WAIT);
        assertThat(r.profile().protocol()).isEqualTo("h2");
        assertThat(r.header()).as("the platform's shape: as received").containsEntry("location", "/items/42");
        assertThat(r.header().get("Location")).as("why the lookup exists").isNull();
        assertLookup(r);
    }

    @Test
    @DisplayName("U-3 D-5 upload and download results and their headers events look headers up in any case")
    void transfers() throws Exception {
        DisposableServer s = server(HeaderLookupTest::routes);
        MiniProgramNetwork net = lanNet();
        Path file = Files.writeString(dir.resolve("a.txt"), "hello");
        List<TransferEvent> up = net.uploadFile(UploadOptions.builder(lan(s, "/upload"), file, "f").build())
                .collectList().block(WAIT);
        assertLookup(up.stream().filter(TransferEvent.HeadersReceived.class::isInstance)
                .map(TransferEvent.HeadersReceived.class::cast).findFirst().orElseThrow());
        TransferResult upload = ((TransferEvent.Completed) up.get(up.size() - 1)).result();
        assertThat(upload).isInstanceOf(UploadResult.class);
        assertLookup(upload);

        List<TransferEvent> down = net.downloadFile(DownloadOptions.builder(lan(s, "/a.txt")).build())
                .collectList().block(WAIT);
        assertLookup((TransferEvent.HeadersReceived) down.get(0));
        DownloadResult download = (DownloadResult) ((TransferEvent.Completed) down.get(down.size() - 1)).result();
        assertLookup(download);
        assertThat(Files.readString(download.path())).isEqualTo("created");
    }

    @Test
    @DisplayName("S-2 the socket's open event looks up the handshake response headers in any case")
    void socketOpen() {
        DisposableServer s = server(HttpServer.create().route(r -> r.ws("/echo", (in, out) -> out.neverComplete())));
        MiniProgramNetwork net = lanNet();
        SocketTask task = net.connectSocket(SocketOptions.of("ws://" + LAN_PEER + ":" + s.port() + "/echo")).block(WAIT);
        SocketEvent.Open open = (SocketEvent.Open) task.events().blockFirst(WAIT);
        assertThat(open.header()).as("Netty's server writes lower-case names").containsKey("upgrade");
        assertThat(open.header().get("Upgrade")).isNull();
        assertThat(open.header("Upgrade")).isEqualTo("websocket");
        assertThat(open.header("Sec-WebSocket-Accept")).isNotEmpty();
        assertThat(open.header("X-Missing")).isNull();
        task.close(1000, "").block(WAIT);
    }

    @Test
    @DisplayName("R-4 header(name) compares ASCII letters only: a dotless \u0131 does not match i")
    void asciiOnly() {
        ReceivedHeaders r = new TransferEvent.HeadersReceived(200, Map.of("X-Id", "1"), List.of());
        assertThat(r.header("x-id")).isEqualTo("1");
        assertThat(r.header("x-\u0131d")).isNull();
    }
}
