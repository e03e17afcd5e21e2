package io.mpnet.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.ConfigProblem;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MpNetResources;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a run refuses when it is built, before any program starts. */
class LoadRunChecksTest {

    final MpNetResources resources = MpNetResources.create("mpnet-load-checks", 10);

    @AfterEach
    void stop() {
        resources.close();
    }

    @Test
    @DisplayName("C-2 P-2 a step URL the policy refuses fails the build of the run, naming the step, the URL, the rule and the fix")
    void refusedUrlFailsTheBuild() {
        NetworkConfig config = NetworkConfig.builder().appId("wx0123456789abcdef").version("0")
                .domains(io.mpnet.policy.ApiKind.REQUEST, "https://api.example.com").build();
        Scenario s = Scenario.parse("""
                {"steps": [
                  {"request": {"name": "ok", "url": "https://api.example.com/a"}},
                  {"loop": {"times": 2, "steps": [{"request": {"name": "evil", "url": "https://evil.example.org/b"}}]}},
                  {"request": {"name": "later", "url": "https://${host}/c"}},
                  {"downloadFile": {"name": "file", "url": "http://api.example.com/f"}}
                ], "variables": {"host": "anywhere.example.org"}}""", "checks.json", Path.of("."));

        assertThatThrownBy(() -> LoadRun.builder(s, config).resources(resources)
                .shape(new LoadShape.Closed(1, 1, null)).build())
                .isInstanceOf(ScenarioException.class)
                .satisfies(e -> assertThat(((ScenarioException) e).problems())
                        .extracting(ConfigProblem::field, ConfigProblem::value, ConfigProblem::rule)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("step 'evil' url", "https://evil.example.org/b", "P-2"),
                                org.assertj.core.groups.Tuple.tuple("step 'file' url", "http://api.example.com/f", "P-1")))
                .hasMessageContaining("add 'https://evil.example.org' to domains.request");
        assertThat(resources.acquiredConnections() + resources.idleConnections()).as("no connection made").isZero();
    }
}
