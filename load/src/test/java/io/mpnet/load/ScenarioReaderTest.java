package io.mpnet.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.ConfigProblem;
import io.mpnet.runtime.NetworkConditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scenario file: every step read, and every mistake named by file, field, value, rule and fix. */
class ScenarioReaderTest {

    @TempDir
    Path dir;

    Scenario parse(String json) {
        return Scenario.parse(json, "s.json", dir);
    }

    ConfigProblem only(String json) {
        try {
            parse(json);
        } catch (ScenarioException e) {
            assertThat(e.problems()).hasSize(1);
            assertThat(e.getMessage()).startsWith("invalid load scenario (1 problem):").contains("s.json: ");
            return e.problems().get(0);
        }
        throw new AssertionError("no problem found in " + json);
    }

    @Test
    @DisplayName("C-2 every step kind is read, with its defaults")
    void readsEveryStep() throws Exception {
        Files.writeString(dir.resolve("a.bin"), "x");
        Scenario s = parse("""
                {"config": "mpnet.json", "seed": 9, "variables": {"user": "mei"}, "steps": [
                  {"request": {"method": "POST", "url": "https://api.example.com/login", "data": {"u": "${user}"},
                               "expectStatus": 200, "extract": {"token": "/token"}, "timeout": "2s"}},
                  {"request": {"url": "https://api.example.com/feed?x=${token}", "header": {"Authorization": "Bearer ${token}"}}},
                  {"uploadFile": {"url": "https://u.example.com/up", "file": "a.bin"}},
                  {"downloadFile": {"name": "get", "url": "https://cdn.example.com/f"}},
                  {"connectSocket": {"url": "wss://ws.example.com/chat", "send": ["hi ${program}"]}},
                  {"think": "250ms"}, {"think": {"uniform": ["1s", "3s"]}}, {"think": {"exponential": 500}},
                  {"background": {}}, {"foreground": {}},
                  {"loop": {"times": 2, "steps": [{"think": "1s"}]}},
                  {"parallel": {"times": 12, "wait": false, "steps": [{"request": {"url": "https://api.example.com/x"}}]}}
                ]}""");
        assertThat(s.config()).isEqualTo(dir.resolve("mpnet.json"));
        assertThat(s.seed()).isEqualTo(9);
        assertThat(s.steps()).hasSize(12);
        Step.Request login = (Step.Request) s.steps().get(0);
        assertThat(login.name()).isEqualTo("POST /login");
        assertThat(login.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(login.extract()).containsEntry("token", "/token");
        assertThat(((Step.Request) s.steps().get(1)).name()).isEqualTo("GET /feed");
        assertThat(((Step.Upload) s.steps().get(2)).field()).isEqualTo("file");
        assertThat(((Step.Download) s.steps().get(3)).name()).isEqualTo("get");
        assertThat(((Step.Socket) s.steps().get(4)).await()).isEqualTo(1);
        assertThat(s.steps().get(6)).isEqualTo(new Step.Think(Step.Think.Distribution.UNIFORM,
                Duration.ofSeconds(1), Duration.ofSeconds(3)));
        assertThat(((Step.Parallel) s.steps().get(11)).awaited()).isFalse();
        assertThat(login.dataType()).isEqualTo(io.mpnet.policy.DataType.JSON);
        assertThat(((Step.Request) parse("{\"steps\": [{\"request\": {\"url\": \"https://a.com\", \"dataType\": \"其他\"}}]}")
                .steps().get(0)).dataType()).as("any dataType but json is text (R-5)").isEqualTo(io.mpnet.policy.DataType.TEXT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level field      | {"stpes": [], "steps": [{"think": "1s"}]}                           | stpes                         | C-3 | did you mean 'steps'?
            unknown step                 | {"steps": [{"requst": {"url": "https://a.com"}}]}                   | steps[0].requst               | C-3 | did you mean 'request'?
            unknown step field           | {"steps": [{"request": {"url": "https://a.com", "metod": "GET"}}]}  | steps[0].request.metod        | C-3 | did you mean 'method'?
            missing url                  | {"steps": [{"request": {}}]}                                        | steps[0].request.url          | C-2 | missing; give the URL
            lower-case method            | {"steps": [{"request": {"url": "https://a.com", "method": "get"}}]} | steps[0].request.method       | R-1 | GET
            header with CR LF            | {"steps": [{"request": {"url": "https://a.com", "header": {"X": "a\\r\\nb"}}}]} | steps[0].request.header.X | R-3 | header
            zero timeout                 | {"steps": [{"request": {"url": "https://a.com", "timeout": 0}}]}    | steps[0].request.timeout      | T-1 | leave it out
            bad duration                 | {"steps": [{"think": "soon"}]}                                      | steps[0].think                | C-2 | write e.g. "250ms"
            uniform upside down          | {"steps": [{"think": {"uniform": ["3s", "1s"]}}]}                   | steps[0].think.uniform        | C-2 | write [min, max]
            two think kinds              | {"steps": [{"think": {"fixed": "1s", "exponential": "1s"}}]}        | steps[0].think                | C-2 | exactly one of
            undefined variable           | {"steps": [{"request": {"url": "https://a.com/${tokn}"}}]}          | steps[0].request.url          | C-2 | is not defined before this step
            variable used before defined | {"steps": [{"request": {"url": "https://a.com/${token}"}}, {"request": {"url": "https://a.com", "extract": {"token": "/t"}}}]} | steps[0].request.url | C-2 | extract it from an earlier response
            bad JSON Pointer             | {"steps": [{"request": {"url": "https://a.com", "extract": {"t": "token"}}}]} | steps[0].request.extract.t | C-2 | starting with /
            missing upload file          | {"steps": [{"uploadFile": {"url": "https://a.com", "file": "none.jpg"}}]} | steps[0].uploadFile.file | U-1 | relative to the scenario file
            loop without times           | {"steps": [{"loop": {"steps": [{"think": "1s"}]}}]}                 | steps[0].loop.times           | C-2 | 1 or more
            parallel of zero             | {"steps": [{"parallel": {"times": 0, "steps": [{"think": "1s"}]}}]} | steps[0].parallel.times       | C-2 | 1 or more
            status out of range          | {"steps": [{"request": {"url": "https://a.com", "expectStatus": 99}}]} | steps[0].request.expectStatus | C-2 | from 100 to 599
            socket await negative        | {"steps": [{"connectSocket": {"url": "wss://a.com", "await": -1}}]} | steps[0].connectSocket.await  | C-2 | 0 or more
            step with two keys           | {"steps": [{"think": "1s", "background": {}}]}                      | steps[0]                      | C-2 | one key naming it
            background with fields       | {"steps": [{"background": {"for": "5s"}}]}                          | steps[0].background           | C-2 | write {}
            built-in variable redefined  | {"variables": {"program": "x"}, "steps": [{"think": "1s"}]}         | variables.program             | C-2 | built in
            no steps                     | {"seed": 1}                                                         | steps                         | C-2 | missing
            text body with extract       | {"steps": [{"request": {"url": "https://a.com", "dataType": "text", "extract": {"t": "/t"}}}]} | steps[0].request.dataType | R-5 | extract needs the JSON body
            seed not a number            | {"seed": "x", "steps": [{"think": "1s"}]}                           | seed                          | C-2 | a whole number
            """)
    @DisplayName("C-2 a bad scenario names the file, the field, the value, the rule and the fix")
    void namesFieldAndFix(String what, String json, String field, String rule, String fix) {
        ConfigProblem p = only(json);
        assertThat(p.source()).isEqualTo("s.json");
        assertThat(p.field()).isEqualTo(field);
        assertThat(p.rule()).isEqualTo(rule);
        assertThat(p.message()).contains(fix);
    }

    @Test
    @DisplayName("C-2 every problem of a file is reported at once, and JSON syntax by line and column")
    void everyProblemAtOnce() {
        assertThatThrownBy(() -> parse("{\"steps\": [{\"think\": \"x\"}, {\"request\": {}}], \"sede\": 1}"))
                .isInstanceOf(ScenarioException.class)
                .satisfies(e -> assertThat(((ScenarioException) e).problems()).extracting(ConfigProblem::field)
                        .containsExactlyInAnyOrder("sede", "steps[0].think", "steps[1].request.url"));
        assertThat(only("{\"steps\": [}").field()).startsWith("line 1, column");
        assertThat(only("{\"steps\": [}").message()).contains("fix the syntax there");
    }

    @Test
    @DisplayName("C-2 a missing scenario file is named with the fix")
    void missingFile() {
        assertThatThrownBy(() -> Scenario.load(dir.resolve("nope.json")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("nope.json: (file): no such file; name a scenario file (JSON) (C-2)");
        List<String> durations = List.of("250ms", "2s", "1.5m", "1h");
        assertThat(durations).extracting(ScenarioReader::parseDuration).containsExactly(Duration.ofMillis(250),
                Duration.ofSeconds(2), Duration.ofSeconds(90), Duration.ofHours(1));
    }
    @Test
    @DisplayName("N-6 network conditions: a preset by name in any case, or latencyMs and kbit/s; a step changes them")
    void readsNetworkConditions() {
        Scenario preset = parse("""
                {"network": "slow 4g", "steps": [{"think": "1s"}, {"network": "Offline"},
                  {"network": {"latencyMs": 100, "downloadKbps": 1600, "uploadKbps": 750}}, {"network": {}}]}""");
        assertThat(preset.network()).isEqualTo(NetworkConditions.SLOW_4G);
        assertThat(preset.steps().get(1)).isEqualTo(new Step.Network(NetworkConditions.OFFLINE));
        // DevTools' units: 1 kbit/s = 125 bytes/s; an empty object throttles nothing
        assertThat(((Step.Network) preset.steps().get(2)).conditions()).isEqualTo(
                NetworkConditions.custom(Duration.ofMillis(100), 200_000, 93_750));
        assertThat(((Step.Network) preset.steps().get(3)).conditions().throttles()).isFalse();
        Scenario custom = parse("{\"network\": {\"latencyMs\": 500, \"downloadKbps\": 0.8}, \"steps\": [{\"think\": \"1s\"}]}");
        assertThat(custom.network()).isEqualTo(NetworkConditions.custom(Duration.ofMillis(500), 100, 0));
        assertThat(parse("{\"steps\": [{\"think\": \"1s\"}]}").network()).as("absent: no throttling")
                .isEqualTo(NetworkConditions.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            misspelt preset              | {"network": "Slow4G", "steps": [{"think": "1s"}]}                   | network                     | Slow4G  | did you mean 'Slow 4G'? | N-6
            DevTools' old preset name    | {"network": "Slow 3G", "steps": [{"think": "1s"}]}                  | network                     | Slow 3G | it is now '3G' | N-6
            no preset at all             | {"steps": [{"network": "5G"}]}                                      | steps[0].network            | 5G      | presets: No throttling, Fast 4G, Slow 4G, 3G, Offline | N-6
            neither a name nor an object | {"network": 3, "steps": [{"think": "1s"}]}                          | network                     | 3       | must be a preset's name | N-6
            negative kbit/s              | {"network": {"downloadKbps": -1}, "steps": [{"think": "1s"}]}       | network.downloadKbps        | -1      | 0 (unlimited) or more | N-6
            kbit/s not a number          | {"steps": [{"network": {"uploadKbps": "fast"}}]}                    | steps[0].network.uploadKbps | fast    | a bandwidth in kbit/s | N-6
            latency past T-2's cap       | {"network": {"latencyMs": 60001}, "steps": [{"think": "1s"}]}       | network.latencyMs           | 60001   | from 0 (none) to 60000 | N-6
            latency not whole            | {"network": {"latencyMs": "1s"}, "steps": [{"think": "1s"}]}        | network.latencyMs           | 1s      | a whole number of milliseconds | N-6
            unknown field in the object  | {"network": {"latency": 100}, "steps": [{"think": "1s"}]}           | network.latency             |         | did you mean 'latencyMs'? | C-3
            """)
    @DisplayName("N-6 bad network conditions name the field, the value, the rule (C-3 for an unknown field) and the fix")
    void refusesBadNetwork(String what, String json, String field, String value, String fix, String rule) {
        ConfigProblem p = only(json);
        assertThat(p.field()).isEqualTo(field);
        assertThat(p.value()).isEqualTo(value);
        assertThat(p.rule()).isEqualTo(rule);
        assertThat(p.message()).contains(fix);
    }
}
