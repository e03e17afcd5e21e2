package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServerRequest;

/**
 * R-3u: every call (request, uploadFile, downloadFile, the WebSocket handshake) sends the
 * platform-form User-Agent of the profile, or the configured one; never Reactor Netty's
 * {@code ReactorNetty/<version>}, and never a caller's own.
 */
class UserAgentTest extends LoopbackTest {

    @TempDir
    Path dir;

    /** The User-Agent of each request or handshake the server received, in order. */
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    DisposableServer uaServer() {
        return server(r -> r
                .ws("/ws", (in, out) -> {
                    seen.add(String.valueOf(in.headers().get("User-Agent")));
                    return out.neverComplete();
                })
                .route(req -> true, (req, res) -> {
                    note(req);
                    return req.receive().then(res.sendString(Mono.just("ok")).then());
                }));
    }

    private void note(HttpServerRequest req) {
        seen.add(String.valueOf(req.requestHeaders().get("User-Agent")));
    }

    String next() throws InterruptedException {
        String ua = seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(ua).as("the server saw a request").isNotNull();
        return ua;
    }

    MiniProgramNetwork net(io.mpnet.policy.NetworkConfig config) {
        return runtime(MiniProgramNetwork.builder(config).storage(dir.resolve("storage")));
    }

    /** One of each kind of call, each of which the server notes. */
    void everyKind(MiniProgramNetwork net, DisposableServer s) throws Exception {
        net.request(RequestOptions.get(lan(s, "/r")).build()).block(WAIT);
        Path file = Files.writeString(dir.resolve("a.txt"), "hello");
        net.uploadFile(UploadOptions.builder(lan(s, "/u"), file, "f").build()).blockLast(WAIT);
        net.downloadFile(DownloadOptions.builder(lan(s, "/d.txt")).build()).blockLast(WAIT);
        SocketTask ws = net.connectSocket(SocketOptions.of("ws://" + LAN_PEER + ":" + s.port() + "/ws")).block(WAIT);
        ws.events().blockFirst(WAIT); // open: the handshake has been seen
        ws.close(1000, "").block(WAIT);
    }

    @Test
    @DisplayName("R-3u request, uploadFile, downloadFile and connectSocket send the wechat profile's User-Agent")
    void profileDefault() throws Exception {
        DisposableServer s = uaServer();
        everyKind(net(lanConfig().build()), s);
        for (String kind : new String[] {"request", "uploadFile", "downloadFile", "connectSocket"}) {
            assertThat(next()).as(kind).isEqualTo(Profile.WECHAT.userAgent()).doesNotContain("ReactorNetty");
        }
    }

    @Test
    @DisplayName("R-3u a configured userAgent is sent by every kind of call")
    void configured() throws Exception {
        DisposableServer s = uaServer();
        everyKind(net(lanConfig().userAgent("Mozilla/5.0 DemoHost/2.1 MiniProgramEnv/android").build()), s);
        for (String kind : new String[] {"request", "uploadFile", "downloadFile", "connectSocket"}) {
            assertThat(next()).as(kind).isEqualTo("Mozilla/5.0 DemoHost/2.1 MiniProgramEnv/android");
        }
    }

    @Test
    @DisplayName("R-3u the appservice profile sends its own User-Agent")
    void appservice() throws Exception {
        DisposableServer s = uaServer();
        net(lanConfig().profile(Profile.APPSERVICE).build()).request(RequestOptions.get(lan(s, "/r")).build()).block(WAIT);
        assertThat(next()).isEqualTo(Profile.APPSERVICE.userAgent());
    }

    @Test
    @DisplayName("R-3u a caller's User-Agent header (any letter case) is dropped, as the platform does; the runtime's is sent")
    void callerCannotSet() throws Exception {
        DisposableServer s = uaServer();
        MiniProgramNetwork net = net(lanConfig().build());
        net.request(RequestOptions.get(lan(s, "/r")).header("user-agent", "curl/8.0").build()).block(WAIT);
        assertThat(next()).isEqualTo(Profile.WECHAT.userAgent());
        net.downloadFile(DownloadOptions.builder(lan(s, "/d.txt")).header("User-Agent", "curl/8.0").build()).blockLast(WAIT);
        assertThat(next()).isEqualTo(Profile.WECHAT.userAgent());
    }
}
