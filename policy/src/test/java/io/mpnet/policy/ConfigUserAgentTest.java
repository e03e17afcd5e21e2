package io.mpnet.policy;

import static io.mpnet.policy.ConfigFiles.loadProblems;
import static io.mpnet.policy.ConfigFiles.mpnet;
import static io.mpnet.policy.ConfigFiles.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** R-3u: the User-Agent every call sends, the profile's unless {@code userAgent} names another. */
class ConfigUserAgentTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("R-3u without userAgent, each profile's own User-Agent is sent with the Referer")
    void profileDefault() {
        NetworkConfig wechat = NetworkConfig.builder().appId("wx1").build();
        assertThat(wechat.userAgent()).isEqualTo(Profile.WECHAT.userAgent());
        assertThat(wechat.fixedHeaders()).isEqualTo(new FixedHeaders(wechat.referer(), Profile.WECHAT.userAgent()));
        assertThat(NetworkConfig.builder().profile(Profile.APPSERVICE).build().userAgent())
                .isEqualTo(Profile.APPSERVICE.userAgent());
    }

    @Test
    @DisplayName("R-3u userAgent in mpnet.json replaces the profile's")
    void fromFile() {
        NetworkConfig c = NetworkConfig.load(mpnet(dir, "'userAgent': 'Mozilla/5.0 MyHost/1.0 MiniProgramEnv/android'"));
        assertThat(c.userAgent()).isEqualTo("Mozilla/5.0 MyHost/1.0 MiniProgramEnv/android");
        assertThat(c.fixedHeaders().userAgent()).isEqualTo(c.userAgent());
    }

    @Test
    @DisplayName("C-3 a misspelt userAgent is an unknown field with a did-you-mean hint")
    void didYouMean() {
        List<ConfigProblem> p = loadProblems(mpnet(dir, "'userAgnet': 'x'"));
        assertThat(p).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("userAgnet");
            assertThat(problem.rule()).isEqualTo("C-3");
            assertThat(problem.message()).contains("did you mean 'userAgent'?");
        });
    }

    @ParameterizedTest(name = "C-2 R-3u a userAgent holding U+{0} is refused, naming the field")
    @ValueSource(ints = {0x0d, 0x0a, 0x00, 0x7f, 0x4e2d})
    void badCharacters(int c) {
        List<ConfigProblem> p = problems(() -> NetworkConfig.builder().userAgent("Mozilla/5.0" + (char) c + "X: y").build());
        assertThat(p).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("userAgent");
            assertThat(problem.rule()).isEqualTo("R-3u");
            assertThat(problem.message()).contains(String.format("U+%04X", c));
            assertThat(problem.toString()).startsWith("builder: userAgent: 'Mozilla/5.0").doesNotContain("\r", "\n");
        });
    }

    @Test
    @DisplayName("C-2 R-3u a CR/LF userAgent in mpnet.json names the file, the field, the value and the fix")
    void crlfInFile() {
        Path file = mpnet(dir, "'userAgent': 'Mozilla/5.0\\r\\nX-Admin: true'");
        List<ConfigProblem> p = loadProblems(file);
        assertThat(p).singleElement().satisfies(problem -> assertThat(problem.toString()).isEqualTo(file
                + ": userAgent: 'Mozilla/5.0\\u000d\\u000aX-Admin: true' \u2014 the User-Agent header holds U+000D"
                + " at index 11; remove CR, LF and other control characters (header injection) (R-3u)"));
    }

    @Test
    @DisplayName("C-2 R-3u an empty userAgent is refused; C-2 one that is not a string too")
    void emptyOrNotString() {
        assertThat(problems(() -> NetworkConfig.builder().userAgent(" ").build())).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("userAgent");
                    assertThat(p.rule()).isEqualTo("R-3u");
                    assertThat(p.message()).contains("remove userAgent to send the wechat profile's");
                });
        assertThat(loadProblems(mpnet(dir, "'userAgent': 42"))).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("userAgent");
                    assertThat(p.message()).contains("must be a string");
                });
    }
}
