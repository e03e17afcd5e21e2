package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.runtime.internal.stage.TimeoutStage;
import io.mpnet.testing.LogCapture;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/** T-1: a timeout above the profile's maximum is capped, and the runtime says so once. */
class TimeoutCapTest extends LoopbackTest {

    @RegisterExtension
    final LogCapture log = LogCapture.debugOf(TimeoutStage.class);

    @Test
    @DisplayName("T-1 timeouts above 60000 ms are capped with one debug line per runtime, however many calls ask for them")
    void oneLinePerRuntime() {
        DisposableServer s = server(r -> r.get("/ok", (req, res) -> res.sendString(Mono.just("ok"))));
        MiniProgramNetwork net = lanRuntime();
        for (int i = 0; i < 3; i++) {
            assertThat(net.request(RequestOptions.get(lan(s, "/ok")).timeout(Duration.ofMillis(90_000)).build())
                    .block(WAIT).statusCode()).isEqualTo(200);
        }
        assertThat(log.debugs()).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains("timeout 90000 ms (the call's) capped to the wechat maximum of 60000 ms (T-1)"));

        MiniProgramNetwork other = lanRuntime();
        other.request(RequestOptions.get(lan(s, "/ok")).timeout(Duration.ofMillis(61_000)).build()).block(WAIT);
        assertThat(log.debugs()).as("a second runtime says it once too").hasSize(2);
    }

    @Test
    @DisplayName("T-1 a timeout within the maximum logs nothing")
    void noLineWithinTheMaximum() {
        DisposableServer s = server(r -> r.get("/ok", (req, res) -> res.sendString(Mono.just("ok"))));
        lanRuntime().request(RequestOptions.get(lan(s, "/ok")).timeout(Duration.ofMillis(60_000)).build()).block(WAIT);
        assertThat(log.debugs()).isEmpty();
    }
}
