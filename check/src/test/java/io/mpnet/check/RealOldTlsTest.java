package io.mpnet.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.RequestOptions;
import io.mpnet.testing.TestPki;
import java.security.Security;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real TLS 1.1/1.0-only server, which the JDK builds only with TLS 1.0 and 1.1 taken off
 * {@code jdk.tls.disabledAlgorithms}: this class runs alone in its own JVM (the {@code old-tls}
 * Surefire execution), which sets that property before any TLS class is used. The checker and the
 * runtime still offer only TLS 1.3 and 1.2 (their contexts name the versions), so both see the
 * server's TLS 1.1 answer and refuse it under X-1, as the matrix's handcrafted ServerHello does.
 */
class RealOldTlsTest {

    static {
        // The JDK's default list without TLSv1 and TLSv1.1; set before the first SSLContext of this JVM.
        Security.setProperty("jdk.tls.disabledAlgorithms",
                "SSLv3, DTLSv1.0, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, anon, NULL, ECDH");
    }

    static final String HOST = "tls11.example.com";
    static TestPki pki;
    static DisposableServer server;

    @BeforeAll
    static void start() {
        pki = TestPki.create();
        // RSA: Netty's default suites hold ECDHE_RSA with CBC, the kind TLS 1.1 and 1.0 can use, not ECDHE_ECDSA's.
        server = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(pki.leaf(HOST).rsa(2048).issue().sslContext(false, List.of("TLSv1.1", "TLSv1"), null)))
                .route(r -> r.get("/", (req, res) -> res.sendString(Mono.just("ok"))))
                .bindNow(Matrix.WAIT);
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
    }

    @Test
    @DisplayName("X-1 a real TLS 1.1/1.0-only server: the checker reports exactly X-1 naming the versions it accepts, and request() fails with X-1")
    void realOldServer() {
        String url = "https://" + HOST + ":" + server.port() + "/";
        NetworkConfig config = NetworkConfig.builder().appId("wx0123456789abcdef").version("0")
                .domains(ApiKind.REQUEST, "https://" + HOST + ":" + server.port()).host(HOST, "127.0.0.1").build();
        ComplianceReport report = ComplianceCheck.builder(config).trustStore(pki.trustStore()).timeout(Matrix.TARGET_LIMIT).build()
                .run(List.of(url)).block(Matrix.WAIT);
        List<CheckResult> notPassed = report.target(url).checks().stream().filter(c -> c.status() != Status.PASS).toList();
        assertThat(notPassed).as(report.target(url).checks().toString()).hasSize(1);
        assertThat(notPassed.get(0).rule()).isEqualTo("X-1");
        assertThat(notPassed.get(0).seen()).contains("protocol_version").contains("probed alone, it accepts TLS 1.1 and TLS 1.0");
        try (MiniProgramNetwork net = MiniProgramNetwork.builder(config).trustStore(pki.trustStore()).build()) {
            MpNetException e = org.junit.jupiter.api.Assertions.assertThrows(MpNetException.class,
                    () -> net.request(RequestOptions.get(url).build()).block(Matrix.WAIT));
            assertThat(e.rule()).isEqualTo("X-1");
        }
    }
}
