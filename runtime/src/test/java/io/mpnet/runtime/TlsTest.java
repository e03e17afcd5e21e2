package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.testing.TestPki;
import io.mpnet.runtime.testing.TestPki.Leaf;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.TcpServer;

/** SPEC §7 (X-1..X-5), R-11 and the TLS side of P-13, against real TLS servers on loopback. */
class TlsTest extends LoopbackTest {

    static final String HOST = "api.example.com";
    static TestPki pki;

    @BeforeAll
    static void makePki() {
        pki = TestPki.create();
    }

    DisposableServer https(Leaf leaf, boolean h2) {
        TestPki.Identity id = pki.identity(leaf, HOST);
        HttpServer s = HttpServer.create()
                .route(r -> r.get("/hello", (req, res) -> res.sendString(Mono.just("hello over " + req.scheme()))));
        s = h2 ? s.protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
                        .secure(spec -> spec.sslContext(Http2SslContextSpec.forServer(id.key(), id.chain())))
                : s.secure(spec -> spec.sslContext(Http11SslContextSpec.forServer(id.key(), id.chain())));
        return server(s);
    }

    MiniProgramNetwork net(DisposableServer s, boolean urlCheck) {
        return runtime(MiniProgramNetwork.builder(domainConfig(HOST, s.port()).urlCheck(urlCheck).build())
                .trustStore(pki.trustStore()));
    }

    static String url(DisposableServer s) {
        return "https://" + HOST + ":" + s.port() + "/hello";
    }

    @Test
    @DisplayName("X-2 a complete chain to a trusted root, valid and for the host, succeeds over TLS")
    void goodChain() {
        DisposableServer s = https(Leaf.GOOD, false);
        HttpResult r = net(s, true).request(RequestOptions.get(url(s)).build()).block(WAIT);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.data()).isEqualTo("hello over https");
        assertThat(r.profile().SSLconnectionEnd()).isGreaterThanOrEqualTo(r.profile().SSLconnectionStart()).isPositive();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "EXPIRED,          X-2, validity",
        "NOT_YET_VALID,    X-2, valid",
        "WRONG_HOST,       X-2, does not name api.example.com",
        "INCOMPLETE_CHAIN, X-2, does not chain",
        "SELF_SIGNED,      X-3, self-signed",
        "DISTRUSTED_CA,    X-4, WoSign",
    })
    @DisplayName("X-2..X-5 each bad certificate fails with its rule and the host in the message; the slot is free")
    void refusals(Leaf leaf, String rule, String fragment) {
        DisposableServer s = https(leaf, false);
        MiniProgramNetwork net = net(s, true);
        assertThatThrownBy(() -> net.request(RequestOptions.get(url(s)).build()).block(WAIT))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo(rule);
                    assertThat(e.reason()).isEqualTo(FailReason.SSL_HANDSHAKE);
                    assertThat(e.errMsg()).isEqualTo("request:fail ssl hand shake error");
                    assertThat(e.explanation()).contains(HOST, fragment, "(" + rule + ")");
                    assertThat(e.getCause()).isNotNull();
                });
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"SELF_SIGNED", "WRONG_HOST", "EXPIRED", "DISTRUSTED_CA"})
    @DisplayName("P-13 urlCheck=false skips the certificate checks")
    void urlCheckOff(Leaf leaf) {
        DisposableServer s = https(leaf, false);
        assertThat(net(s, false).request(RequestOptions.get(url(s)).build()).block(WAIT).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("X-2 without the test root in the trust store, the JDK's roots do not trust the server")
    void jdkTrustStore() {
        DisposableServer s = https(Leaf.GOOD, false);
        MiniProgramNetwork net = runtime(domainConfig(HOST, s.port()).build());
        assertThatThrownBy(() -> net.request(RequestOptions.get(url(s)).build()).block(WAIT))
                .isInstanceOfSatisfying(MpNetException.class, e -> assertThat(e.rule()).isEqualTo("X-2"));
    }

    @Test
    @DisplayName("X-2 tls.trustStore in mpnet.json is the trust store used")
    void trustStoreFromConfig(@TempDir Path dir) {
        DisposableServer s = https(Leaf.GOOD, false);
        Path store = pki.trustStoreFile(dir.resolve("root.p12"));
        NetworkConfig config = domainConfig(HOST, s.port()).trustStore(store, TestPki.PASSWORD).build();
        assertThat(runtime(config).request(RequestOptions.get(url(s)).build()).block(WAIT).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("R-11 enableHttp2 negotiates h2 by ALPN when the server offers it; http/1.1 otherwise")
    void http2() {
        DisposableServer s = https(Leaf.GOOD, true);
        MiniProgramNetwork net = net(s, true);
        HttpResult h2 = net.request(RequestOptions.get(url(s)).enableHttp2(true).build()).block(WAIT);
        assertThat(h2.profile().protocol()).isEqualTo("h2");
        assertThat(h2.data()).isEqualTo("hello over https");
        HttpResult h1 = net.request(RequestOptions.get(url(s)).build()).block(WAIT);
        assertThat(h1.profile().protocol()).isEqualTo("http/1.1");
    }

    @Test
    @DisplayName("R-11 enableHttp2 against a server without h2 falls back to http/1.1")
    void http2Fallback() {
        DisposableServer s = https(Leaf.GOOD, false);
        HttpResult r = net(s, true).request(RequestOptions.get(url(s)).enableHttp2(true).build()).block(WAIT);
        assertThat(r.profile().protocol()).isEqualTo("http/1.1");
    }

    /** A ServerHello record that selects TLS 1.1 (0x0302), which no JDK 17 server can be made to send. */
    static final byte[] TLS11_SERVER_HELLO = serverHello();

    static byte[] serverHello() {
        byte[] body = new byte[2 + 32 + 1 + 2 + 1];
        body[0] = 3;
        body[1] = 2;
        for (int i = 0; i < 32; i++) {
            body[2 + i] = (byte) (i + 1);
        }
        body[34] = 0;      // no session id
        body[35] = 0x00;   // TLS_RSA_WITH_AES_128_CBC_SHA
        body[36] = 0x2f;
        body[37] = 0;      // no compression
        byte[] hs = new byte[4 + body.length];
        hs[0] = 2;         // ServerHello
        hs[3] = (byte) body.length;
        System.arraycopy(body, 0, hs, 4, body.length);
        byte[] rec = new byte[5 + hs.length];
        rec[0] = 0x16;     // handshake
        rec[1] = 3;
        rec[2] = 2;
        rec[4] = (byte) hs.length;
        System.arraycopy(hs, 0, rec, 5, hs.length);
        return rec;
    }

    @Test
    @DisplayName("X-1 a server offering only TLS 1.1 fails the handshake, naming the version")
    void tls11() {
        DisposableServer s = TcpServer.create().host("127.0.0.1").port(0)
                .handle((in, out) -> in.receive().take(1)
                        .flatMap(hello -> out.sendByteArray(Mono.just(TLS11_SERVER_HELLO)).then()))
                .bindNow(WAIT);
        toClose.add(s::disposeNow);
        MiniProgramNetwork net = net(s, true);
        assertThatThrownBy(() -> net.request(RequestOptions.get(url(s)).build()).block(WAIT))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo("X-1");
                    assertThat(e.explanation()).contains(HOST, "TLS", "1.2");
                });
    }

    @Test
    @DisplayName("P-1 an https redirect to plain http is refused, over TLS")
    void httpsToHttp() {
        TestPki.Identity id = pki.identity(Leaf.GOOD, HOST);
        DisposableServer s = server(HttpServer.create()
                .route(r -> r.get("/hello", (req, res) -> res.sendRedirect("http://" + HOST + "/plain")))
                .secure(spec -> spec.sslContext(Http11SslContextSpec.forServer(id.key(), id.chain()))));
        assertThatThrownBy(() -> net(s, true).request(RequestOptions.get(url(s)).build()).block(WAIT))
                .isInstanceOfSatisfying(MpNetException.class, e -> assertThat(e.rule()).isEqualTo("P-1"));
    }
}
