package io.mpnet.runtime;

import io.mpnet.policy.ResponseType;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.testing.TestPki;
import io.mpnet.testing.TestPki.Leaf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import org.reactivestreams.Publisher;

/**
 * R-6c: compressed responses reach the caller decoded, as the platform's network stack hands them
 * to the mini program, whoever asked for the compression. The servers send gzip or deflate bytes
 * with the compressed body's {@code Content-Length}, as nginx's {@code gzip on} does for a static
 * file, or compress on their own (Reactor Netty's {@code compress(true)}, like Node's
 * {@code compression} middleware) when the request accepts it.
 */
class ContentEncodingTest extends LoopbackTest {

    /** A JSON body far larger than its compressed form, and than the 64 KiB BodyBytes presizes. */
    static final String JSON = json(20_000);

    @TempDir
    Path dir;

    /** The Accept-Encoding of each request the server received, in order. */
    final BlockingQueue<String> acceptEncoding = new LinkedBlockingQueue<>();

    static String json(int items) {
        StringBuilder sb = new StringBuilder("{\"items\":[");
        for (int i = 0; i < items; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item ").append(i).append("\"}");
        }
        return sb.append("]}").toString();
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** HTTP's "deflate": the zlib format (RFC 9110 8.4.1.2). */
    static byte[] deflate(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Sends {@code body} as already encoded with {@code encoding}, with its (compressed) length. */
    Publisher<Void> encoded(HttpServerRequest req, HttpServerResponse res, String encoding, String type, byte[] body) {
        acceptEncoding.add(String.valueOf(req.requestHeaders().get("Accept-Encoding")));
        return res.header("Content-Encoding", encoding).header("Content-Type", type)
                .header("Content-Length", String.valueOf(body.length)).sendByteArray(Mono.just(body));
    }

    DisposableServer encodingServer() {
        byte[] gz = gzip(JSON);
        byte[] zz = deflate("plain text, deflated");
        assertThat(gz.length).as("the compressed body is far shorter than the decoded one").isLessThan(JSON.length() / 5);
        return server(r -> r
                .get("/data.json", (req, res) -> encoded(req, res, "gzip", "application/json", gz))
                .get("/note.txt", (req, res) -> encoded(req, res, "deflate", "text/plain; charset=utf-8", zz)));
    }

    MiniProgramNetwork net() {
        return runtime(MiniProgramNetwork.builder(lanConfig().build()).storage(dir.resolve("storage")));
    }

    String sentAcceptEncoding() throws InterruptedException {
        String v = acceptEncoding.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(v).as("the server saw the request").isNotNull();
        return v;
    }

    @Test
    @DisplayName("R-6c request(): a gzip JSON body longer than its Content-Length comes back parsed in data")
    void requestGzipJson() throws InterruptedException {
        DisposableServer s = encodingServer();
        HttpResult r = net().request(RequestOptions.get(lan(s, "/data.json")).build()).block(WAIT);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.data()).isInstanceOf(Map.class);
        List<?> items = (List<?>) ((Map<?, ?>) r.data()).get("items");
        assertThat(items).hasSize(20_000);
        assertThat(items.get(19_999)).isEqualTo(Map.of("id", 19_999, "name", "item 19999"));
        assertThat(r.header()).as("the headers describe the decoded body: no Content-Encoding, no compressed length")
                .doesNotContainKeys("content-encoding", "content-length");
        assertThat(sentAcceptEncoding()).as("what is sent by default").isEqualTo("gzip, deflate");
    }

    @Test
    @DisplayName("R-12 R-6c request(): a gzip bomb is counted as it is decoded and refused at maxResponseBytes")
    void gzipBombStopsAtTheLimit() {
        byte[] zeros = new byte[32 * 1024 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(zeros);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bomb = out.toByteArray();
        assertThat(bomb.length).as("32 MiB of zeros compress to a few dozen KiB").isLessThan(64 * 1024);
        DisposableServer s = server(r -> r.get("/bomb", (req, res) -> encoded(req, res, "gzip", "text/plain", bomb)));
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig().maxResponseBytes(1024 * 1024).build())
                .storage(dir.resolve("storage")));

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> net.request(RequestOptions.get(lan(s, "/bomb")).build()).block(WAIT))
                .isInstanceOfSatisfying(io.mpnet.policy.MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo("R-12");
                    assertThat(e.explanation()).contains("1048576");
                });
        HttpResult next = net.request(RequestOptions.get(lan(encodingServer(), "/note.txt")).build()).block(WAIT);
        assertThat(next.data()).as("the runtime serves the next call").isEqualTo("plain text, deflated");
    }

    @Test
    @DisplayName("R-6c request(): a deflate text body comes back as text; arraybuffer gets the decoded bytes")
    void requestDeflateText() {
        DisposableServer s = encodingServer();
        MiniProgramNetwork net = net();
        assertThat(net.request(RequestOptions.get(lan(s, "/note.txt")).build()).block(WAIT).data())
                .isEqualTo("plain text, deflated");
        Object bytes = net.request(RequestOptions.get(lan(s, "/note.txt")).responseType(ResponseType.ARRAYBUFFER).build())
                .block(WAIT).data();
        assertThat((byte[]) bytes).isEqualTo("plain text, deflated".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("R-6c a caller who sets Accept-Encoding: gzip has it sent as given and still gets the text decoded")
    void callerAcceptEncoding() throws InterruptedException {
        DisposableServer s = encodingServer();
        HttpResult r = net().request(RequestOptions.get(lan(s, "/note.txt")).header("Accept-Encoding", "gzip").build())
                .block(WAIT);
        assertThat(r.data()).isEqualTo("plain text, deflated");
        assertThat(sentAcceptEncoding()).isEqualTo("gzip");
    }

    @Test
    @DisplayName("R-6c R-9 exchange(): the chunks and the result carry the decoded body")
    void exchangeEvents() {
        DisposableServer s = encodingServer();
        List<RequestEvent> events = net().exchange(RequestOptions.get(lan(s, "/data.json")).enableChunked(true).build())
                .collectList().block(WAIT);
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        events.stream().filter(RequestEvent.Chunk.class::isInstance)
                .forEach(e -> chunks.writeBytes(((RequestEvent.Chunk) e).data()));
        assertThat(chunks.toString(StandardCharsets.UTF_8)).isEqualTo(JSON);
        HttpResult r = ((RequestEvent.Completed) events.get(events.size() - 1)).result();
        assertThat(((List<?>) ((Map<?, ?>) r.data()).get("items"))).hasSize(20_000);

        List<RequestEvent> plain = net().exchange(RequestOptions.get(lan(s, "/note.txt")).build()).collectList().block(WAIT);
        assertThat(plain.get(0)).isInstanceOf(RequestEvent.HeadersReceived.class);
        assertThat(((RequestEvent.Completed) plain.get(1)).result().data()).isEqualTo("plain text, deflated");
    }

    @Test
    @DisplayName("R-6c D-1 downloadFile saves the decoded body; D-2 its length is unknown up front (-1)")
    void downloadDecoded() throws IOException {
        DisposableServer s = encodingServer();
        List<TransferEvent> events = net().downloadFile(DownloadOptions.builder(lan(s, "/data.json")).build())
                .collectList().block(WAIT);
        DownloadResult r = (DownloadResult) ((TransferEvent.Completed) events.get(events.size() - 1)).result();
        assertThat(Files.readString(r.path())).isEqualTo(JSON);
        assertThat(r.size()).isEqualTo(JSON.length());
        TransferEvent.Progress last = (TransferEvent.Progress) events.get(events.size() - 2);
        assertThat(last.progress()).isEqualTo(100);
        assertThat(last.totalBytes()).isEqualTo(JSON.length());
        assertThat(events).filteredOn(TransferEvent.Progress.class::isInstance)
                .allSatisfy(e -> assertThat(((TransferEvent.Progress) e).totalBytesExpected()).isEqualTo(-1));
    }

    @Test
    @DisplayName("R-6c answers without a body (HEAD, 304) that name a Content-Encoding succeed with an empty body")
    void bodilessAnswers() {
        byte[] gz = gzip(JSON);
        DisposableServer s = server(r -> r
                .route(req -> req.path().equals("data.json"), (req, res) -> res.header("Content-Encoding", "gzip")
                        .header("Content-Type", "application/json").header("Content-Length", String.valueOf(gz.length))
                        .sendByteArray(req.method().name().equals("HEAD") ? Mono.empty() : Mono.just(gz)))
                .get("/cached.json", (req, res) -> res.status(304).header("Content-Encoding", "gzip")
                        .header("ETag", "\"v1\"").send()));
        MiniProgramNetwork net = net();
        HttpResult head = net.request(RequestOptions.builder(lan(s, "/data.json")).method("HEAD").build()).block(WAIT);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.data()).isEqualTo("");
        HttpResult notModified = net.request(RequestOptions.get(lan(s, "/cached.json")).build()).block(WAIT);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.data()).isEqualTo("");
        Object next = net.request(RequestOptions.get(lan(s, "/data.json")).build()).block(WAIT).data();
        assertThat(next).as("the connection is fit for the next call").isInstanceOf(Map.class);
    }

    @Test
    @DisplayName("R-6c a server that compresses what the request accepts (gzip on) is asked to, and decoded")
    void serverCompressesWhatIsAccepted() throws InterruptedException {
        DisposableServer s = server(HttpServer.create().compress(true).route(r -> r.get("/big", (req, res) -> {
            acceptEncoding.add(String.valueOf(req.requestHeaders().get("Accept-Encoding")));
            return res.header("Content-Type", "application/json").sendString(Mono.just(JSON));
        })));
        HttpResult r = net().request(RequestOptions.get(lan(s, "/big")).build()).block(WAIT);
        assertThat(((List<?>) ((Map<?, ?>) r.data()).get("items"))).hasSize(20_000);
        assertThat(sentAcceptEncoding()).isEqualTo("gzip, deflate");
    }

    @Test
    @DisplayName("R-6c R-11 a gzip body over h2 comes back decoded")
    void gzipOverH2() {
        String host = "api.example.com";
        TestPki pki = TestPki.create();
        byte[] gz = gzip(JSON);
        DisposableServer s = server(HttpServer.create().secure(spec -> spec.sslContext(pki.h2ServerContext(Leaf.GOOD, host)))
                .protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
                .route(r -> r.get("/data.json", (req, res) -> encoded(req, res, "gzip", "application/json", gz))));
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(domainConfig(host, s.port()).build())
                .trustStore(pki.trustStore()));
        HttpResult r = net.request(RequestOptions.get("https://" + host + ":" + s.port() + "/data.json")
                .enableHttp2(true).build()).block(WAIT);
        assertThat(r.profile().protocol()).isEqualTo("h2");
        assertThat(((List<?>) ((Map<?, ?>) r.data()).get("items"))).hasSize(20_000);
    }
}
