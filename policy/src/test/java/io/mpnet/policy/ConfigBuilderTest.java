package io.mpnet.policy;

import static io.mpnet.policy.ConfigFiles.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Configuration in code: the same checks as files, reported with source "builder" (C-2). */
class ConfigBuilderTest {

    @Test
    @DisplayName("C-3 the builder's defaults: touristappid, version 0, wechat, urlCheck on")
    void defaults() {
        NetworkConfig c = NetworkConfig.builder().build();
        assertThat(c.appId()).isEqualTo("touristappid");
        assertThat(c.version()).isEqualTo("0");
        assertThat(c.profile()).isEqualTo(Profile.WECHAT);
        assertThat(c.urlCheck()).isTrue();
    }

    @Test
    @DisplayName("C-2 every part of the configuration can be given in code")
    void everything() throws Exception {
        NetworkConfig c = NetworkConfig.builder()
                .appId("wx1").version("1.2.3").profile(Profile.APPSERVICE).urlCheck(false)
                .domains(ApiKind.REQUEST, "https://api.example.com")
                .domains(ApiKind.UDP, "udp.example.com")
                .networkTimeout(ApiKind.REQUEST, Duration.ofSeconds(3))
                .host("api.example.com", "127.0.0.1")
                .build();
        assertThat(c.referer()).isEqualTo("https://appservice.wx.com/wx1/1.2.3/page-frame.html");
        assertThat(c.urlCheck()).isFalse();
        assertThat(c.domains(ApiKind.UDP)).hasSize(1);
        assertThat(c.networkTimeout()).containsEntry(ApiKind.REQUEST, Duration.ofSeconds(3));
        assertThat(c.mappedAddress("api.example.com")).contains(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    @DisplayName("C-2 builder problems are all reported at once, with mpnet.json field names and source 'builder'")
    void problemsAtOnce() {
        var p = problems(() -> NetworkConfig.builder()
                .appId("")
                .profile("weechat")
                .domains(ApiKind.UDP, "udp.example.com")
                .prefetchDns("10.0.0.1")
                .networkTimeout(ApiKind.REQUEST, Duration.ZERO)
                .networkTimeout(ApiKind.TCP, Duration.ofSeconds(1))
                .host("a.example.com", "a.example.com")
                .trustStore(Path.of("no/such/store.p12"), "x")
                .build());
        assertThat(p).allSatisfy(x -> assertThat(x.source()).isEqualTo("builder"));
        assertThat(p).extracting(x -> x.field() + " " + x.rule()).containsExactly(
                "appId C-2",
                "profile C-2",
                "domains.udp P-12u",
                "prefetchDns[0] P-3",
                "networkTimeout.request T-1",
                "networkTimeout.tcp C-3",
                "hosts[\"a.example.com\"] C-2",
                "tls.trustStore C-2");
    }

    @Test
    @DisplayName("C-2 the configuration is immutable: later builder calls do not change a built config")
    void immutable() {
        NetworkConfig.Builder b = NetworkConfig.builder().domains(ApiKind.REQUEST, "https://a.example.com");
        NetworkConfig c = b.build();
        b.domains(ApiKind.REQUEST, "https://b.example.com");
        assertThat(c.domains(ApiKind.REQUEST)).hasSize(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.domains(ApiKind.REQUEST).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
