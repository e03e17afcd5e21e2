package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileTest {

    @Test
    @DisplayName("L-1, S-4, T-1, B-2, P-7, P-14 the limits of both profiles")
    void limits() {
        for (Profile p : Profile.BUILT_IN) {
            assertThat(p.maxConcurrentHttp()).as("L-1 %s", p.name()).isEqualTo(10);
            assertThat(p.maxSockets()).as("S-4 %s", p.name()).isEqualTo(5);
            assertThat(p.maxTimeout()).as("T-1 %s", p.name()).isEqualTo(Duration.ofSeconds(60));
            assertThat(p.backgroundGrace()).as("B-2 %s", p.name()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.maxDomainsPerApi()).as("P-7 %s", p.name()).isEqualTo(20);
            assertThat(p.maxPrefetchDns()).as("P-14 %s", p.name()).isEqualTo(5);
        }
    }

    @Test
    @DisplayName("P-4, P-5, P-12u, P-14 the rule switches differ as the profile table says")
    void switches() {
        assertThat(Profile.WECHAT.httpsPortsConfigurable()).isTrue();
        assertThat(Profile.APPSERVICE.httpsPortsConfigurable()).isFalse();
        assertThat(Profile.WECHAT.httpsAnyPortWhenUnconfigured()).isFalse();
        assertThat(Profile.APPSERVICE.httpsAnyPortWhenUnconfigured()).isTrue();
        assertThat(Profile.WECHAT.udpDomains()).isFalse();
        assertThat(Profile.APPSERVICE.udpDomains()).isTrue();
        assertThat(Profile.WECHAT.prefetchDns()).isTrue();
        assertThat(Profile.APPSERVICE.prefetchDns()).isFalse();
    }

    @ParameterizedTest(name = "P-9 {0} version {2}: {3}")
    @CsvSource({
        "wechat,     wx0123456789abcdef, 0,        https://servicewechat.com/wx0123456789abcdef/0/page-frame.html",
        "wechat,     wx0123456789abcdef, devtools, https://servicewechat.com/wx0123456789abcdef/devtools/page-frame.html",
        "wechat,     wx0123456789abcdef, 1.2.3,    https://servicewechat.com/wx0123456789abcdef/1.2.3/page-frame.html",
        "appservice, wx0123456789abcdef, 0,        https://appservice.wx.com/wx0123456789abcdef/0/page-frame.html",
        "appservice, wx0123456789abcdef, devtools, https://appservice.wx.com/wx0123456789abcdef/devtools/page-frame.html",
        "appservice, wx0123456789abcdef, 1.2.3,    https://appservice.wx.com/wx0123456789abcdef/1.2.3/page-frame.html",
    })
    void referer(String profile, String appId, String version, String expected) {
        assertThat(Profile.named(profile).referer(appId, version)).isEqualTo(expected);
        assertThat(NetworkConfig.builder().profile(profile).appId(appId).version(version).build().referer()).isEqualTo(expected);
    }

    @Test
    @DisplayName("C-2 profiles are found by name in any ASCII case; unknown names list the known ones")
    void named() {
        assertThat(Profile.named("WeChat")).isSameAs(Profile.WECHAT);
        assertThatThrownBy(() -> Profile.named("alipay")).hasMessageContaining("wechat, appservice");
    }
}
