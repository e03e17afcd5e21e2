package io.mpnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.examples.webflux.ProfileService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.util.function.Tuple2;

/**
 * The Spring WebFlux example end to end: the service on a random port, its upstream on loopback over
 * HTTPS. Slow: starting the Spring Boot application takes about 5 s.
 */
@Tag("slow")
class ProfileServiceTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<String> upstreamSaw = new CopyOnWriteArrayList<>();
    static DisposableServer upstream;
    static ConfigurableApplicationContext service;
    static HttpClient browser;

    @BeforeAll
    static void start(@TempDir Path dir) {
        DemoPki pki = DemoPki.create("api.example.com");
        upstream = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(pki.serverContext()))
                .route(r -> r.get("/user", (req, res) -> {
                    upstreamSaw.add(req.uri() + " referer=" + req.requestHeaders().get("Referer"));
                    return res.header("content-type", "application/json")
                            .sendString(Mono.just("{\"id\":42,\"nickName\":\"mini\"}"));
                }))
                .bindNow(WAIT);
        Path trust = pki.writeTrustStore(dir.resolve("root.p12"));
        String api = "https://api.example.com:" + upstream.port();
        service = ProfileService.run(
                "--server.port=0",
                "--mpnet.app-id=wx0123456789abcdef",
                "--mpnet.domains.request[0]=" + api,
                "--mpnet.hosts.[api.example.com]=127.0.0.1",
                "--mpnet.tls.trust-store=" + trust,
                "--mpnet.tls.password=" + DemoPki.PASSWORD,
                "--profile-service.upstream=" + api);
        int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
        browser = HttpClient.create().baseUrl("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (upstream != null) {
            upstream.disposeNow();
        }
    }

    static Tuple2<Integer, String> get(String uri) {
        return browser.get().uri(uri)
                .responseSingle((res, body) -> body.asString().defaultIfEmpty("").map(b -> reactor.util.function.Tuples.of(res.status().code(), b)))
                .block(WAIT);
    }

    @Test
    @DisplayName("P-9 GET /me reaches the upstream through mpnet, with the mini program's Referer")
    void me() {
        Tuple2<Integer, String> r = get("/me");
        assertThat(r.getT1()).isEqualTo(200);
        assertThat(r.getT2()).contains("\"nickName\":\"mini\"", "\"via\":\"mpnet\"");
        assertThat(upstreamSaw).contains("/user referer=https://servicewechat.com/wx0123456789abcdef/0/page-frame.html");
    }

    @Test
    @DisplayName("P-2 a URL off the configured domains never leaves the service: 502 with the rule and the fix")
    void refused() {
        int before = upstreamSaw.size();
        Tuple2<Integer, String> r = get("/fetch?url=https://evil.example.org/user");
        assertThat(r.getT1()).isEqualTo(502);
        assertThat(r.getT2()).contains("\"rule\":\"P-2\"", "request:fail url not in domain list", "evil.example.org");
        assertThat(upstreamSaw).hasSize(before);
    }
}
