package io.mpnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the quickstart once, in-process, as the README's first command runs it, and checks that its
 * transcript shows what each step claims (the runtime's own tests prove the rules; these prove the
 * demo still demonstrates them). How long it takes is measured by the benchmarks'
 * {@code ExamplesWallTime}, not bounded here: a time bound in a test fails whenever the machine is busy.
 */
class QuickstartTest {

    static String transcript;

    @BeforeAll
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    static void runQuickstart() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Quickstart.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        transcript = buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("the quickstart ends by itself, every step in order, everything closed")
    void endsInTime() {
        List<Quickstart.Step> steps = Quickstart.steps();
        int at = 0;
        for (int i = 0; i < steps.size(); i++) {
            int next = transcript.indexOf((i + 1) + ". " + steps.get(i).title(), at);
            assertThat(next).as("step %d in order", i + 1).isGreaterThan(at);
            at = next;
        }
        assertThat(transcript).contains("everything started was closed.");
    }

    @Test
    @DisplayName("the runtime is built from the shipped mpnet.json, with the backend's port and trust store filled in")
    void setup() {
        assertThat(transcript)
                .contains("backend: HTTPS on 127.0.0.1:")
                .contains("config: NetworkConfig.load(mpnet.json), the file shipped in examples/src/main/resources")
                .contains("with port 8443 replaced by the backend's port")
                .contains("tls.trustStore = certs/demo-root.p12")
                .containsPattern("domains.request: \\[https://api.example.com:\\d+]");
    }

    @Test
    @DisplayName("R-2 the JSON POST reaches the backend as JSON, with the fixed Referer (P-9)")
    void jsonPost() {
        assertThat(transcript)
                .contains("Content-Type application/json")
                .contains("body         {\"user\":\"mei\",\"score\":99}")
                .contains("Referer      https://servicewechat.com/wx0123456789abcdef/0/page-frame.html")
                .contains("r.data() is a LinkedHashMap");
    }

    @Test
    @DisplayName("R-2 the form POST reaches the backend form-encoded")
    void formPost() {
        assertThat(transcript)
                .contains("Content-Type application/x-www-form-urlencoded")
                .contains("body         city=%E6%B7%B1%E5%9C%B3&q=coffee%20%26%20tea");
    }

    @Test
    @DisplayName("R-4 the 500 is a success with its status code")
    void serverError() {
        assertThat(transcript).contains("<- success with statusCode 500, data {error=the database is down");
    }

    @Test
    @DisplayName("R-5 R-6 the GBK body is decoded and the BOM removed before JSON parsing")
    void text() {
        assertThat(transcript)
                .contains("<- data \"你好，世界！这段文字是 GBK 编码的。\"")
                .contains("<- data {greeting=hello, startedWith=a UTF-8 byte-order mark}  (a LinkedHashMap");
    }

    @Test
    @DisplayName("L-1 of twelve calls ten run at once and two queue, with queue times from the profile")
    void gate() {
        assertThat(transcript).contains("the backend saw at most 10 calls at once; 2 calls waited in mpnet's FIFO queue");
        assertThat(transcript.split("<- waited for a free slot", -1)).hasSize(3);
        for (int call = 1; call <= 10; call++) {
            assertThat(transcript).containsPattern(String.format("call %2d: queued    0 ms", call));
        }
        assertThat(transcript).containsPattern("call 11: queued +[1-9]\\d* ms").containsPattern("call 12: queued +[1-9]\\d* ms");
    }

    @Test
    @DisplayName("U-1 D-1 D-2 D-4 an upload read by the backend's multipart decoder, a download with progress to 100, then saved")
    void transfers() {
        assertThat(transcript)
                .contains("the backend's multipart decoder read {\"parts\":[\"user: 2 bytes\",\"file (file photo.jpg): 3145728 bytes\"]}")
                .containsPattern("upload +\\[#{30}] 100%")
                .containsPattern("download +\\[#{30}] 100%  8\\.0 of 8\\.0 MiB")
                .contains("8388608 bytes written to a temp file of this runtime")
                .contains("moved it to the runtime's storage");
    }

    @Test
    @DisplayName("S-1 S-2 S-3 a WebSocket echo over wss, a refused close code, then a normal close")
    void socket() {
        assertThat(transcript)
                .contains("<- open")
                .contains("<- message \"echo: hello from the mini program\"")
                .containsPattern("ws.close\\(999, ...\\) refused, the socket stays open: .*\\[S-3]")
                .contains("<- close 1000 \"bye\"")
                .contains("sockets open now: 0");
    }

    @Test
    @DisplayName("P-1 P-4 P-2 http, a port, an IP and a foreign domain are refused with the rule and a fix, sending nothing")
    void refusals() {
        assertThat(transcript)
                .contains("request:fail url not in domain list  [P-1]")
                .contains("request:fail url not in domain list  [P-4]")
                .contains("'203.0.113.10' is an IP address, which is never a server domain (P-3)")
                .contains("'evil.example.org' is not in domains.request")
                .contains("requests that reached the backend during this step: 0");
        assertThat(transcript.split("\\[P-2]", -1)).hasSize(3);
    }

    @Test
    @DisplayName("B-2 in the background a new call is refused and the running one fails after the 5 s grace, on a virtual clock")
    void background() {
        assertThat(transcript)
                .contains("a new call now: request:fail interrupted  [B-2]")
                .contains("clock +4 s: the call in flight is still running (the grace is 5 s)")
                .contains("clock +5 s: the call in flight fails: request:fail interrupted  [B-2]")
                .contains("the app stayed in the background for 5000 ms while the call ran")
                .contains("net.lifecycle().enterForeground(); a new call: 200");
    }

    @Test
    @DisplayName("N-6 on Slow 4G a request takes at least its latency, 256 KiB at least 1.9 s; offline fails with N-5; none restores")
    void slowNetwork() {
        assertThat(transcript).contains("\"Slow 4G\", latency 562.5 ms, 180,000 B/s down, 84,375 B/s up");
        java.util.regex.Matcher user = java.util.regex.Pattern.compile("GET /user: 200 in (\\d+) ms").matcher(transcript);
        assertThat(user.find()).isTrue();
        assertThat(Long.parseLong(user.group(1))).as("at least the latency").isGreaterThanOrEqualTo(562);
        java.util.regex.Matcher down = java.util.regex.Pattern.compile("<- 200; 262144 bytes in (\\d+\\.\\d) s").matcher(transcript);
        assertThat(down.find()).isTrue();
        // the 562.5 ms latency, then 262 144 bytes at 180 000 B/s: 1.46 s (real time: a lower bound only)
        assertThat(Double.parseDouble(down.group(1))).isGreaterThanOrEqualTo(1.9);
        assertThat(transcript)
                .contains("NetworkConditions.OFFLINE; a call fails at once: request:fail network error  [N-5]")
                .contains("the program sees networkType \"none\"")
                .containsPattern("NetworkConditions.NONE again: GET /user 200 in \\d+ ms; networkType \"wifi\"");
    }
}
