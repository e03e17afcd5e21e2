package io.mpnet.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.GuardOptions;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.RequestOptions;
import io.mpnet.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The starter's observations: a timer per call, tagged with the kind, outcome, status class and rule. */
class MpNetObservationsTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String PEER = "192.168.50.20";
    static DisposableServer server;
    static MpNetResources resources;

    final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void start() {
        resources = MpNetResources.create();
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/ok", (req, res) -> res.sendString(Mono.just("ok")))
                        .get("/boom", (req, res) -> res.status(503).sendString(Mono.just("down"))))
                .bindNow(WAIT);
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
        resources.close();
    }

    ApplicationContextRunner runner() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        NetworkConfig config = NetworkConfig.builder().appId("wx0123456789abcdef").version("0")
                .host(PEER, "127.0.0.1").domains(ApiKind.REQUEST, "https://api.example.com").build();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MpNetAutoConfiguration.class))
                .withBean(ObservationRegistry.class, () -> registry)
                .withBean(MeterRegistry.class, () -> meters)
                .withBean(MiniProgramNetwork.class, () -> MiniProgramNetwork.builder(config).resources(resources)
                        .device(DeviceView.of("192.168.50.10/24")).scheduler(vts).build());
    }

    Timer timer(String name, String outcome) {
        return Await.until(WAIT, "a timer " + name + " outcome=" + outcome,
                () -> meters.find(name).tag("outcome", outcome).timer(), t -> t != null && t.count() > 0);
    }

    @Test
    @DisplayName("R-4 a completed request is timed as mpnet.request, by its status class: 2xx SUCCESS, 5xx SERVER_ERROR")
    void success() {
        runner().run(ctx -> {
            MiniProgramNetwork net = ctx.getBean(MiniProgramNetwork.class);
            String base = "http://" + PEER + ":" + server.port();
            net.request(RequestOptions.get(base + "/ok").build()).block(WAIT);
            net.request(RequestOptions.get(base + "/boom").build()).block(WAIT);
            Timer ok = timer("mpnet.request", "SUCCESS");
            assertThat(ok.getId().getTag("kind")).isEqualTo("request");
            assertThat(ok.getId().getTag("method")).isEqualTo("GET");
            assertThat(ok.getId().getTag("status")).isEqualTo("2xx");
            assertThat(ok.getId().getTag("rule")).isEqualTo("none");
            assertThat(ok.getId().getTag("url")).as("the URL stays off metrics").isNull();
            assertThat(timer("mpnet.request", "SERVER_ERROR").getId().getTag("status")).isEqualTo("5xx");
        });
    }

    @Test
    @DisplayName("P-2 a refused request is timed with outcome REFUSED and its rule")
    void refusal() {
        runner().run(ctx -> {
            MiniProgramNetwork net = ctx.getBean(MiniProgramNetwork.class);
            assertThatThrownBy(() -> net.request(RequestOptions.get("https://evil.example.org/").build()).block(WAIT))
                    .isInstanceOf(MpNetException.class);
            Timer refused = timer("mpnet.request", "REFUSED");
            assertThat(refused.getId().getTag("rule")).isEqualTo("P-2");
            assertThat(refused.getId().getTag("status")).isEqualTo("NONE");
        });
    }

    @Test
    @DisplayName("T-2 a call cut by its deadline is timed with outcome FAILED and rule T-2")
    void timeout() {
        runner().run(ctx -> {
            MiniProgramNetwork net = ctx.getBean(MiniProgramNetwork.class);
            net.guard(GuardOptions.builder("GET", "https://api.example.com/slow").timeout(Duration.ofSeconds(3)).build(),
                    h -> Mono.never()).subscribe(v -> { }, e -> { });
            vts.advanceTimeBy(Duration.ofSeconds(3));
            Timer failed = timer("mpnet.request", "FAILED");
            assertThat(failed.getId().getTag("rule")).isEqualTo("T-2");
        });
    }

    @Test
    @DisplayName("without an ObservationRegistry no observation is made, and the runtime has no listener")
    void noRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MpNetAutoConfiguration.class))
                .withPropertyValues("mpnet.app-id=wx0123456789abcdef")
                .run(ctx -> assertThat(ctx).doesNotHaveBean("mpNetObservations"));
    }
}
