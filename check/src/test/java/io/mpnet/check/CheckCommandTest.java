package io.mpnet.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The command line against the matrix, in process (the jar's main calls the same {@code run}), TTY off. */
@Tag("slow") // loopback TLS servers of every fault: several seconds of set-up on 2 cores
class CheckCommandTest {

    @TempDir
    static Path dir;
    static Matrix matrix;
    static Path project;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void start() {
        matrix = Matrix.start();
        project = matrix.writeProject(dir.resolve("project"));
    }

    @AfterAll
    static void stop() {
        matrix.close();
    }

    static Run run(boolean tty, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        all[0] = "--timeout";
        all[1] = Matrix.TARGET_LIMIT.toSeconds() + "s"; // a later --timeout in args wins
        System.arraycopy(args, 0, all, 2, args.length);
        int code = CheckCommand.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), tty);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String target(String fault) {
        return matrix.cases().stream().filter(c -> c.fault().equals(fault)).findFirst().orElseThrow().target();
    }

    @Test
    @DisplayName("X-2 X-3 X-4 X-1 X-6..X-10 P-2 P-11 P-12p S-1 --format json: the matrix parsed back, each fault under its rule, exit code 1")
    void jsonMatrix() {
        Run r = run(false, "--config", project.toString(), "--format", "json", "--ws-protocol", "chat");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        JsonNode root = JsonMapper.builder().build().readTree(r.out());
        assertThat(root.get("failed").asBoolean()).isTrue();
        Map<String, List<String>> notPassed = new HashMap<>();
        for (JsonNode t : root.get("targets")) {
            List<String> rules = new ArrayList<>();
            for (JsonNode c : t.get("checks")) {
                assertThat(c.get("rule").isString()).as("the rule id is a string field").isTrue();
                if (!c.get("status").asString().equals("PASS")) {
                    rules.add(c.get("status").asString() + " " + c.get("rule").asString());
                }
            }
            notPassed.put(t.get("target").asString(), rules);
        }
        // the configured domains: a URL of each, so the matrix's targets by host and port
        for (Matrix.Case c : matrix.cases()) {
            if (c.target().startsWith("tcp.example.com") || c.target().startsWith("wss://")) {
                continue; // tcp and wss domains name no port (P-6): checked as URLs below
            }
            assertThat(notPassed).as(c.fault()).containsKey(c.target());
            assertThat(notPassed.get(c.target())).as(c.fault())
                    .isEqualTo(c.rule().isEmpty() ? List.of() : List.of(c.status() + " " + c.rule()));
        }
        Run urls = run(false, "--config", project.toString(), "--format", "json", "--ws-protocol", "chat",
                target("WebSocket handshake rejected"), target("refused port"));
        assertThat(urls.code()).isEqualTo(1);
        List<String> rules = new ArrayList<>();
        for (JsonNode t : JsonMapper.builder().build().readTree(urls.out()).get("targets")) {
            for (JsonNode c : t.get("checks")) {
                if (c.get("status").asString().equals("FAIL")) {
                    rules.add(c.get("rule").asString());
                }
            }
        }
        assertThat(rules).containsExactly("S-1", "P-12p");
    }

    @Test
    @DisplayName("R-4 S-3 N-3 URLs on the command line are checked alone, against the config; all good: exit code 0")
    void goodUrlsExitZero() {
        Run r = run(false, "--config", project.toString(), "--ws-protocol", "chat", target("good (h2)"),
                target("good (wss)"), target("good (tcp)"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("[PASS] " + target("good (h2)")).contains("3 targets: 0 failed, 0 warned")
                .doesNotContain("\u001b[");
        assertThat(r.err()).as("no progress line off a TTY").isEmpty();
    }

    @Test
    @DisplayName("X-2 a warning alone exits 0, and 1 with --strict")
    void strict() {
        assertThat(run(false, "--config", project.toString(), target("expiring in 10 days")).code()).isZero();
        Run strict = run(false, "--config", project.toString(), "--strict", target("expiring in 10 days"));
        assertThat(strict.code()).isEqualTo(1);
        assertThat(strict.out()).contains("WARN X-2").contains("fix: renew the certificate before");
    }

    @Test
    @DisplayName("X-2 X-3 --format junit: XML parsed back, one failure per failing check, warnings fail only with --strict")
    void junit() throws Exception {
        Run r = run(false, "--config", project.toString(), "--format", "junit", target("good (h1)"),
                target("self-signed"), target("expired"), target("expiring in 10 days"));
        assertThat(r.code()).isEqualTo(1);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("failures")).isEqualTo("2");
        NodeList failures = doc.getElementsByTagName("failure");
        List<String> types = new ArrayList<>();
        for (int i = 0; i < failures.getLength(); i++) {
            types.add(((Element) failures.item(i)).getAttribute("type"));
        }
        assertThat(types).containsExactlyInAnyOrder("X-3", "X-2");
        assertThat(doc.getElementsByTagName("testsuite").getLength()).isEqualTo(4);
        Run strict = run(false, "--config", project.toString(), "--format", "junit", "--strict", target("expiring in 10 days"));
        Document d2 = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(strict.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(d2.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    }

    @Test
    @DisplayName("E-3 bad input exits 2 naming what is wrong: an unknown option, a missing config, a target that is no URL, a bad timeout")
    void badInput() {
        Run unknown = run(false, "--nope");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("--nope");
        Run missing = run(false, "--config", dir.resolve("absent.json").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("absent.json").contains("neither an mpnet.json nor a project folder");
        Run notUrl = run(false, "api.example.com");
        assertThat(notUrl.code()).isEqualTo(2);
        assertThat(notUrl.err()).contains("'api.example.com'").contains("host:port");
        Run timeout = run(false, "--config", project.toString(), "--timeout", "soon", target("good (h1)"));
        assertThat(timeout.code()).isEqualTo(2);
        assertThat(timeout.err()).contains("--timeout soon");
        assertThat(run(false).code()).isEqualTo(2);
        Run format = run(false, "--format", "xml", "https://a.example.com");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("xml");
    }

    @Test
    @DisplayName("P-3 a configuration the validator refuses is reported as failed checks under its rule, exit code 1")
    void refusedConfig() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"appId\": \"wx0123456789abcdef\", \"domains\": {\"request\": [\"https://10.0.0.5\"]}}");
        Run r = run(false, "--config", bad.toString(), "--format", "json");
        assertThat(r.code()).isEqualTo(1);
        JsonNode root = JsonMapper.builder().build().readTree(r.out());
        JsonNode check = root.get("targets").get(0).get("checks").get(0);
        assertThat(check.get("status").asString()).isEqualTo("FAIL");
        assertThat(check.get("rule").asString()).isEqualTo("P-3");
    }

    @Test
    @DisplayName("R-4 colour and the progress line only on a TTY")
    void colourOnTty() {
        Run r = run(true, "--config", project.toString(), target("good (h1)"), target("self-signed"));
        assertThat(r.out()).contains("\u001b[32m").contains("\u001b[31;1m");
        assertThat(r.err()).contains("checked 2/2");
    }

    @Test
    @DisplayName("C-1 a mini-program project folder is read as the runtime reads it: project.config.json with mpnet.json beside")
    void projectFolder() throws Exception {
        Path folder = dir.resolve("miniprogram");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("project.config.json"),
                "{\"compileType\": \"miniprogram\", \"appid\": \"wx0123456789abcdef\", \"setting\": {\"urlCheck\": true}}");
        String mpnet = Files.readString(project).replace("\"appId\": \"wx0123456789abcdef\",", "");
        Files.writeString(folder.resolve("mpnet.json"), mpnet);
        matrix.pki.trustStoreFile(folder);
        Run r = run(false, "--config", folder.toString(), "--format", "json", target("good (h1)"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(JsonMapper.builder().build().readTree(r.out()).get("targets").get(0).get("status").asString())
                .isEqualTo("PASS");
    }

    @Test
    @DisplayName("X-2 without a config, URLs with --host and --trust-store: each URL's host counts as configured")
    void noConfig() throws Exception {
        Files.createDirectories(dir.resolve("store-only"));
        Path store = matrix.pki.trustStoreFile(dir.resolve("store-only"));
        String good = target("good (h1)");
        String host = good.substring("https://".length(), good.lastIndexOf(':'));
        Run r = run(false, "--trust-store", store.toString(), "--trust-store-password", "changeit",
                "--host", host + "=127.0.0.1", good, target("good (wss)"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        Run bad = run(false, "--host", host + "=localhost", good);
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("not an IP literal");
    }
}
