package io.mpnet.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.testing.KeepAliveReads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command line, in-process. The run test is in real time against a loopback server that answers
 * at once: it makes six calls and ends, so it is short and bounded, and no wait in it is a timeout.
 */
class LoadCommandTest {

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    DisposableServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(10));
        }
    }

    int run(String... args) {
        return LoadCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("C-2 run: a scenario and its mpnet.json from files, the report as JSON, an HTML file and an interval log")
    void runsAScenarioFile() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server = KeepAliveReads.rearmed(HttpServer.create()).host("127.0.0.1").port(0)
                .route(r -> r.get("/hello", (req, res) -> {
                    calls.incrementAndGet();
                    return res.header("content-type", "application/json").sendString(reactor.core.publisher.Mono.just("{\"n\":1}"));
                }))
                .bindNow(Duration.ofSeconds(10));
        // urlCheck=false: plain http to a name the hosts map sends to loopback (P-13); the operator's own mapping (P-11)
        Files.writeString(dir.resolve("mpnet.json"), """
                {"appId": "wx0123456789abcdef", "version": "0", "urlCheck": false, "hosts": {"api.example.com": "127.0.0.1"}}""");
        Files.writeString(dir.resolve("scenario.json"), """
                {"config": "mpnet.json", "steps": [
                  {"request": {"name": "hello", "url": "http://api.example.com:%d/hello", "expectStatus": 200, "extract": {"n": "/n"}}}
                ]}""".formatted(server.port()));

        int status = run("run", dir.resolve("scenario.json").toString(), "--programs", "2", "--iterations", "3", "--json",
                "--html", dir.resolve("r.html").toString(), "--hist-log", dir.resolve("r.hlog").toString());

        assertThat(status).as(err()).isZero();
        JsonNode report = JsonMapper.builder().build().readTree(out());
        assertThat(report.get("calls").asLong()).isEqualTo(6);
        assertThat(report.get("failed").asLong()).isZero();
        assertThat(calls.get()).isEqualTo(6);
        assertThat(report.get("steps").get(0).get("name").asString()).isEqualTo("hello");
        assertThat(err()).contains("mpnet-load: closed, 2 programs, 3 iterations each", "urlCheck=false", "(P-13)");
        assertThat(Files.readString(dir.resolve("r.html"))).contains("<svg", "hello");
        assertThat(Files.readString(dir.resolve("r.hlog"))).contains("Tag=latency|hello");
    }

    @Test
    @DisplayName("C-2 bad arguments exit with status 2 and say what to write instead")
    void badArguments() throws Exception {
        Files.writeString(dir.resolve("s.json"), "{\"steps\": [{\"think\": \"1s\"}]}");
        String s = dir.resolve("s.json").toString();
        assertThat(run("run", s, "--programs", "2", "--iterations", "1")).isEqualTo(2);
        assertThat(err()).contains("no configuration; give --config mpnet.json");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"run", s, "--config", "x.json"});
        cases.add(new String[] {"run", s, "--config", "x.json", "--programs", "2"});
        cases.add(new String[] {"run", s, "--config", "x.json", "--rate", "5"});
        cases.add(new String[] {"run", s, "--config", "x.json", "--programs", "2", "--duration", "soon"});
        cases.add(new String[] {"run", s, "--config", "x.json", "--programs", "2", "--duration", "1s", "--shard", "3/2"});
        cases.add(new String[] {"run", dir.resolve("none.json").toString(), "--programs", "1", "--iterations", "1"});
        cases.add(new String[] {"merge", dir.resolve("none.hlog").toString()});
        for (String[] c : cases) {
            assertThat(run(c)).as(String.join(" ", c)).isEqualTo(2);
        }
        assertThat(err()).contains(
                "give either --programs N (closed model) or --rate R (open model)",
                "--programs needs --duration D or --iterations K",
                "--rate needs --duration D",
                "--duration 'soon': not a duration; write e.g. 30s, 500ms, 2m or 1h",
                "--shard '3/2': write i/n with 1 <= i <= n",
                "none.json: (file): no such file; name a scenario file (JSON) (C-2)",
                "no readable interval log");
        assertThat(out()).isEmpty();
    }

    @Test
    @DisplayName("C-2 each command answers --help with its usage and status 0")
    void helpOfEachCommand() {
        assertThat(run("run", "--help")).isZero();
        assertThat(run("merge", "--help")).isZero();
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("Usage: mpnet-load run", "--rate=R", "Usage: mpnet-load merge", "Usage: mpnet-load [-hV] [COMMAND]");
        assertThat(err()).isEmpty();
    }

    @Test
    @DisplayName("C-2 progress: one line rewritten in place on a terminal, a plain line every fifth second otherwise")
    void progressLines() {
        Progress p = new Progress(Duration.ofSeconds(12), 100, 812, 812, 3.14, 9.8, java.util.Map.of("request:fail timeout", 2L));
        assertThat(p.line()).isEqualTo("  12s  programs 100  calls/s 812  p50 3.1 ms  p99 9.8 ms  errors: request:fail timeout 2");
        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        var onTerminal = LoadCommand.progressPrinter(new PrintStream(tty, true, StandardCharsets.UTF_8), true);
        onTerminal.accept(p);
        onTerminal.accept(p);
        assertThat(tty.toString(StandardCharsets.UTF_8)).startsWith("\r  12s").doesNotContain("\n").contains("\r  12s", "errors");
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        var inALog = LoadCommand.progressPrinter(new PrintStream(plain, true, StandardCharsets.UTF_8), false);
        for (int i = 0; i < 10; i++) {
            inALog.accept(p);
        }
        assertThat(plain.toString(StandardCharsets.UTF_8).lines()).hasSize(2).allMatch(l -> l.equals(p.line()));
    }
    @Test
    @DisplayName("N-6 --network replaces the scenario's conditions: a preset in any case or latencyMs/downKbps/upKbps; the run's line names them")
    void networkOption() throws Exception {
        server = KeepAliveReads.rearmed(HttpServer.create()).host("127.0.0.1").port(0)
                .route(r -> r.get("/hello", (req, res) -> res.sendString(reactor.core.publisher.Mono.just("hi"))))
                .bindNow(Duration.ofSeconds(10));
        Files.writeString(dir.resolve("mpnet.json"), """
                {"appId": "wx0123456789abcdef", "version": "0", "urlCheck": false, "hosts": {"api.example.com": "127.0.0.1"}}""");
        Files.writeString(dir.resolve("scenario.json"), """
                {"config": "mpnet.json", "network": "3G", "steps": [
                  {"request": {"name": "hello", "url": "http://api.example.com:%d/hello", "expectStatus": 200}}
                ]}""".formatted(server.port()));
        String s = dir.resolve("scenario.json").toString();

        // real time, a lower bound only: 100 ms of latency instead of the scenario's 3G (2 s)
        assertThat(run("run", s, "--programs", "1", "--iterations", "2", "--json", "--network", "100/1600/750"))
                .as(err()).isZero();
        JsonNode report = JsonMapper.builder().build().readTree(out());
        assertThat(report.get("failed").asLong()).isZero();
        assertThat(report.get("run").asString())
                .endsWith("network Custom (latency 100ms, down 1600 kbit/s, up 750 kbit/s)");
        assertThat(report.get("steps").get(0).get("latency").get("max").asDouble()).isGreaterThanOrEqualTo(99.9);

        out.reset();
        assertThat(run("run", s, "--programs", "1", "--iterations", "1", "--network", "offline")).as(err()).isZero();
        assertThat(out()).contains("network Offline", "request:fail network error [N-5]");
    }

    @Test
    @DisplayName("N-6 a bad --network exits with status 2, naming the value, the rule and what to write")
    void badNetworkOption() throws Exception {
        Files.writeString(dir.resolve("s.json"), "{\"steps\": [{\"think\": \"1s\"}]}");
        String s = dir.resolve("s.json").toString();
        for (String bad : List.of("Slow4G", "100/fast/750", "100/-1/750", "100/1600")) {
            assertThat(run("run", s, "--config", "x.json", "--programs", "1", "--iterations", "1", "--network", bad))
                    .as(bad).isEqualTo(2);
        }
        assertThat(err()).contains(
                "--network 'Slow4G' [N-6]: not a network preset; did you mean 'Slow 4G'?",
                "or give latencyMs/downKbps/upKbps, e.g. 100/1600/750",
                "--network '100/fast/750' [N-6]: write latencyMs/downKbps/upKbps",
                "--network '100/-1/750' [N-6]",
                "--network '100/1600' [N-6]: not a network preset")
                .doesNotContain("x.json"); // refused before any file is read
        assertThat(run("run", "--help")).isZero();
        assertThat(out()).contains("--network=NET", "latencyMs/downKbps/upKbps");
    }
}
