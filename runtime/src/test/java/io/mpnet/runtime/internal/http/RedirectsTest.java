package io.mpnet.runtime.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** what counts as the same origin, and which headers are credentials. */
class RedirectsTest {

    // urlCheck=false so that a URL may spell the default port (P-5 is not what is tested here)
    static final NetworkPolicy POLICY = NetworkPolicy.of(NetworkConfig.builder().urlCheck(false).build(),
            DeviceView.of("192.168.50.10/24"));

    static Target t(String url) {
        return POLICY.check(ApiKind.REQUEST, url).orThrow();
    }

    @Test
    @DisplayName("R-13 the same origin is the same scheme, host and port, the default port spelt or not")
    void sameOrigin() {
        Target a = t("https://api.example.com/a");
        assertThat(Redirects.sameOrigin(a, t("https://API.example.com./b?q"))).isTrue();
        assertThat(Redirects.sameOrigin(a, t("https://api.example.com:443/b"))).isTrue();
        assertThat(Redirects.sameOrigin(a, t("http://api.example.com/b"))).as("scheme").isFalse();
        assertThat(Redirects.sameOrigin(a, t("https://api.example.com:8443/b"))).as("port").isFalse();
        assertThat(Redirects.sameOrigin(a, t("https://cdn.example.com/b"))).as("host").isFalse();
        assertThat(Redirects.sameOrigin(a, t("https://a.api.example.com/b"))).as("a subdomain").isFalse();
    }

    @Test
    @DisplayName("R-13 Authorization, Proxy-Authorization and Cookie are dropped in any letter case; the rest stays in order")
    void withoutCredentials() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-A", "1");
        h.put("AUTHORIZATION", "Bearer s");
        h.put("cookie", "c=1");
        h.put("Proxy-Authorization", "Basic p");
        h.put("Referer", "https://servicewechat.com/wx/0/page-frame.html");
        assertThat(Redirects.withoutCredentials(h)).containsExactly(Map.entry("X-A", "1"),
                Map.entry("Referer", "https://servicewechat.com/wx/0/page-frame.html"));
        Map<String, String> none = Map.of("X-A", "1");
        assertThat(Redirects.withoutCredentials(none)).as("nothing to drop: the same map").isSameAs(none);
    }
}
