package io.mpnet.runtime.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.testing.OldTlsServer;
import io.mpnet.testing.TestPki;
import io.mpnet.testing.TestPki.Leaf;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.NoopAddressResolverGroup;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * The client context of {@link TlsRules} in real handshakes with Reactor Netty servers on loopback
 * presenting each kind of {@link TestPki} certificate; the client dials 127.0.0.1 under the name
 * {@value #HOST}, as the transport does after vetting an address. X-5 is asserted throughout: every
 * refusal is classified with its rule id and names the host.
 */
class TlsRulesTest {

    static final String HOST = "api.example.com";
    static final Duration WAIT = Duration.ofSeconds(10);

    static TestPki pki;

    final List<DisposableServer> servers = new ArrayList<>();

    @BeforeAll
    static void makePki() {
        pki = TestPki.create();
    }

    @AfterEach
    void stopServers() {
        servers.forEach(DisposableServer::disposeNow);
    }

    // ---- X-2 and the good path ----

    @Test
    @DisplayName("X-2 a complete chain to the trusted root, valid and for the host, is accepted")
    void goodChain() {
        DisposableServer s = https(pki.serverContext(Leaf.GOOD, HOST), false);
        assertThat(get(strict(false), s)).isEqualTo("HTTP/1.1");
    }

    @ParameterizedTest(name = "X-2 {0} is refused: {1}")
    @CsvSource({
        "EXPIRED,          expired on",
        "NOT_YET_VALID,    is not valid before",
        "WRONG_HOST,       " + TestPki.WRONG_HOST_NAME + "], not for " + HOST,
        "INCOMPLETE_CHAIN, which the server did not send and the trust store does not hold",
    })
    @DisplayName("X-2 expired, not yet valid, wrong host and incomplete chain are refused with X-2 and the host")
    void x2Refusals(Leaf kind, String detail) {
        DisposableServer s = https(pki.serverContext(kind, HOST), false);
        MpNetException e = refused(strict(false), s);
        assertThat(e.rule()).isEqualTo("X-2");
        assertThat(e.reason()).isEqualTo(FailReason.SSL_HANDSHAKE);
        assertThat(e.errMsg()).isEqualTo("request:fail ssl hand shake error");
        assertThat(e.getMessage()).contains(HOST).contains(detail);
    }

    @Test
    @DisplayName("X-2 the host name is really checked: a valid chain for another name is refused")
    void hostNameIsChecked() {
        DisposableServer s = https(pki.serverContext(Leaf.WRONG_HOST, HOST), false);
        MpNetException e = refused(strict(false), s);
        assertThat(e.rule()).isEqualTo("X-2");
        assertThat(e.explanation()).contains("subjectAltName");
        // and the same certificate passes when dialled by its own name: only the name was wrong
        assertThat(get(strict(false), s, TestPki.WRONG_HOST_NAME)).isEqualTo("HTTP/1.1");
    }

    @Test
    @DisplayName("X-2 a missing intermediate is not fetched, even when the leaf names where to get it (AIA)")
    void noIntermediateFetching() {
        AtomicInteger fetches = new AtomicInteger();
        DisposableServer aia = track(HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/intermediate.cer", (req, res) -> {
                    fetches.incrementAndGet();
                    return res.header("Content-Type", "application/pkix-cert").sendByteArray(Mono.fromCallable(
                            () -> pki.intermediate().getEncoded()));
                }))
                .bindNow(WAIT));
        String url = "http://127.0.0.1:" + aia.port() + "/intermediate.cer";
        DisposableServer s = https(pki.issueWithCaIssuers(Leaf.INCOMPLETE_CHAIN, url, HOST).sslContext(false), false);
        MpNetException e = refused(strict(false), s);
        assertThat(e.rule()).isEqualTo("X-2");
        assertThat(e.explanation()).contains("intermediate").contains("never fetched");
        assertThat(fetches).as("requests for the intermediate").hasValue(0);
    }

    @Test
    @DisplayName("X-2 without a trust store the JDK's roots are used, which do not hold the test root")
    void jdkDefaultTrustStore() {
        DisposableServer s = https(pki.serverContext(Leaf.GOOD, HOST), false);
        MpNetException e = refused(TlsRules.clientContext(null, true, false), s);
        assertThat(e.rule()).isEqualTo("X-2");
        assertThat(e.getMessage()).contains(HOST).contains("mpnet Test Intermediate CA").contains("tls.trustStore");
    }

    // ---- X-3 ----

    @Test
    @DisplayName("X-3 a self-signed leaf is refused")
    void selfSigned() {
        DisposableServer s = https(pki.serverContext(Leaf.SELF_SIGNED, HOST), false);
        MpNetException e = refused(strict(false), s);
        assertThat(e.rule()).isEqualTo("X-3");
        assertThat(e.getMessage()).contains(HOST).contains("self-signed");
    }

    @Test
    @DisplayName("X-3 a self-signed leaf is refused even when the trust store holds it")
    void selfSignedEvenTrusted() {
        TestPki.ServerCert cert = pki.issue(Leaf.SELF_SIGNED, HOST);
        DisposableServer s = https(cert.sslContext(false), false);
        MpNetException e = refused(TlsRules.clientContext(pki.trustStore(cert.leaf()), true, false), s);
        assertThat(e.rule()).isEqualTo("X-3");
        assertThat(e.getMessage()).contains(HOST).contains("even when trusted").contains("urlCheck=false");
    }

    // ---- X-4 ----

    @Test
    @DisplayName("X-4 a chain through a CA on the default distrust list (WoSign) is refused though it chains to a trusted root")
    void distrustedCa() {
        DisposableServer s = https(pki.serverContext(Leaf.DISTRUSTED_CA, HOST), false);
        MpNetException e = refused(strict(false), s);
        assertThat(e.rule()).isEqualTo("X-4");
        assertThat(e.getMessage()).contains(HOST).contains("WoSign CA Free SSL Certificate G2").contains("distrust");
    }

    @Test
    @DisplayName("X-4 a distrusted trust anchor is refused by its fingerprint, though the server never sends it")
    void distrustedAnchorByFingerprint() {
        DistrustList list = DistrustList.parse(List.of("# the test root", "SHA256:" + DistrustList.fingerprint(pki.root())),
                "test");
        DisposableServer s = https(pki.serverContext(Leaf.GOOD, HOST), false);
        MpNetException e = refused(TlsRules.clientContext(pki.trustStore(), true, false, list), s);
        assertThat(e.rule()).isEqualTo("X-4");
        assertThat(e.getMessage()).contains(HOST).contains("mpnet Test Root CA");
    }

    @Test
    @DisplayName("X-4 an organisation-only entry refuses every CA of that organisation")
    void distrustedOrganisation() {
        DistrustList list = DistrustList.parse(List.of("O=MPNET TESTS"), "test");
        DisposableServer s = https(pki.serverContext(Leaf.GOOD, HOST), false);
        MpNetException e = refused(TlsRules.clientContext(pki.trustStore(), true, false, list), s);
        assertThat(e.rule()).isEqualTo("X-4");
        assertThat(e.explanation()).contains("O=MPNET TESTS");
    }

    // ---- P-13 ----

    @ParameterizedTest(name = "P-13 verify=false accepts {0}")
    @EnumSource(value = Leaf.class, names = {"SELF_SIGNED", "WRONG_HOST", "EXPIRED", "INCOMPLETE_CHAIN", "DISTRUSTED_CA"})
    @DisplayName("P-13 with urlCheck=false certificates are not checked")
    void verifyOff(Leaf kind) {
        DisposableServer s = https(pki.serverContext(kind, HOST), false);
        assertThat(get(TlsRules.clientContext(null, false, false), s)).isEqualTo("HTTP/1.1");
    }

    // ---- R-11 ----

    @Test
    @DisplayName("R-11 http2 negotiates h2 by ALPN when the server offers it")
    void h2WhenOffered() {
        DisposableServer s = https(pki.h2ServerContext(Leaf.GOOD, HOST), true);
        assertThat(get(strict(true), s)).isEqualTo("HTTP/2.0");
    }

    @Test
    @DisplayName("R-11 http2 falls back to HTTP/1.1 when the server does not offer h2")
    void h1WhenH2NotOffered() {
        DisposableServer s = https(pki.serverContext(Leaf.GOOD, HOST), false);
        assertThat(get(strict(true), s)).isEqualTo("HTTP/1.1");
    }

    @Test
    @DisplayName("R-11 without http2 the client stays on HTTP/1.1 even when the server offers h2")
    void h1WhenNotAsked() {
        DisposableServer s = https(pki.h2ServerContext(Leaf.GOOD, HOST), true);
        assertThat(get(strict(false), s)).isEqualTo("HTTP/1.1");
    }

    // ---- X-1 ----

    @ParameterizedTest(name = "X-1 a server answering {1} is refused, naming {1}")
    @CsvSource({"0x0302, TLS 1.1", "0x0301, TLS 1.0", "0x0300, SSL 3.0"})
    @DisplayName("X-1 a server that offers only an old version fails, naming that version")
    void oldVersion(String version, String name) {
        DisposableServer s = track(OldTlsServer.serverHello(Integer.decode(version)));
        MpNetException e = refused(strict(false), s);
        assertThat(e.rule()).isEqualTo("X-1");
        assertThat(e.reason()).isEqualTo(FailReason.SSL_HANDSHAKE);
        assertThat(e.getMessage()).contains(HOST).contains("offers only " + name);
    }

    @ParameterizedTest(name = "X-1 the JDK''s {0} is said as {1}")
    @CsvSource({"TLS11, TLS 1.1", "TLSv1.1, TLS 1.1", "TLS10, TLS 1.0", "TLSv1, TLS 1.0", "SSL30, SSL 3.0", "SSLv3, SSL 3.0",
        "weird, weird"})
    @DisplayName("X-1 version names in messages are the ones people use")
    void readableVersions(String jdk, String readable) {
        assertThat(TlsRules.readable(jdk)).isEqualTo(readable);
    }

    @Test
    @DisplayName("X-1 a server answering a protocol_version alert is refused with X-1")
    void protocolVersionAlert() {
        DisposableServer s = track(OldTlsServer.protocolVersionAlert());
        MpNetException e = refused(strict(false), s);
        assertThat(e.rule()).isEqualTo("X-1");
        assertThat(e.getMessage()).contains(HOST).contains("protocol_version");
    }

    @Test
    @DisplayName("X-1 the context offers TLS 1.3 and 1.2 only")
    void protocols() {
        SslContext ctx = strict(false);
        var engine = ctx.newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT, HOST, 443);
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        var lax = TlsRules.clientContext(null, false, true).newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT, HOST, 443);
        assertThat(lax.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }

    // ---- X-5 ----

    @Test
    @DisplayName("X-5 a plain-http server on the https port is a TLS failure naming the host")
    void notTls() {
        DisposableServer s = track(HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.sendString(Mono.just("plain"))).bindNow(WAIT));
        MpNetException e = refused(strict(false), s);
        assertThat(e.rule()).isEqualTo("X-5");
        assertThat(e.getMessage()).contains(HOST).contains("does not speak TLS");
    }

    @Test
    @DisplayName("X-5 errors that are not TLS failures are left to the caller")
    void notTlsErrors() {
        assertThat(TlsRules.classify(ApiKind.REQUEST, HOST, new ConnectException("refused"))).isEmpty();
        assertThat(TlsRules.classify(ApiKind.REQUEST, HOST, new IOException("reset", new IllegalStateException()))).isEmpty();
    }

    @Test
    @DisplayName("X-5 a rule violation deep in a cause chain is found and keeps the whole error as cause")
    void deepCause() {
        var v = new TlsRuleViolation("X-3", "its certificate is self-signed", "use a CA", null);
        var wrapped = new IllegalStateException("outer", new javax.net.ssl.SSLHandshakeException("hs"));
        wrapped.getCause().initCause(v);
        MpNetException e = TlsRules.classify(ApiKind.DOWNLOAD_FILE, HOST, wrapped).orElseThrow();
        assertThat(e.rule()).isEqualTo("X-3");
        assertThat(e.errMsg()).isEqualTo("downloadFile:fail ssl hand shake error");
        assertThat(e.getCause()).isSameAs(wrapped);
    }

    // ---- helpers ----

    static SslContext strict(boolean h2) {
        return TlsRules.clientContext(pki.trustStore(), true, h2);
    }

    DisposableServer https(SslContext server, boolean h2) {
        HttpServer s = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(server))
                .handle((req, res) -> res.sendString(Mono.just(req.protocol())));
        if (h2) {
            s = s.protocol(HttpProtocol.H2, HttpProtocol.HTTP11);
        }
        return track(s.bindNow(WAIT));
    }

    DisposableServer track(DisposableServer s) {
        servers.add(s);
        return s;
    }

    /** The protocol the server saw for one GET, the client dialling 127.0.0.1 as {@value #HOST}. */
    static String get(SslContext client, DisposableServer s) {
        return get(client, s, HOST);
    }

    static String get(SslContext client, DisposableServer s, String name) {
        return request(client, s, name).block(WAIT);
    }

    static MpNetException refused(SslContext client, DisposableServer s) {
        Throwable error = request(client, s, HOST).then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just).block(WAIT);
        assertThat(error).as("the handshake failed").isNotNull();
        return TlsRules.classify(ApiKind.REQUEST, HOST, error)
                .orElseThrow(() -> new AssertionError("not classified as a TLS failure: " + error, error));
    }

    private static Mono<String> request(SslContext client, DisposableServer s, String name) {
        InetSocketAddress address = named(name, s.port());
        HttpClient c = HttpClient.newConnection()
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .remoteAddress(() -> address)
                .secure(spec -> spec.sslContext(client));
        if (client.applicationProtocolNegotiator().protocols().contains("h2")) {
            c = c.protocol(HttpProtocol.H2, HttpProtocol.HTTP11);
        }
        return c.get().uri("/").responseContent().aggregate().asString();
    }

    static InetSocketAddress named(String name, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(name, new byte[] {127, 0, 0, 1}), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
