package io.mpnet.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The proof matrix through the Java API: each fault reported with exactly its rule, and nothing but
 * passes on the good servers. Prints the wall time and the fault → rule table.
 */
@Tag("slow") // loopback TLS servers of every fault: several seconds of set-up on 2 cores
class MatrixTest {

    static Matrix matrix;
    static ComplianceReport report;

    @BeforeAll
    static void run() {
        matrix = Matrix.start();
        report = ComplianceCheck.builder(matrix.config())
                .trustStore(matrix.pki.trustStore())
                .resolver(Matrix.resolver())
                .socketProtocols("chat")
                .timeout(Matrix.TARGET_LIMIT)
                .build()
                .run(matrix.targets())
                .block(Matrix.WAIT);
        StringBuilder table = new StringBuilder("matrix wall time " + report.took().toMillis() + " ms for "
                + report.targets().size() + " targets\n| fault | target | reported |\n|---|---|---|\n");
        for (Matrix.Case c : matrix.cases()) {
            TargetReport t = report.target(c.target());
            String reported = t.checks().stream().filter(x -> x.status() != Status.PASS)
                    .map(x -> x.status() + " " + x.rule()).collect(Collectors.joining(", "));
            table.append("| ").append(c.fault()).append(" | ").append(c.target()).append(" | ")
                    .append(reported.isEmpty() ? "all PASS" : reported).append(" |\n");
        }
        System.out.println(table);
    }

    @AfterAll
    static void stop() {
        matrix.close();
    }

    @Test
    @DisplayName("X-2 X-3 X-4 X-1 X-6..X-10 P-2 P-11 P-12p S-1 each fault of the matrix is reported with exactly its rule")
    void eachFaultExactlyItsRule() {
        for (Matrix.Case c : matrix.cases()) {
            TargetReport t = report.target(c.target());
            List<CheckResult> notPassed = t.checks().stream().filter(x -> x.status() != Status.PASS).toList();
            if (c.rule().isEmpty()) {
                assertThat(notPassed).as(c.fault() + ": no false alarm on a good server: " + t.checks()).isEmpty();
            } else {
                assertThat(notPassed).as(c.fault() + ": " + t.checks()).hasSize(1);
                assertThat(notPassed.get(0).rule()).as(c.fault() + ": " + notPassed.get(0)).isEqualTo(c.rule());
                assertThat(notPassed.get(0).status()).as(c.fault()).isEqualTo(c.status());
                assertThat(notPassed.get(0).fix()).as(c.fault() + ": the fix in one sentence").isNotBlank();
            }
        }
        assertThat(report.failed()).isTrue();
        assertThat(report.exitCode(false)).isEqualTo(1);
    }

    @Test
    @DisplayName("X-2 the incomplete chain names the missing intermediate by its subject")
    void missingIntermediateNamed() {
        CheckResult chain = failing("incomplete chain");
        assertThat(chain.seen()).contains(matrix.pki.intermediate().getSubjectX500Principal().getName());
    }

    @Test
    @DisplayName("R-11 the good h2 server is reported with h2 by ALPN, the h1 server without; X-1 names the versions accepted")
    void informationOfTheGoodServers() {
        TargetReport h2 = report.target(target("good (h2)"));
        TargetReport h1 = report.target(target("good (h1)"));
        assertThat(check(h2, "R-11").seen()).isEqualTo("h2 by ALPN");
        assertThat(check(h1, "R-11").seen()).contains("no h2");
        assertThat(check(h2, "X-1").seen()).contains("TLS 1.3").contains("TLS 1.2");
        assertThat(named(h2, "HTTP").seen()).contains("answered 200 over h2");
        assertThat(check(report.target(target("TLS 1.3 only")), "X-1").seen()).isEqualTo(
                "accepts TLS 1.3 (nothing older is offered by this check: the JDK disables it)");
    }

    @Test
    @DisplayName("P-11 the private DNS answer is refused and never dialled; P-2 the redirect names the hop that leaves")
    void dnsAndRedirect() {
        TargetReport priv = report.target(target("DNS answers 10.0.0.5"));
        assertThat(priv.checks()).extracting(CheckResult::name).doesNotContain("TCP connect");
        assertThat(failing("DNS answers 10.0.0.5").seen()).contains("10.0.0.5").contains("private");
        assertThat(failing("redirect to an unlisted domain").seen()).contains("redirects to a hop the rules refuse (R-7)")
                .contains("'unlisted.example.org' is not in domains.request");
    }

    @Test
    @DisplayName("X-1 the TLS 1.1 server is named by the version its ServerHello picks; TLS 1.1 and 1.0 are not probed where the JDK disables them")
    void oldVersionNamed() {
        assertThat(failing("TLS 1.1 only").seen()).contains("offers only TLS 1.1")
                .contains(Handshakes.enabledHere("TLSv1.1") ? "probed alone, it accepts neither" // its ServerHello alone
                        : "TLS 1.1 and 1.0 not probed: this JVM disables them");
    }

    @Test
    @DisplayName("X-2 the report says which trust anchors the certificate checks used")
    void anchorsNamed() {
        assertThat(report.trustAnchors()).contains("mpnet Test Root CA").contains("their own system root stores");
    }

    private CheckResult failing(String fault) {
        return report.target(target(fault)).checks().stream().filter(x -> x.status() != Status.PASS).findFirst()
                .orElseThrow();
    }

    private static CheckResult check(TargetReport t, String rule) {
        return t.checks().stream().filter(x -> x.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + rule + " in " + t.checks()));
    }

    private static CheckResult named(TargetReport t, String name) {
        return t.checks().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check '" + name + "' in " + t.checks()));
    }

    private static String target(String fault) {
        return matrix.cases().stream().filter(c -> c.fault().equals(fault)).findFirst().orElseThrow().target();
    }
}
