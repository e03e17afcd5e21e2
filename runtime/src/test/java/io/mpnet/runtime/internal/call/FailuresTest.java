package io.mpnet.runtime.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.net.ConnectException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** E-1, E-2: which rule a failure of the server or the network names, per API kind. */
class FailuresTest {

    @Test
    @DisplayName("E-1 a network failure names R-4 for the HTTP calls and connectSocket, N-2 for UDP and N-3 for TCP")
    void networkRulePerApi() {
        for (ApiKind api : ApiKind.values()) {
            MpNetException m = Failures.map(api, "peer.example.com", new ConnectException("Connection refused"));
            assertThat(m.reason()).isEqualTo(FailReason.NETWORK);
            assertThat(m.rule()).as(api.name()).isEqualTo(switch (api) {
                case UDP -> "N-2";
                case TCP -> "N-3";
                default -> "R-4";
            });
            assertThat(m.explanation()).contains("peer.example.com");
        }
    }
}
