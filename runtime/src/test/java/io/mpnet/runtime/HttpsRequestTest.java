package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.testing.OldTlsServer;
import io.mpnet.testing.TestPki;
import io.mpnet.testing.TestPki.Leaf;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * The TLS rules end to end: {@code wx.request} through {@link MiniProgramNetwork} to a loopback HTTPS
 * server known as {@value #HOST} (the config's {@code hosts} maps it to 127.0.0.1, the configured
 * domain carries the server's port), judged by the real domain policy.
 */
class HttpsRequestTest extends LoopbackTest {

    static final String HOST = "api.example.com";

    static TestPki pki;

    @BeforeAll
    static void makePki() {
        pki = TestPki.create();
    }

    /** An HTTPS server answering the protocol it speaks; with {@code h2} it offers h2 by ALPN. */
    DisposableServer https(SslContext context, boolean h2) {
        HttpServer s = HttpServer.create().secure(spec -> spec.sslContext(context))
                .route(r -> r
                        .get("/protocol", (req, res) -> res.sendString(Mono.just(req.protocol())))
                        .get("/to-http", (req, res) -> res.status(302)
                                .header("Location", "http://" + req.requestHeaders().get("Host") + "/protocol").send()));
        return server(h2 ? s.protocol(HttpProtocol.H2, HttpProtocol.HTTP11) : s);
    }

    static String url(DisposableServer s, String path) {
        return "https://" + HOST + ":" + s.port() + path;
    }

    MiniProgramNetwork net(DisposableServer s) {
        return runtime(MiniProgramNetwork.builder(domainConfig(HOST, s.port()).build()).trustStore(pki.trustStore()));
    }

    @Test
    @DisplayName("X-2 a good chain to the given trust store succeeds")
    void goodChain() {
        DisposableServer s = https(pki.serverContext(Leaf.GOOD, HOST), false);
        HttpResult r = net(s).request(RequestOptions.get(url(s, "/protocol")).build()).block(WAIT);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.data()).isEqualTo("HTTP/1.1");
        assertThat(r.profile().SSLconnectionEnd()).isGreaterThanOrEqualTo(r.profile().SSLconnectionStart());
    }

    @ParameterizedTest(name = "{0} fails with {1}")
    @CsvSource({
        "EXPIRED,          X-2, expired on",
        "NOT_YET_VALID,    X-2, is not valid before",
        "WRONG_HOST,       X-2, not for " + HOST,
        "INCOMPLETE_CHAIN, X-2, the server did not send",
        "SELF_SIGNED,      X-3, self-signed",
        "DISTRUSTED_CA,    X-4, WoSign",
    })
    @DisplayName("X-5 each refused certificate fails the call with its rule id and the host")
    void refused(Leaf kind, String rule, String detail) {
        DisposableServer s = https(pki.serverContext(kind, HOST), false);
        MiniProgramNetwork net = net(s);
        StepVerifier.create(net.request(RequestOptions.get(url(s, "/protocol")).build()))
                .expectErrorSatisfies(e -> {
                    MpNetException m = (MpNetException) e;
                    assertThat(m.rule()).isEqualTo(rule);
                    assertThat(m.reason()).isEqualTo(FailReason.SSL_HANDSHAKE);
                    assertThat(m.errMsg()).isEqualTo("request:fail ssl hand shake error");
                    assertThat(m.errno()).hasValue(600000);
                    assertThat(m.getMessage()).contains(HOST).contains(detail);
                    assertThat(m.getCause()).as("E-2: the transport's exception is kept as the cause").isNotNull();
                })
                .verify(WAIT);
        assertThat(net.availableSlots()).as("L-2 the slot is back").isEqualTo(10);
    }

    @Test
    @DisplayName("X-3 a self-signed leaf fails even when the runtime's trust store holds it")
    void selfSignedTrusted() {
        TestPki.ServerCert cert = pki.issue(Leaf.SELF_SIGNED, HOST);
        DisposableServer s = https(cert.sslContext(false), false);
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(domainConfig(HOST, s.port()).build())
                .trustStore(pki.trustStore(cert.leaf())));
        StepVerifier.create(net.request(RequestOptions.get(url(s, "/protocol")).build()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo("X-3"))
                .verify(WAIT);
    }

    @Test
    @DisplayName("X-2 the trust store named by tls.trustStore in mpnet.json (a path relative to the file) is used")
    void trustStoreFromConfigFile(@TempDir Path dir) throws Exception {
        DisposableServer s = https(pki.serverContext(Leaf.GOOD, HOST), false);
        Files.createDirectories(dir.resolve("certs"));
        pki.trustStoreFile(dir.resolve("certs"));
        Path json = dir.resolve("mpnet.json");
        Files.writeString(json, """
                {
                  "appId": "wx0123456789abcdef",
                  "version": "0",
                  "domains": { "request": ["https://%s:%d"] },
                  "hosts": { "%s": "127.0.0.1" },
                  "tls": { "trustStore": "certs/%s", "password": "%s" }
                }
                """.formatted(HOST, s.port(), HOST, TestPki.TRUST_STORE_FILE, TestPki.PASSWORD));
        NetworkConfig config = NetworkConfig.load(json);
        HttpResult r = runtime(config).request(RequestOptions.get(url(s, "/protocol")).build()).block(WAIT);
        assertThat(r.statusCode()).isEqualTo(200);
        // the same server without the file: the JDK's roots do not know the test root
        StepVerifier.create(runtime(domainConfig(HOST, s.port()).build())
                        .request(RequestOptions.get(url(s, "/protocol")).build()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo("X-2"))
                .verify(WAIT);
    }

    @Test
    @DisplayName("R-11 enableHttp2 negotiates h2 when the server offers it")
    void http2() {
        DisposableServer s = https(pki.h2ServerContext(Leaf.GOOD, HOST), true);
        HttpResult r = net(s).request(RequestOptions.get(url(s, "/protocol")).enableHttp2(true).build()).block(WAIT);
        assertThat(r.data()).as("what the server saw").isEqualTo("HTTP/2.0");
        assertThat(r.profile().protocol()).isEqualTo("h2");
    }

    @Test
    @DisplayName("R-11 without enableHttp2 the call stays on HTTP/1.1 though the server offers h2")
    void http11WhenNotAsked() {
        DisposableServer s = https(pki.h2ServerContext(Leaf.GOOD, HOST), true);
        HttpResult r = net(s).request(RequestOptions.get(url(s, "/protocol")).build()).block(WAIT);
        assertThat(r.data()).isEqualTo("HTTP/1.1");
        assertThat(r.profile().protocol()).isEqualTo("http1.1");
    }

    @Test
    @DisplayName("R-11 enableHttp2 falls back to HTTP/1.1 when the server does not offer h2")
    void http2FallsBack() {
        DisposableServer s = https(pki.serverContext(Leaf.GOOD, HOST), false);
        HttpResult r = net(s).request(RequestOptions.get(url(s, "/protocol")).enableHttp2(true).build()).block(WAIT);
        assertThat(r.data()).isEqualTo("HTTP/1.1");
        assertThat(r.profile().protocol()).isEqualTo("http1.1");
    }

    @ParameterizedTest(name = "P-13 urlCheck=false accepts a {0} leaf")
    @EnumSource(value = Leaf.class, names = {"SELF_SIGNED", "WRONG_HOST", "EXPIRED", "DISTRUSTED_CA"})
    @DisplayName("P-13 urlCheck=false skips the certificate checks")
    void urlCheckOff(Leaf kind) {
        DisposableServer s = https(pki.serverContext(kind, HOST), false);
        MiniProgramNetwork net = runtime(domainConfig(HOST, s.port()).urlCheck(false).build());
        HttpResult r = net.request(RequestOptions.get(url(s, "/protocol")).build()).block(WAIT);
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("X-1 a server that offers only TLS 1.1 fails the call with X-1 naming TLS 1.1 and the host")
    void oldTls() {
        DisposableServer s = track(OldTlsServer.serverHello(0x0302));
        MiniProgramNetwork net = net(s);
        StepVerifier.create(net.request(RequestOptions.get(url(s, "/")).build()))
                .expectErrorSatisfies(e -> {
                    MpNetException m = (MpNetException) e;
                    assertThat(m.rule()).isEqualTo("X-1");
                    assertThat(m.reason()).isEqualTo(FailReason.SSL_HANDSHAKE);
                    assertThat(m.getMessage()).contains(HOST).contains("offers only TLS 1.1");
                })
                .verify(WAIT);
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("P-1 an https page redirecting to http is refused over TLS")
    void httpsToHttpRedirect() {
        DisposableServer s = https(pki.serverContext(Leaf.GOOD, HOST), false);
        StepVerifier.create(net(s).request(RequestOptions.get(url(s, "/to-http")).build()))
                .expectErrorSatisfies(e -> {
                    MpNetException m = (MpNetException) e;
                    assertThat(m.rule()).isEqualTo("P-1");
                    assertThat(m.reason()).isEqualTo(FailReason.URL_NOT_IN_DOMAIN_LIST);
                })
                .verify(WAIT);
    }

    private DisposableServer track(DisposableServer started) {
        toClose.add(started::disposeNow);
        return started;
    }
}
