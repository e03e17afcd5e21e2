package io.mpnet.runtime.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.testing.TestPki;
import io.mpnet.testing.TestPki.Leaf;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** the distrust list is data, read from a resource, matched by name or fingerprint. */
class DistrustListTest {

    static TestPki pki;

    @BeforeAll
    static void makePki() {
        pki = TestPki.create();
    }

    @Test
    @DisplayName("X-4 the shipped list names the WoSign and StartCom CAs")
    void defaults() {
        DistrustList d = DistrustList.defaults();
        assertThat(d.size()).isGreaterThanOrEqualTo(10);
        assertThat(d.match(pki.distrustedCa())).contains(TestPki.DISTRUSTED_CA_SUBJECT);
        assertThat(d.match(pki.root())).isEmpty();
        assertThat(d.match(pki.intermediate())).isEmpty();
    }

    @Test
    @DisplayName("X-4 a certificate issued by a distrusted CA matches through its issuer name")
    void byIssuer() {
        assertThat(DistrustList.defaults().match(pki.issue(Leaf.DISTRUSTED_CA, "api.example.com").leaf()))
                .contains(TestPki.DISTRUSTED_CA_SUBJECT);
    }

    @Test
    @DisplayName("X-4 names match whatever their case, spacing and attribute order within the entry's set")
    void nameSpelling() {
        DistrustList d = DistrustList.parse(List.of("c=cn,   o=wosign ca limited,cn=WOSIGN CA FREE SSL CERTIFICATE G2"), "t");
        assertThat(d.match(pki.distrustedCa())).isPresent();
    }

    @Test
    @DisplayName("X-4 a shorter name matches every certificate holding its attributes")
    void partialName() {
        DistrustList d = DistrustList.parse(List.of("O=WoSign CA Limited"), "t");
        assertThat(d.match(pki.distrustedCa())).contains("O=WoSign CA Limited");
        assertThat(d.match(pki.intermediate())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SHA256:", "sha-256: ", "colons"})
    @DisplayName("X-4 fingerprints are read with or without prefix and colons")
    void fingerprints(String form) {
        String hex = DistrustList.fingerprint(pki.intermediate());
        String line = form.equals("colons") ? hex.replaceAll("(..)(?!$)", "$1:").toUpperCase() : form + hex;
        DistrustList d = DistrustList.parse(List.of(line), "t");
        assertThat(d.match(pki.intermediate())).get().asString().contains(hex);
        assertThat(d.match(pki.root())).isEmpty();
    }

    @Test
    @DisplayName("X-4 comments and blank lines are skipped")
    void comments() {
        DistrustList d = DistrustList.parse(List.of("# a comment", "   ", "  # indented comment"), "t");
        assertThat(d.size()).isZero();
    }

    @Test
    @DisplayName("X-4 a line that is neither a name nor a fingerprint is an error naming the source, line and text")
    void badLine() {
        assertThatThrownBy(() -> DistrustList.parse(List.of("# ok", "not a name"), "my-list.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("my-list.txt line 2")
                .hasMessageContaining("'not a name'")
                .hasMessageContaining("X-4");
    }
}
