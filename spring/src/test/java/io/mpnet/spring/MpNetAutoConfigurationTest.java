package io.mpnet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.ConfigException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;

/** The auto-configuration: beans from properties or a file, and start-up failures that name the fix. */
class MpNetAutoConfigurationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MpNetAutoConfiguration.class));

    @Test
    @DisplayName("C-2 mpnet.* properties make the config, the runtime, the filter and shared resources")
    void fromProperties() {
        runner.withPropertyValues(
                        "mpnet.app-id=wx0123456789abcdef",
                        "mpnet.version=7",
                        "mpnet.domains.request[0]=https://api.example.com",
                        "mpnet.domains.upload-file[0]=https://upload.example.com",
                        "mpnet.network-timeout.request=5s",
                        "mpnet.hosts.[api.example.com]=127.0.0.1",
                        "mpnet.reject-when-full=true")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(MiniProgramNetwork.class)
                            .hasSingleBean(MpNetResources.class).hasSingleBean(MpNetExchangeFilterFunction.class);
                    NetworkConfig config = ctx.getBean(NetworkConfig.class);
                    assertThat(config.appId()).isEqualTo("wx0123456789abcdef");
                    assertThat(config.referer()).isEqualTo("https://servicewechat.com/wx0123456789abcdef/7/page-frame.html");
                    assertThat(config.domains(ApiKind.REQUEST)).extracting(Object::toString)
                            .containsExactly("https://api.example.com");
                    assertThat(config.domains(ApiKind.UPLOAD_FILE)).hasSize(1);
                    assertThat(config.hosts().get("api.example.com").getHostAddress()).isEqualTo("127.0.0.1");
                    assertThat(config.networkTimeout()).containsEntry(ApiKind.REQUEST, Duration.ofSeconds(5));
                    assertThat(ctx.getBean(MiniProgramNetwork.class).config()).isSameAs(config);
                });
    }

    @Test
    @DisplayName("R-12 mpnet.max-response-bytes sets maxResponseBytes, in bytes or with a unit; -1 is no limit")
    void maxResponseBytes() {
        runner.withPropertyValues("mpnet.max-response-bytes=2MB").run(ctx ->
                assertThat(ctx.getBean(NetworkConfig.class).maxResponseBytes()).isEqualTo(2L * 1024 * 1024));
        runner.withPropertyValues("mpnet.max-response-bytes=-1").run(ctx ->
                assertThat(ctx.getBean(NetworkConfig.class).maxResponseBytes()).isEqualTo(NetworkConfig.NO_RESPONSE_LIMIT));
        runner.run(ctx -> assertThat(ctx.getBean(NetworkConfig.class).maxResponseBytes())
                .isEqualTo(NetworkConfig.DEFAULT_MAX_RESPONSE_BYTES));
        runner.withPropertyValues("mpnet.max-response-bytes=0").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(rootCause(ctx.getStartupFailure())).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("Spring properties mpnet.*").hasMessageContaining("maxResponseBytes")
                    .hasMessageContaining("R-12");
        });
    }

    @Test
    @DisplayName("N-6 mpnet.network-conditions starts the runtime throttled by a developer tools preset; a bad name fails start-up")
    void networkConditions() {
        runner.withPropertyValues("mpnet.network-conditions=slow 4g").run(ctx -> assertThat(
                ctx.getBean(MiniProgramNetwork.class).networkState().conditions())
                .isEqualTo(io.mpnet.runtime.NetworkConditions.SLOW_4G));
        runner.run(ctx -> assertThat(ctx.getBean(MiniProgramNetwork.class).networkState().conditions())
                .isEqualTo(io.mpnet.runtime.NetworkConditions.NONE));
        runner.withPropertyValues("mpnet.network-conditions=GPRS").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(rootCause(ctx.getStartupFailure())).isInstanceOf(ConfigException.class)
                    .hasMessageContainingAll("network-conditions", "GPRS", "N-6", "Slow 4G");
        });
    }

    @Test
    @DisplayName("C-1 mpnet.config-file reads an mpnet.json")
    void fromFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mpnet.json"), """
                {"appId": "wxfeedfacecafebeef", "domains": {"request": ["https://api.example.com"]}}
                """);
        runner.withPropertyValues("mpnet.config-file=" + file).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(NetworkConfig.class).appId()).isEqualTo("wxfeedfacecafebeef");
        });
    }

    @Test
    @DisplayName("C-2 a missing config file fails start-up naming the file")
    void missingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope/mpnet.json");
        runner.withPropertyValues("mpnet.config-file=" + missing).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(rootCause(ctx.getStartupFailure())).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(missing.toString());
        });
    }

    @Test
    @DisplayName("C-2 a bad value fails start-up with the field, the value and the rule (P-3)")
    void badConfig() {
        runner.withPropertyValues("mpnet.app-id=wx0123456789abcdef", "mpnet.domains.request[0]=https://10.0.0.5")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(rootCause(ctx.getStartupFailure())).isInstanceOf(ConfigException.class)
                            .hasMessageContaining("Spring properties mpnet.*")
                            .hasMessageContaining("domains.request[0]")
                            .hasMessageContaining("https://10.0.0.5")
                            .hasMessageContaining("P-3");
                });
    }

    @Test
    @DisplayName("R-3u mpnet.user-agent replaces the profile's User-Agent; unset, the profile's is used")
    void userAgent() {
        runner.withPropertyValues("mpnet.app-id=wx0123456789abcdef", "mpnet.user-agent=Mozilla/5.0 Demo/1 MiniProgramEnv/android")
                .run(ctx -> assertThat(ctx.getBean(NetworkConfig.class).userAgent())
                        .isEqualTo("Mozilla/5.0 Demo/1 MiniProgramEnv/android"));
        runner.withPropertyValues("mpnet.app-id=wx0123456789abcdef")
                .run(ctx -> assertThat(ctx.getBean(NetworkConfig.class).userAgent())
                        .isEqualTo(io.mpnet.policy.Profile.WECHAT.userAgent()));
    }

    @Test
    @DisplayName("C-2 R-3u a mpnet.user-agent with CR/LF fails start-up naming the field and the rule")
    void badUserAgent() {
        runner.withPropertyValues("mpnet.app-id=wx0123456789abcdef", "mpnet.user-agent=Demo/1\r\nX-Admin: true")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(rootCause(ctx.getStartupFailure())).isInstanceOf(ConfigException.class)
                            .hasMessageContaining("Spring properties mpnet.*: userAgent: 'Demo/1\\u000d\\u000aX-Admin: true'")
                            .hasMessageContaining("header injection")
                            .hasMessageContaining("(R-3u)");
                });
    }

    @Test
    @DisplayName("C-3 an unknown mpnet.* property fails start-up")
    void unknownProperty() {
        runner.withPropertyValues("mpnet.app-idd=wx0123456789abcdef").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining("app-idd");
        });
    }

    @Test
    @DisplayName("C-2 a config file and configuration properties together fail start-up, naming both")
    void fileAndProperties(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mpnet.json"), "{\"appId\": \"wxfeedfacecafebeef\"}");
        runner.withPropertyValues("mpnet.config-file=" + file, "mpnet.app-id=wx0123456789abcdef").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(rootCause(ctx.getStartupFailure())).hasMessageContaining("mpnet.app-id")
                    .hasMessageContaining("config-file");
        });
    }

    @Test
    @DisplayName("P-11 X-1 the mpNetClientHttpConnector bean rides the runtime's client, by name only")
    void connectorBean() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MpNetAutoConfiguration.class, BootLikeConnector.class))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasBean("mpNetClientHttpConnector").hasBean("bootConnector");
                    assertThat(ctx.getBean("mpNetClientHttpConnector")).isInstanceOf(ReactorClientHttpConnector.class);
                });
    }

    /**
     * What Spring Boot's WebClient auto-configuration does after ours: a default connector unless the
     * application has one. The runtime's connector, not a default candidate, must not count as one,
     * or every WebClient of the application would dial under the mini program's rules.
     */
    @AutoConfiguration(after = MpNetAutoConfiguration.class)
    static class BootLikeConnector {
        @Bean
        @ConditionalOnMissingBean(ClientHttpConnector.class)
        ClientHttpConnector bootConnector() {
            return new ReactorClientHttpConnector();
        }
    }

    @Test
    @DisplayName("the application's own beans win; the runtime closes with the context")
    void ownBeansWin() {
        MpNetResources own = MpNetResources.create();
        try {
            runner.withBean(MpNetResources.class, () -> own).run(ctx -> {
                assertThat(ctx.getBean(MpNetResources.class)).isSameAs(own);
                assertThat(ctx).hasSingleBean(MiniProgramNetwork.class);
            });
        } finally {
            own.close();
        }
    }

    @Test
    @DisplayName("L-1 Micrometer gauges show the gate's free slots and queue")
    void gauges() {
        runner.run(ctx -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ctx.getBean(MeterBinder.class).bindTo(registry);
            assertThat(registry.get("mpnet.request.slots.available").gauge().value()).isEqualTo(10.0);
            assertThat(registry.get("mpnet.request.queued").gauge().value()).isZero();
        });
    }

    static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
