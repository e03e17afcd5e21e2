package io.mpnet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TestPkiLeafBuilderTest {

    private static final TestPki PKI = TestPki.create();

    @Test
    @DisplayName("X-2 the builder's default leaf is EC, SHA-256, 90 days, sent with its intermediate, without SCTs")
    void defaults() {
        TestPki.ServerCert c = PKI.leaf("a.example.com").issue();
        assertThat(c.chain()).containsExactly(c.leaf(), PKI.intermediate());
        assertThat(c.leaf().getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(c.leaf().getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(c.leaf().getExtensionValue("1.3.6.1.4.1.11129.2.4.2")).isNull();
    }

    @Test
    @DisplayName("X-2 each fault of the builder shows in the certificate or the chain it sends")
    void faults() throws Exception {
        X509Certificate rsa = PKI.leaf("a.example.com").rsa(1024).issue().leaf();
        assertThat(((RSAPublicKey) rsa.getPublicKey()).getModulus().bitLength()).isEqualTo(1024);
        assertThat(PKI.leaf("a.example.com").sha1().issue().leaf().getSigAlgName()).isEqualTo("SHA1withECDSA");
        assertThat(PKI.leaf("a.example.com").incompleteChain().issue().chain()).hasSize(1);
        X509Certificate soon = PKI.leaf("a.example.com").expiresIn(Duration.ofDays(10)).issue().leaf();
        assertThat(soon.getNotAfter().toInstant()).isBetween(Instant.now().plus(Duration.ofDays(9)),
                Instant.now().plus(Duration.ofDays(11)));
        X509Certificate expired = PKI.leaf("a.example.com").expiresIn(Duration.ofDays(-1)).issue().leaf();
        assertThat(expired.getNotAfter().toInstant()).isBefore(Instant.now());
        X509Certificate longLived = PKI.leaf("a.example.com").lifetime(Duration.ofDays(800)).issue().leaf();
        assertThat(Duration.between(longLived.getNotBefore().toInstant(), longLived.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(800));
        assertThat(PKI.leaf("a.example.com").onlyFor("b.example.net").issue().leaf().getSubjectAlternativeNames())
                .extracting(san -> (Object) san.get(1)).containsExactly((Object) "b.example.net");
        assertThat(PKI.leaf("a.example.com").distrustedIssuer().issue().chain().get(1)).isEqualTo(PKI.distrustedCa());
        assertThat(PKI.leaf("a.example.com").scts().issue().leaf().getExtensionValue("1.3.6.1.4.1.11129.2.4.2")).isNotNull();
        rsa.verify(PKI.intermediate().getPublicKey());
    }
}
