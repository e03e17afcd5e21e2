package io.mpnet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The mpnetCompliance health indicator: off by default, the checks of the configured domains when on, cached. */
@Tag("slow") // loopback TLS servers of every fault: several seconds of set-up on 2 cores
class ComplianceHealthTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static DisposableServer good;
    static DisposableServer expired;
    static final AtomicInteger goodConnections = new AtomicInteger();

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MpNetAutoConfiguration.class, MpNetComplianceHealthAutoConfiguration.class));

    @BeforeAll
    static void start() {
        pki = TestPki.create();
        pki.trustStoreFile(dir);
        good = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(pki.leaf("good.example.com").issue().sslContext(false)))
                .doOnConnection(c -> goodConnections.incrementAndGet())
                .route(r -> r.get("/", (req, res) -> res.sendString(Mono.just("ok"))))
                .bindNow(Duration.ofSeconds(30));
        expired = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(pki.leaf("expired.example.com").expiresIn(Duration.ofDays(-1)).issue()
                        .sslContext(false)))
                .route(r -> r.get("/", (req, res) -> res.sendString(Mono.just("ok"))))
                .bindNow(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        good.disposeNow();
        expired.disposeNow();
    }

    private ApplicationContextRunner configured(String... domains) {
        ApplicationContextRunner r = runner.withPropertyValues(
                "mpnet.app-id=wx0123456789abcdef",
                "mpnet.hosts.[good.example.com]=127.0.0.1",
                "mpnet.hosts.[expired.example.com]=127.0.0.1",
                "mpnet.tls.trust-store=" + dir.resolve(TestPki.TRUST_STORE_FILE),
                "mpnet.tls.password=" + TestPki.PASSWORD,
                // far above a loopback check, so a machine busy with other builds never makes it a T-1
                "management.health.mpnet-compliance.timeout=60s");
        for (int i = 0; i < domains.length; i++) {
            r = r.withPropertyValues("mpnet.domains.request[" + i + "]=" + domains[i]);
        }
        return r;
    }

    @Test
    @DisplayName("X-2 the indicator is off by default: no mpnetCompliance bean")
    void offByDefault() {
        configured("https://good.example.com:" + good.port()).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx).doesNotHaveBean("mpnetCompliance");
        });
    }

    @Test
    @DisplayName("X-2 enabled, it is UP for a good domain and caches the result: a second health() dials nothing")
    void upAndCached() {
        configured("https://good.example.com:" + good.port())
                .withPropertyValues("management.health.mpnet-compliance.enabled=true")
                .run(ctx -> {
                    HealthIndicator indicator = ctx.getBean("mpnetCompliance", HealthIndicator.class);
                    Health first = indicator.health();
                    assertThat(first.getStatus()).as(String.valueOf(first.getDetails())).isEqualTo(Status.UP);
                    int dialled = goodConnections.get();
                    assertThat(dialled).isPositive();
                    Health second = indicator.health();
                    assertThat(second).isSameAs(first);
                    assertThat(goodConnections.get()).as("cached: no new connection").isEqualTo(dialled);
                });
    }

    @Test
    @DisplayName("T-1 the cache time and each domain's time limit are read as Boot reads durations (10m, 30s)")
    void durations() {
        configured("https://good.example.com:" + good.port())
                .withPropertyValues("management.health.mpnet-compliance.enabled=true",
                        "management.health.mpnet-compliance.cache-ttl=10m")
                .run(ctx -> assertThat(ctx).hasNotFailed().hasBean("mpnetCompliance"));
        configured("https://good.example.com:" + good.port())
                .withPropertyValues("management.health.mpnet-compliance.enabled=true",
                        "management.health.mpnet-compliance.timeout=soon")
                .run(ctx -> assertThat(ctx).hasFailed());
    }

    @Test
    @DisplayName("X-2 enabled, it is DOWN naming the failing domain and its rule")
    void downNamesTheRule() {
        String bad = "https://expired.example.com:" + expired.port() + "/";
        configured("https://good.example.com:" + good.port(), bad)
                .withPropertyValues("management.health.mpnet-compliance.enabled=true")
                .run(ctx -> {
                    Health h = ctx.getBean("mpnetCompliance", HealthIndicator.class).health();
                    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(String.valueOf(h.getDetails().get(bad))).startsWith("FAIL").contains("FAIL X-2");
                    assertThat(String.valueOf(h.getDetails().get("trustAnchors"))).contains("mpnet Test Root CA");
                });
    }
}
