package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.testing.TestPki;
import io.mpnet.testing.TestPki.Leaf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * a redirect to another origin (scheme, host or port) drops the caller's Authorization,
 * Proxy-Authorization and Cookie; a redirect within the origin keeps them. Two LAN peers
 * (192.168.50.20 and .21) are mapped to the same loopback servers, so a hop can change only the host.
 */
class CrossOriginRedirectTest extends LoopbackTest {

    static final String OTHER_PEER = "192.168.50.21";

    /** The echo route: which of the credentials (and one ordinary header) arrived. */
    static void echo(HttpServerRoutes r) {
        r.get("/echo", (req, res) -> res.sendString(Mono.just("authorization=" + req.requestHeaders().get("Authorization")
                + " proxy=" + req.requestHeaders().get("Proxy-Authorization")
                + " cookie=" + req.requestHeaders().get("Cookie")
                + " x=" + req.requestHeaders().get("X-Trace"))));
    }

    static TestPki pki;

    DisposableServer other;
    DisposableServer tls;

    @BeforeAll
    static void makePki() {
        pki = TestPki.create();
    }

    /** The first server: redirects to itself, to the other host, to the other port, to https, and away and back. */
    DisposableServer first() {
        other = server(CrossOriginRedirectTest::echo);
        tls = server(HttpServer.create().secure(spec -> spec.sslContext(pki.serverContext(Leaf.GOOD, LAN_PEER)))
                .route(CrossOriginRedirectTest::echo));
        return server(r -> {
            echo(r);
            r.get("/same", (req, res) -> res.status(302).header("Location", "/echo").send());
            r.get("/same-absolute", (req, res) -> res.status(307)
                    .header("Location", "http://" + LAN_PEER + ":" + port(req) + "/echo").send());
            r.get("/other-host", (req, res) -> res.status(302)
                    .header("Location", "http://" + OTHER_PEER + ":" + port(req) + "/echo").send());
            r.get("/other-port", (req, res) -> res.status(302)
                    .header("Location", "http://" + LAN_PEER + ":" + other.port() + "/echo").send());
            r.get("/other-scheme", (req, res) -> res.status(302)
                    .header("Location", "https://" + LAN_PEER + ":" + tls.port() + "/echo").send());
            r.get("/away-and-back", (req, res) -> res.status(302)
                    .header("Location", "http://" + OTHER_PEER + ":" + port(req) + "/back").send());
            r.get("/back", (req, res) -> res.status(302)
                    .header("Location", "http://" + LAN_PEER + ":" + port(req) + "/echo").send());
        });
    }

    static int port(reactor.netty.http.server.HttpServerRequest req) {
        return req.hostAddress().getPort();
    }

    MiniProgramNetwork net() {
        // urlCheck=false only so the https hop accepts the test certificate; R-13 does not depend on it
        return runtime(lanConfig().host(OTHER_PEER, "127.0.0.1").urlCheck(false).build());
    }

    static RequestOptions withCredentials(String url) {
        return RequestOptions.get(url).header("Authorization", "Bearer secret").header("proxy-authorization", "Basic p")
                .header("COOKIE", "session=s").header("X-Trace", "t").build();
    }

    static final String KEPT = "authorization=Bearer secret proxy=Basic p cookie=session=s x=t";
    static final String DROPPED = "authorization=null proxy=null cookie=null x=t";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/same", "/same-absolute"})
    @DisplayName("R-13 a redirect within the origin keeps Authorization, Proxy-Authorization and Cookie")
    void sameOriginKeeps(String path) {
        DisposableServer s = first();
        HttpResult r = net().request(withCredentials(lan(s, path))).block(WAIT);
        assertThat(r.data()).isEqualTo(KEPT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/other-host", "/other-port", "/other-scheme"})
    @DisplayName("R-13 a redirect to another host, port or scheme drops Authorization, Proxy-Authorization and Cookie")
    void crossOriginDrops(String path) {
        DisposableServer s = first();
        HttpResult r = net().request(withCredentials(lan(s, path))).block(WAIT);
        assertThat(r.data()).isEqualTo(DROPPED);
    }

    @Test
    @DisplayName("R-13 credentials dropped on the way out stay dropped when a later hop comes back to the first origin")
    void stayDropped() {
        DisposableServer s = first();
        HttpResult r = net().request(withCredentials(lan(s, "/away-and-back"))).block(WAIT);
        assertThat(r.data()).isEqualTo(DROPPED);
    }

    @Test
    @DisplayName("R-13 downloadFile keeps the credentials within the origin and drops them on a cross-origin redirect")
    void download() throws Exception {
        DisposableServer s = first();
        MiniProgramNetwork net = net();
        for (String[] c : List.of(new String[] {"/same", KEPT}, new String[] {"/other-host", DROPPED},
                new String[] {"/other-port", DROPPED})) {
            DownloadOptions.Builder b = DownloadOptions.builder(lan(s, c[0]));
            withCredentials(lan(s, c[0])).header().forEach(b::header);
            DownloadResult r = net.downloadFile(b.build()).as(TransferEvent::downloadResult).block(WAIT);
            Path file = r.path();
            assertThat(Files.readString(file)).as(c[0]).isEqualTo(c[1]);
        }
    }
}
