package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** C-3 the "did you mean" hint. */
class SuggestionsTest {

    private static final List<String> KNOWN = ConfigReader.TOP_LEVEL;

    @ParameterizedTest(name = "C-3 ''{0}'' -> ''{1}''")
    @CsvSource({
        "domain, domains", "domians, domains", "DOMAINS, domains", "appid, appId", "app_id, appId",
        "verison, version", "hots, hosts", "tsl, tls", "urlChek, urlCheck", "networktimeout, networkTimeout",
    })
    void suggests(String unknown, String expected) {
        assertThat(Suggestions.closest(unknown, KNOWN)).contains(expected);
    }

    @ParameterizedTest(name = "C-3 ''{0}'' is too far from every known name")
    @CsvSource({"colour", "x", "certificates", "timeouts"})
    void noSuggestion(String unknown) {
        assertThat(Suggestions.closest(unknown, KNOWN)).isEmpty();
        assertThat(Suggestions.hint(unknown, KNOWN)).startsWith("known: appId, version, profile");
    }

    @ParameterizedTest(name = "C-3 distance({0}, {1}) = {2}")
    @CsvSource({"abc, abc, 0", "abc, acb, 1", "abc, ab, 1", "kitten, sitting, 3", "'', abc, 3"})
    void distance(String a, String b, int d) {
        assertThat(Suggestions.distance(a, b)).isEqualTo(d);
    }
}
