package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.MpNetException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/**
 * P-10 end to end in the simulated LAN: device {@code 192.168.50.10/24}, its peer
 * {@code 192.168.50.20} mapped to the loopback server. The refused addresses are mapped to the same
 * server, so a request that slipped past the policy would be counted there.
 */
class LanRequestTest extends LoopbackTest {

    @Test
    @DisplayName("P-10 request to a LAN peer's IP succeeds over plain http, on any port, with no domain configured")
    void lanPeerOverHttp() throws Exception {
        DisposableServer s = countingServer(r -> r.get("/hello", (req, res) -> {
            received.add(req.uri());
            return res.sendString(Mono.just("from the peer"));
        }));

        HttpResult r = lanRuntime().request(RequestOptions.get(lan(s, "/hello")).build()).block(WAIT);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.data()).isEqualTo("from the peer");
        assertThat(awaitRequest()).isEqualTo("/hello");
    }

    @ParameterizedTest
    @CsvSource({"192.168.50.10, P-11", "192.168.50.255, P-11", "10.0.0.5, P-1", "192.168.51.20, P-1"})
    @DisplayName("P-10 the device itself (P-11) and an address off its subnet (P-1 for http) are refused, though"
            + " hosts maps them to the server: nothing reaches it")
    void notALanPeer(String address, String rule) {
        DisposableServer s = countingServer(r -> r.get("/", (req, res) -> res.sendString(Mono.just("no"))));
        MiniProgramNetwork net = runtime(lanConfig().host(address, "127.0.0.1").build());

        StepVerifier.create(net.request(RequestOptions.get("http://" + address + ":" + s.port() + "/").build()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo(rule))
                .verify(WAIT);
        assertThat(acceptedConnections).hasValue(0);
    }
}
