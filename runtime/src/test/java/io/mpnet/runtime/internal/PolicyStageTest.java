package io.mpnet.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.Target;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The policy stage remembers what it allowed, never what it refused, and within its bound. */
class PolicyStageTest {

    static final String URL = "https://api.example.com/v1/items";

    final PolicyStage stage = new PolicyStage(NetworkPolicy.of(NetworkConfig.builder().appId("wx0123456789abcdef")
            .domains(ApiKind.REQUEST, "https://api.example.com").build(), DeviceView.of("192.168.1.10/24")));

    @Test
    @DisplayName("P-2 an allowed URL is judged once: later calls get the same target")
    void allowedIsRemembered() {
        Target first = stage.target(ApiKind.REQUEST, URL);
        assertThat(stage.target(ApiKind.REQUEST, URL)).isSameAs(first);
        assertThat(first.host()).isEqualTo("api.example.com");
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
            stage.target(ApiKind.REQUEST, URL + "?page=" + i);
        }
        Target again = stage.target(ApiKind.REQUEST, URL);
        assertThat(again).isNotSameAs(first);
        assertThat(again.pathAndQuery()).isEqualTo(first.pathAndQuery());
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
