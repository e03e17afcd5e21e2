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
import org.junit.jupiter.params.provider.CsvSource;

/** maxResponseBytes in mpnet.json and the builder (R-12, C-2). */
class ConfigMaxResponseBytesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("R-12 maxResponseBytes defaults to 16 MiB; a file may set a limit or -1 for none")
    void values() {
        assertThat(NetworkConfig.load(mpnet(dir, "")).maxResponseBytes()).isEqualTo(16L * 1024 * 1024)
                .isEqualTo(NetworkConfig.DEFAULT_MAX_RESPONSE_BYTES);
        assertThat(NetworkConfig.load(mpnet(dir, "'maxResponseBytes': 1048576")).maxResponseBytes()).isEqualTo(1048576);
        assertThat(NetworkConfig.load(mpnet(dir, "'maxResponseBytes': -1")).maxResponseBytes())
                .isEqualTo(NetworkConfig.NO_RESPONSE_LIMIT);
        assertThat(NetworkConfig.builder().maxResponseBytes(5_000_000_000L).build().maxResponseBytes()).isEqualTo(5_000_000_000L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0         | R-12 | a positive number",
        "-2        | R-12 | or -1 for no limit",
        "1.5       | R-12 | a whole number of bytes",
        "true      | C-2  | must be a number of bytes",
    })
    @DisplayName("C-2 R-12 a bad maxResponseBytes names the file, the field, the value and the fix")
    void badValues(String value, String rule, String fix) {
        Path file = mpnet(dir, "'maxResponseBytes': " + value);
        List<ConfigProblem> p = loadProblems(file);
        assertThat(p).hasSize(1);
        assertThat(p.get(0).field()).isEqualTo("maxResponseBytes");
        assertThat(p.get(0).rule()).isEqualTo(rule);
        assertThat(p.get(0).toString()).contains(file.toString()).contains(value.replace("'", "")).contains(fix);
    }

    @Test
    @DisplayName("C-2 R-12 the builder reports a zero limit as a file would")
    void builder() {
        List<ConfigProblem> p = problems(() -> NetworkConfig.builder().maxResponseBytes(0).build());
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("maxResponseBytes");
            assertThat(x.value()).isEqualTo("0");
            assertThat(x.rule()).isEqualTo("R-12");
        });
    }

    @Test
    @DisplayName("C-3 a misspelt maxResponseBytes gets a did-you-mean hint")
    void misspelt() {
        List<ConfigProblem> p = loadProblems(mpnet(dir, "'maxResponseByte': 10"));
        assertThat(p).singleElement().satisfies(x -> assertThat(x.toString()).contains("maxResponseBytes"));
    }
}
