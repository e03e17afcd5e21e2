package io.mpnet.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.RequestOptions;
import io.mpnet.runtime.SocketOptions;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The runtime and the checker agree: for every https and wss server of the matrix, a call through
 * {@link MiniProgramNetwork} fails with an X rule exactly when the checker reports that X rule failing.
 * The rules the runtime applies are X-1..X-5; X-6..X-11 are what phones refuse and the runtime does not,
 * so for those servers the call succeeds, which this test states too. The private-DNS target is left
 * out: the runtime refuses only the device itself (P-11), so its call would dial 10.0.0.5.
 */
@Tag("slow") // loopback TLS servers of every fault: several seconds of set-up on 2 cores
class AgreementTest {

    private static final Set<String> RUNTIME_RULES = Set.of("X-1", "X-2", "X-3", "X-4", "X-5");

    static Matrix matrix;
    static ComplianceReport report;
    static MiniProgramNetwork net;

    @BeforeAll
    static void start() {
        matrix = Matrix.start();
        report = ComplianceCheck.builder(matrix.config()).trustStore(matrix.pki.trustStore())
                .resolver(Matrix.resolver()).socketProtocols("chat").timeout(Matrix.TARGET_LIMIT).build()
                .run(matrix.targets()).block(Matrix.WAIT);
        net = MiniProgramNetwork.builder(matrix.config()).trustStore(matrix.pki.trustStore())
                .resolver(Matrix.resolver()).build();
    }

    @AfterAll
    static void stop() {
        net.close();
        matrix.close();
    }

    @Test
    @DisplayName("X-5 request() and connectSocket() fail with an X rule exactly when the checker reports it failing, the same rule")
    void runtimeAndCheckerAgree() {
        int compared = 0;
        for (Matrix.Case c : matrix.cases()) {
            if (c.target().contains(Matrix.PRIVATE_HOST) || !(c.target().startsWith("https://") || c.target().startsWith("wss://"))) {
                continue;
            }
            Optional<String> checker = report.target(c.target()).with(Status.FAIL).stream()
                    .map(CheckResult::rule).filter(RUNTIME_RULES::contains).findFirst();
            for (boolean h2 : new boolean[] {false, true}) {
                Optional<String> runtime = runtimeXRule(c.target(), h2);
                assertThat(runtime).as(c.fault() + (h2 ? " (enableHttp2)" : "") + ": the runtime's X rule vs the checker's")
                        .isEqualTo(checker);
            }
            if (Set.of("X-6", "X-7", "X-8", "X-9", "X-10", "X-11").contains(c.rule())) {
                assertThat(checker).as(c.fault() + ": a rule the runtime does not apply; its call succeeds").isEmpty();
            }
            compared++;
        }
        assertThat(compared).isEqualTo(17);
    }

    private static Optional<String> runtimeXRule(String target, boolean h2) {
        Mono<?> call = target.startsWith("wss://")
                ? net.connectSocket(SocketOptions.builder(target).protocols("chat").build())
                        .flatMap(task -> task.close(1000, "").thenReturn(task))
                : net.request(RequestOptions.get(target).enableHttp2(h2).build());
        try {
            call.block(Matrix.WAIT);
            return Optional.empty();
        } catch (MpNetException e) {
            return e.rule().startsWith("X-") ? Optional.of(e.rule()) : Optional.empty();
        }
    }
}
