package io.mpnet.runtime.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.Target;
import io.mpnet.policy.UrlLength;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The policy stage remembers the origins it allowed, never what it refused, and within its bound; E-3 URL length. */
class PolicyStageTest {

    static final String URL = "https://api.example.com/v1/items";

    final PolicyStage stage = new PolicyStage(NetworkPolicy.of(NetworkConfig.builder().appId("wx0123456789abcdef")
            .domains(ApiKind.REQUEST, "https://api.example.com").build(), DeviceView.of("192.168.1.10/24")), null);

    @Test
    @DisplayName("P-2 an allowed origin is judged once: later URLs of it reuse the judgement with their own path")
    void allowedIsRemembered() {
        Target first = stage.target(ApiKind.REQUEST, URL);
        Target second = stage.target(ApiKind.REQUEST, "https://api.example.com/v2/other?q=1#f");
        assertThat(stage.remembered(ApiKind.REQUEST)).containsOnlyKeys("https://api.example.com");
        assertThat(first.host()).isEqualTo("api.example.com");
        assertThat(second.host()).isEqualTo("api.example.com");
        assertThat(second.pathAndQuery()).isEqualTo("/v2/other?q=1");
        assertThat(second.url()).isEqualTo("https://api.example.com/v2/other?q=1");
        assertThat(stage.target(ApiKind.REQUEST, "https://api.example.com").pathAndQuery()).isEqualTo("/");
        assertThat(stage.target(ApiKind.REQUEST, "https://api.example.com?x").pathAndQuery()).isEqualTo("/?x");
    }

    @Test
    @DisplayName("P-2 the same short URL again is answered with its own target; another URL of the origin gets its own")
    void lastUrlIsAnsweredAsIs() {
        Target first = stage.target(ApiKind.REQUEST, URL);
        assertThat(stage.target(ApiKind.REQUEST, new String(URL))).isSameAs(first);
        Target other = stage.target(ApiKind.REQUEST, URL + "/2");
        assertThat(other).isNotSameAs(first);
        assertThat(other.pathAndQuery()).isEqualTo("/v1/items/2");
        assertThat(stage.target(ApiKind.REQUEST, URL + "/2"))
                .isSameAs(other);
        String longUrl = URL + "?q=" + "x".repeat(PolicyStage.MAX_LAST);
        Target a = stage.target(ApiKind.REQUEST, longUrl);
        assertThat(stage.target(ApiKind.REQUEST, longUrl)).as("a long URL is never kept whole").isNotSameAs(a);
    }

    @Test
    @DisplayName("P-2 a remembered origin does not let a control character in the path through: refused, naming it")
    void rememberedOriginStillReadsThePath() {
        stage.target(ApiKind.REQUEST, URL);
        MpNetException e = refusal(URL + "/a b");
        assertThat(e.rule()).isEqualTo("P-2");
        assertThat(e.explanation()).contains("U+0020").contains("index 34");
    }

    @Test
    @DisplayName("E-3 the remembered keys and targets do not grow with the URL: only the origin is kept")
    void keysDoNotGrowWithTheUrl() {
        String longQuery = "?q=" + "x".repeat(UrlLength.MAX - URL.length() - 5);
        for (int i = 0; i < 64; i++) {
            Target t = stage.target(ApiKind.REQUEST, URL.replace("items", "items" + i) + longQuery);
            assertThat(t.pathAndQuery()).endsWith("xxx");
        }
        Map<String, Target> kept = stage.remembered(ApiKind.REQUEST);
        assertThat(kept).containsOnlyKeys("https://api.example.com");
        assertThat(kept.get("https://api.example.com").url()).isEqualTo("https://api.example.com/");
    }

    @Test
    @DisplayName("E-3 a URL over UrlLength.MAX characters is refused before the policy, naming the limit and the fix")
    void tooLong() {
        String url = URL + "?q=" + "x".repeat(UrlLength.MAX);
        MpNetException e = refusal(url);
        assertThat(e.rule()).isEqualTo("E-3");
        assertThat(e.reason()).isEqualTo(FailReason.INVALID_PARAMETER);
        assertThat(e.errMsg()).isEqualTo("request:fail parameter error");
        assertThat(e.getMessage()).contains(String.valueOf(url.length()), "limit of 16384 characters", "UrlLength.MAX",
                "https://api.example.com/v1/items?q=xxx", "POST");
        assertThat(e.getMessage().length()).isLessThan(1000);
        assertThat(stage.remembered(ApiKind.REQUEST)).isEmpty();
        assertThat(stage.target(ApiKind.REQUEST, url.substring(0, UrlLength.MAX)).host()).isEqualTo("api.example.com");
    }

    @Test
    @DisplayName("P-2 a URL allowed for one API is judged afresh for another, and refused there")
    void rememberedPerApi() {
        stage.target(ApiKind.REQUEST, URL);
        assertThatThrownBy(() -> stage.target(ApiKind.DOWNLOAD_FILE, URL))
                .isInstanceOfSatisfying(MpNetException.class, e -> assertThat(e.rule()).isEqualTo("P-2"));
    }

    @Test
    @DisplayName("P-1 a refused URL is refused every time, with its own exception")
    void refusalsAreNotRemembered() {
        String http = "http://api.example.com/v1/items";
        MpNetException first = refusal(http);
        MpNetException second = refusal(http);
        assertThat(second).isNotSameAs(first);
        assertThat(second.rule()).isEqualTo("P-1");
    }

    @Test
    @DisplayName("past its bound the stage starts over, and still judges right")
    void bounded() {
        Target first = stage.target(ApiKind.REQUEST, URL);
        for (int i = 0; i < PolicyStage.MAX_REMEMBERED; i++) {
            stage.target(ApiKind.REQUEST, "http://192.168.1.20:" + (1000 + i) + "/x"); // a LAN peer, one origin per port
            assertThat(stage.remembered(ApiKind.REQUEST).size()).isLessThanOrEqualTo(PolicyStage.MAX_REMEMBERED);
        }
        assertThat(stage.remembered(ApiKind.REQUEST)).doesNotContainKey("https://api.example.com");
        Target again = stage.target(ApiKind.REQUEST, URL);
        assertThat(again.pathAndQuery()).isEqualTo(first.pathAndQuery());
        assertThat(again.lan()).isFalse();
        assertThat(stage.target(ApiKind.REQUEST, "http://192.168.1.20:1000/y").lan()).isTrue();
    }

    MpNetException refusal(String url) {
        try {
            stage.target(ApiKind.REQUEST, url);
        } catch (MpNetException e) {
            return e;
        }
        throw new AssertionError(url + " was allowed");
    }
}
