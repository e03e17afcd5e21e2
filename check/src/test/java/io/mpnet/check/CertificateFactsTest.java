package io.mpnet.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.testing.TestPki;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CertificateFactsTest {

    private static final TestPki PKI = TestPki.create();

    private static CheckResult rule(List<CheckResult> checks, String rule) {
        return checks.stream().filter(c -> c.rule().equals(rule)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("X-11 a publicly trusted certificate without embedded SCTs is a warning; with them, or from a private CA, a pass")
    void scts() {
        TestPki.ServerCert without = PKI.leaf("a.example.com").issue();
        TestPki.ServerCert with = PKI.leaf("a.example.com").scts().issue();
        assertThat(rule(CertificateFacts.judge(without.chain(), Instant.now(), true), "X-11").status()).isEqualTo(Status.WARN);
        assertThat(rule(CertificateFacts.judge(with.chain(), Instant.now(), true), "X-11").status()).isEqualTo(Status.PASS);
        assertThat(rule(CertificateFacts.judge(without.chain(), Instant.now(), false), "X-11").status()).isEqualTo(Status.PASS);
    }

    @Test
    @DisplayName("X-2 a certificate expiring within 30 days warns, naming the day; one out of date is left to the runtime's X-2")
    void expiry() {
        TestPki.ServerCert c = PKI.leaf("a.example.com").expiresIn(Duration.ofDays(40)).issue();
        assertThat(rule(CertificateFacts.judge(c.chain(), Instant.now(), false), "X-2").status()).isEqualTo(Status.PASS);
        CheckResult soon = rule(CertificateFacts.judge(c.chain(), Instant.now().plus(Duration.ofDays(20)), false), "X-2");
        assertThat(soon.status()).isEqualTo(Status.WARN);
        assertThat(soon.seen()).contains(c.leaf().getNotAfter().toInstant().toString());
        assertThat(CertificateFacts.judge(c.chain(), Instant.now().plus(Duration.ofDays(41)), false))
                .extracting(CheckResult::rule).doesNotContain("X-2");
    }

    @Test
    @DisplayName("X-10 the 398-day limit applies to certificates issued from 2020-09-01 only")
    void lifetimeBoundary() {
        TestPki.ServerCert ok = PKI.leaf("a.example.com").lifetime(Duration.ofDays(398)).issue();
        TestPki.ServerCert tooLong = PKI.leaf("a.example.com").lifetime(Duration.ofDays(399)).issue();
        assertThat(rule(CertificateFacts.judge(ok.chain(), Instant.now(), false), "X-10").status()).isEqualTo(Status.PASS);
        assertThat(rule(CertificateFacts.judge(tooLong.chain(), Instant.now(), false), "X-10").status()).isEqualTo(Status.FAIL);
    }

    @Test
    @DisplayName("P-11 private, shared, link-local and unique-local answers are named; public and loopback ones are not")
    void privateRanges() throws Exception {
        for (String a : List.of("10.0.0.5", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "169.254.1.1",
                "fd00::1", "fe80::1")) {
            assertThat(PrivateAddresses.range(InetAddress.getByName(a))).as(a).isNotNull();
        }
        for (String a : List.of("172.32.0.1", "100.128.0.1", "8.8.8.8", "127.0.0.1", "2001:db8::1")) {
            assertThat(PrivateAddresses.range(InetAddress.getByName(a))).as(a).isNull();
        }
    }
}
