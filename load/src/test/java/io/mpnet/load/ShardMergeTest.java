package io.mpnet.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Two shards, each writing an HdrHistogram interval log, merged: the same counts and percentiles as one run of both. */
@Tag("slow")
class ShardMergeTest extends LoadLoopback {

    @TempDir
    Path dir;

    void backend() {
        // each call's delay depends only on its program and iteration, so every run of a program sees the same server
        start(r -> r.get("/api", (req, res) -> {
            String q = req.uri().substring(req.uri().indexOf('?') + 1);
            int p = Integer.parseInt(q.replaceAll(".*p=(\\d+).*", "$1"));
            int i = Integer.parseInt(q.replaceAll(".*i=(\\d+).*", "$1"));
            return res.sendString(counted("api", req, heldFor(Duration.ofMillis(5 + (p * 7 + i * 3) % 23), Mono.just("ok"))));
        }));
    }

    Scenario scenario() {
        return Scenario.parse("""
                {"seed": 3, "steps": [
                  {"think": {"exponential": "100ms"}},
                  {"request": {"name": "api", "url": "%s/api?p=${program}&i=${iteration}", "expectStatus": 200}},
                  {"request": {"name": "missing", "url": "%1$s/missing?p=${program}"}}
                ]}""".formatted(base()), "shards.json", dir);
    }

    LoadRun.Builder run(Scenario s) {
        return LoadRun.builder(s, config()).resources(resources).device(DEVICE).scheduler(clock)
                .shape(new LoadShape.Closed(6, 4, null));
    }

    @Test
    @DisplayName("E-1 shards 1/2 and 2/2 merged from their interval logs give the counts and percentiles of one run of both")
    void mergedShardsMatchOneRun() throws Exception {
        backend();
        Scenario s = scenario();
        LoadReport whole = pump(run(s).build(), Duration.ofMillis(5));
        Path first = dir.resolve("shard-1.hlog");
        Path second = dir.resolve("shard-2.hlog");
        try (OutputStream out = Files.newOutputStream(first)) {
            LoadReport one = pump(run(s).shard(0, 2).histogramLog(out).build(), Duration.ofMillis(5));
            assertThat(one.step("api").calls()).isEqualTo(12); // programs 0, 2 and 4, four iterations each
        }
        try (OutputStream out = Files.newOutputStream(second)) {
            pump(run(s).shard(1, 2).histogramLog(out).build(), Duration.ofMillis(5));
        }

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int status = LoadCommand.execute(new String[] {"merge", first.toString(), second.toString(), "--json"},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(OutputStream.nullOutputStream()));
        assertThat(status).isZero();
        JsonNode merged = JsonMapper.builder().build().readTree(stdout.toString(StandardCharsets.UTF_8));

        assertThat(whole.step("api").calls()).isEqualTo(24);
        assertThat(merged.get("calls").asLong()).isEqualTo(whole.calls());
        assertThat(merged.get("failed").asLong()).isEqualTo(whole.failed()).isEqualTo(0);
        assertThat(merged.get("programs").asLong()).isEqualTo(6);
        for (JsonNode step : merged.get("steps")) {
            LoadReport.StepStats one = whole.step(step.get("name").asString());
            assertThat(step.get("calls").asLong()).as(one.name()).isEqualTo(one.calls());
            JsonNode l = step.get("latency");
            // the same values recorded: equal within HdrHistogram's precision (3 significant digits)
            assertThat(l.get("p50").asDouble()).isCloseTo(one.latency().p50(), within(one.latency().p50() * 0.001 + 0.001));
            assertThat(l.get("p90").asDouble()).isCloseTo(one.latency().p90(), within(one.latency().p90() * 0.001 + 0.001));
            assertThat(l.get("p99").asDouble()).isCloseTo(one.latency().p99(), within(one.latency().p99() * 0.001 + 0.001));
            assertThat(l.get("max").asDouble()).isCloseTo(one.latency().max(), within(one.latency().max() * 0.001 + 0.001));
        }
        assertThat(merged.get("steps")).hasSize(2);
        assertThat(whole.step("api").latency().max()).isGreaterThan(whole.step("api").latency().p50()); // the delays differ
        assertThat(count("api")).isEqualTo(24 * 2);
    }
}
