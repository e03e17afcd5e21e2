package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.mpnet.testing.LogCapture;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/** What a runtime does when it is built: the P-13 warning and the P-14 DNS prefetch. */
class StartupRulesTest extends LoopbackTest {

    @RegisterExtension
    final LogCapture log = LogCapture.of(MiniProgramNetwork.class);

    List<ILoggingEvent> warnings() {
        return log.warnings();
    }

    @Test
    @DisplayName("P-13 urlCheck=false logs exactly one warning per runtime, however many calls it makes")
    void oneWarningPerRuntime() {
        DisposableServer s = server(r -> r.get("/ok", (req, res) -> res.sendString(Mono.just("ok"))));
        MiniProgramNetwork net = runtime(lanConfig().urlCheck(false).host("anything.example.org", "127.0.0.1").build());
        for (int i = 0; i < 3; i++) {
            // plain http, off the LAN and not configured: allowed only because the checks are off
            String url = "http://anything.example.org:" + s.port() + "/ok";
            assertThat(net.request(RequestOptions.get(url).build()).block(WAIT).statusCode()).isEqualTo(200);
        }
        assertThat(warnings()).singleElement().satisfies(e ->
                assertThat(e.getFormattedMessage()).contains("urlCheck=false", "P-13", "wx0123456789abcdef"));
        runtime(lanConfig().urlCheck(false).build());
        assertThat(warnings()).hasSize(2);
    }

    @Test
    @DisplayName("P-13 urlCheck=true logs no warning")
    void noWarningWhenChecking() {
        runtime(lanConfig().build());
        assertThat(warnings()).isEmpty();
    }

    @Test
    @DisplayName("P-14 prefetchDns names are resolved when the runtime starts, except names mapped in hosts")
    void prefetch() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        InetAddress somewhere = InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34}); // no lookup
        runtime(MiniProgramNetwork.builder(lanConfig()
                        .prefetchDns("api.example.com", "cdn.example.com", "mapped.example.com")
                        .host("mapped.example.com", "127.0.0.1").build())
                .resolver(host -> {
                    asked.add(host);
                    return Mono.just(List.of(somewhere));
                }));
        assertThat(asked).containsExactlyInAnyOrder("api.example.com", "cdn.example.com");
    }

    @Test
    @DisplayName("P-14 a prefetch that fails is logged, not fatal: the runtime starts")
    void prefetchFailure() {
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig().prefetchDns("api.example.com").build())
                .resolver(host -> Mono.error(new java.net.UnknownHostException(host))));
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(warnings()).singleElement().satisfies(e ->
                assertThat(e.getFormattedMessage()).contains("prefetchDns", "api.example.com", "P-14"));
    }
}
