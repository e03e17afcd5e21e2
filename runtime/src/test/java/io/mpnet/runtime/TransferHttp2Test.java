package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.testing.TestPki;
import io.mpnet.testing.TestPki.Leaf;
import io.mpnet.runtime.compat.Wx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/** R-11 on uploadFile and downloadFile: enableHttp2 offers h2, as it does on request. */
class TransferHttp2Test extends LoopbackTest {

    static final String HOST = "api.example.com";
    static TestPki pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void makePki() {
        pki = TestPki.create();
    }

    /** An HTTPS server offering h2 and HTTP/1.1, answering the protocol each call spoke. */
    DisposableServer h2Server() {
        return server(HttpServer.create().secure(spec -> spec.sslContext(pki.h2ServerContext(Leaf.GOOD, HOST)))
                .protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
                .route(r -> r
                        .get("/protocol", (req, res) -> res.sendString(Mono.just(req.protocol())))
                        .post("/up", (req, res) -> req.receive().then(res.sendString(Mono.just(req.protocol())).then()))));
    }

    MiniProgramNetwork net(DisposableServer s) {
        String origin = "https://" + HOST + ":" + s.port();
        return runtime(MiniProgramNetwork.builder(domainConfig(HOST, s.port())
                        .domains(ApiKind.UPLOAD_FILE, origin).domains(ApiKind.DOWNLOAD_FILE, origin).build())
                .trustStore(pki.trustStore()).storage(dir.resolve("storage")));
    }

    String url(DisposableServer s, String path) {
        return "https://" + HOST + ":" + s.port() + path;
    }

    @Test
    @DisplayName("R-11 downloadFile with enableHttp2 speaks h2 when the server offers it; without, HTTP/1.1")
    void download() throws Exception {
        DisposableServer s = h2Server();
        MiniProgramNetwork net = net(s);
        TransferEvent.Completed h2 = (TransferEvent.Completed) net.downloadFile(
                DownloadOptions.builder(url(s, "/protocol")).enableHttp2(true).build()).blockLast(WAIT);
        assertThat(Files.readString(((DownloadResult) h2.result()).path())).isEqualTo("HTTP/2.0");
        assertThat(((DownloadResult) h2.result()).profile().protocol()).as("R-10 protocol").isEqualTo("h2");
        TransferEvent.Completed h1 = (TransferEvent.Completed) net.downloadFile(
                DownloadOptions.builder(url(s, "/protocol")).build()).blockLast(WAIT);
        assertThat(Files.readString(((DownloadResult) h1.result()).path())).isEqualTo("HTTP/1.1");
    }

    @Test
    @DisplayName("R-11 uploadFile with enableHttp2 speaks h2 when the server offers it; without, HTTP/1.1")
    void upload() throws Exception {
        DisposableServer s = h2Server();
        MiniProgramNetwork net = net(s);
        Path file = Files.writeString(dir.resolve("a.txt"), "hello");
        TransferEvent.Completed h2 = (TransferEvent.Completed) net.uploadFile(
                UploadOptions.builder(url(s, "/up"), file, "f").enableHttp2(true).build()).blockLast(WAIT);
        assertThat(((UploadResult) h2.result()).data()).isEqualTo("HTTP/2.0");
        assertThat(((UploadResult) h2.result()).profile().protocol()).as("R-10 protocol").isEqualTo("h2");
        TransferEvent.Completed h1 = (TransferEvent.Completed) net.uploadFile(
                UploadOptions.builder(url(s, "/up"), file, "f").build()).blockLast(WAIT);
        assertThat(((UploadResult) h1.result()).data()).isEqualTo("HTTP/1.1");
    }

    @Test
    @DisplayName("R-11 compat: wx.uploadFile and wx.downloadFile read enableHttp2 and speak h2")
    void compat() throws Exception {
        DisposableServer s = h2Server();
        MiniProgramNetwork net = net(s);
        Files.writeString(Files.createDirectories(dir.resolve("storage/usr")).resolve("a.txt"), "hello");
        BlockingQueue<Map<String, Object>> results = new LinkedBlockingQueue<>();
        try (Wx wx = Wx.of(net)) {
            Consumer<Map<String, Object>> done = results::add;
            wx.uploadFile(Map.of("url", url(s, "/up"), "filePath", Wx.USER_DATA_PATH + "/a.txt",
                    "name", "f", "enableHttp2", true, "complete", done));
            assertThat(results.poll(10, TimeUnit.SECONDS)).containsEntry("data", "HTTP/2.0");
            wx.downloadFile(Map.of("url", url(s, "/protocol"), "filePath", Wx.USER_DATA_PATH + "/p.txt",
                    "enableHttp2", true, "complete", done));
            assertThat(results.poll(10, TimeUnit.SECONDS)).containsEntry("errMsg", "downloadFile:ok");
            assertThat(Files.readString(dir.resolve("storage/usr/p.txt"))).isEqualTo("HTTP/2.0");
        }
    }
}
