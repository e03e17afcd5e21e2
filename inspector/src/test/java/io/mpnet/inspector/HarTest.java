package io.mpnet.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.mpnet.runtime.MiniProgramNetwork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code NetworkInspector.har()}: HTTP Archive 1.2 that validates against the format's schema. */
class HarTest extends InspectorTestBase {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The HAR 1.2 schema of the test resources (written from the spec; see its {@code $comment}). */
    static Schema harSchema() {
        try (InputStream in = HarTest.class.getResourceAsStream("/har/har-1.2.schema.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The schema's complaints about {@code har}, one line each; empty when it is valid. */
    static List<String> problems(JsonNode har) {
        List<String> out = new ArrayList<>();
        for (Error e : harSchema().validate(har)) {
            out.add(e.toString());
        }
        return out;
    }

    static JsonNode entry(JsonNode har, String urlPart) {
        for (JsonNode e : har.get("log").get("entries")) {
            if (e.get("request").get("url").asString().contains(urlPart)) {
                return e;
            }
        }
        throw new AssertionError("no entry for " + urlPart + " in " + har);
    }

    @Test
    @DisplayName("R-10 the HAR of a request, a refusal, a 500, a download and a socket validates against the HAR 1.2 schema")
    void validates() {
        DisposableServer s = backend();
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net, "demo").serve(false));
        int calls = makeCalls(net, s);
        JsonNode har = JSON.readTree(awaitHar(inspector, calls).toString());
        assertThat(problems(har)).isEmpty();
        JsonNode log = har.get("log");
        assertThat(log.get("version").asString()).isEqualTo("1.2");
        assertThat(log.get("creator").get("name").asString()).isEqualTo("mpnet-inspector");
        assertThat(log.get("pages").get(0).get("id").asString()).isEqualTo("demo");

        JsonNode ok = entry(har, "/user");
        assertThat(ok.get("pageref").asString()).isEqualTo("demo");
        assertThat(ok.get("startedDateTime").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(ok.get("request").get("queryString").toString()).contains("\"name\":\"id\",\"value\":\"7\"");
        assertThat(ok.get("response").get("status").asInt()).isEqualTo(200);
        assertThat(ok.get("response").get("statusText").asString()).isEqualTo("OK");
        assertThat(ok.get("response").get("content").get("mimeType").asString()).isEqualTo("application/json");
        assertThat(ok.get("response").get("content").get("text").asString()).isEqualTo("{\"name\":\"mp\"}");
        JsonNode t = ok.get("timings");
        assertThat(t.get("ssl").asDouble()).as("plain http has no TLS phase").isEqualTo(-1);
        assertThat(t.get("connect").asDouble()).isGreaterThanOrEqualTo(0);
        double sum = 0;
        for (String phase : List.of("blocked", "dns", "connect", "send", "wait", "receive")) {
            sum += Math.max(0, t.get(phase).asDouble());
        }
        assertThat(ok.get("time").asDouble()).isEqualTo(sum);
        assertThat(ok.get("serverIPAddress").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    @DisplayName("R-2 a POST's text body is its entry's postData and every Set-Cookie a response cookie; it validates")
    void postDataAndCookies() {
        DisposableServer s = server(r -> r.post("/form", (req, res) -> res.header("Set-Cookie", "a=1")
                .addHeader("Set-Cookie", "b=2; HttpOnly").sendString(Mono.just("ok"))));
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net).masking(false).serve(false));
        net.request(io.mpnet.runtime.RequestOptions.builder(lan(s, "/form")).method("POST")
                .header("content-type", "application/x-www-form-urlencoded").data(java.util.Map.of("q", "小程序"))
                .build()).block(WAIT);
        JsonNode har = JSON.readTree(awaitHar(inspector, 1).toString());
        assertThat(problems(har)).isEmpty();
        JsonNode e = entry(har, "/form");
        JsonNode post = e.get("request").get("postData");
        assertThat(post.get("mimeType").asString()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(post.get("text").asString()).isEqualTo("q=%E5%B0%8F%E7%A8%8B%E5%BA%8F");
        assertThat(e.get("response").get("cookies").toString())
                .isEqualTo("[{\"name\":\"a\",\"value\":\"1\"},{\"name\":\"b\",\"value\":\"2\"}]");
    }

    @Test
    @DisplayName("R-7 a redirected call is in the HAR as browsers export a chain: the 302 with its redirectURL, then the answer")
    void redirectChain() {
        DisposableServer s = server(r -> r.get("/moved", (req, res) -> res.status(302).header("Location", "/here").send())
                .get("/here", (req, res) -> res.sendString(Mono.just("here"))));
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net).serve(false));
        net.request(io.mpnet.runtime.RequestOptions.get(lan(s, "/moved")).build()).block(WAIT);
        JsonNode har = JSON.readTree(awaitHar(inspector, 2).toString());
        assertThat(problems(har)).isEmpty();
        JsonNode entries = har.get("log").get("entries");
        assertThat(entries.get(0).get("request").get("url").asString()).isEqualTo(lan(s, "/moved"));
        assertThat(entries.get(0).get("response").get("status").asInt()).isEqualTo(302);
        assertThat(entries.get(0).get("response").get("redirectURL").asString()).isEqualTo(lan(s, "/here"));
        assertThat(entries.get(1).get("request").get("url").asString()).isEqualTo(lan(s, "/here"));
        assertThat(entries.get(1).get("response").get("status").asInt()).isEqualTo(200);
        assertThat(entries.get(1).get("response").get("content").get("text").asString()).isEqualTo("here");
        assertThat(entries.get(0).get("_mpnetCallId").asLong()).isEqualTo(entries.get(1).get("_mpnetCallId").asLong());
    }

    @Test
    @DisplayName("the schema check bites: an entry without timings, or with a wait of -1, is refused")
    void schemaBites() {
        DisposableServer s = backend();
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net).serve(false));
        net.request(io.mpnet.runtime.RequestOptions.get(lan(s, "/user")).build()).block(WAIT);
        tools.jackson.databind.node.ObjectNode har = (tools.jackson.databind.node.ObjectNode) awaitHar(inspector, 1);
        tools.jackson.databind.node.ObjectNode e = (tools.jackson.databind.node.ObjectNode) har.get("log").get("entries").get(0);
        ((tools.jackson.databind.node.ObjectNode) e.get("timings")).put("wait", -1);
        assertThat(problems(har)).singleElement().asString().contains("wait");
        e.remove("timings");
        assertThat(problems(har)).singleElement().asString().contains("timings");
    }

    @Test
    @DisplayName("P-2 a refused call is in the HAR as browsers export a blocked request: status 0, with its rule and errMsg")
    void refusedAsBlocked() {
        DisposableServer s = backend();
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net).serve(false));
        int calls = makeCalls(net, s);
        JsonNode har = awaitHar(inspector, calls);
        JsonNode refused = entry(har, "evil.example.org");
        assertThat(refused.get("response").get("status").asInt()).isZero();
        assertThat(refused.get("_rule").asString()).isEqualTo("P-2");
        assertThat(refused.get("_errMsg").asString()).isEqualTo("request:fail url not in domain list");
        assertThat(refused.get("_errno").asInt()).isEqualTo(600002);
        assertThat(refused.get("response").get("_error").asString()).isEqualTo("request:fail url not in domain list");
        assertThat(refused.get("timings").get("connect").asDouble()).as("nothing reached the wire").isEqualTo(-1);
        JsonNode boom = entry(har, "/boom");
        assertThat(boom.get("response").get("status").asInt()).as("R-4 a 500 is an answer").isEqualTo(500);
        assertThat(boom.has("_rule")).isFalse();
        JsonNode socket = entry(har, "/echo");
        assertThat(socket.get("response").get("status").asInt()).isEqualTo(101);
        assertThat(socket.get("_resourceType").asString()).isEqualTo("websocket");
        JsonNode st = socket.get("timings"); // the socket's opening, from its profile
        assertThat(st.get("connect").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(st.get("wait").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(socket.get("time").asDouble()).isEqualTo(Math.max(0, st.get("dns").asDouble())
                + st.get("connect").asDouble() + st.get("wait").asDouble());
        assertThat(socket.get("_webSocketMessages").toString())
                .contains("\"type\":\"send\"", "\"type\":\"receive\"", "hello, inspector");
        JsonNode download = entry(har, "/file.bin");
        assertThat(download.get("response").get("bodySize").asLong()).isEqualTo(64 * 1024);
        assertThat(download.get("timings").get("wait").asDouble()).isGreaterThanOrEqualTo(0);
    }

    @Test
    @DisplayName("L-1 the eleventh call's wait for a slot is its HAR blocked time and the page's queued time (virtual time)")
    void queuedIsBlocked() {
        reactor.test.scheduler.VirtualTimeScheduler vts = reactor.test.scheduler.VirtualTimeScheduler.create();
        MiniProgramNetwork net = MiniProgramNetwork.builder(lanConfig().domains(io.mpnet.policy.ApiKind.REQUEST,
                "https://api.example.com").build()).scheduler(vts).resources(resources).device(DEVICE).build();
        toClose.add(net);
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net).serve(false));
        reactor.core.publisher.Sinks.Empty<Void> release = reactor.core.publisher.Sinks.empty();
        for (int i = 0; i < 11; i++) {
            net.guard(io.mpnet.runtime.GuardOptions.of("GET", "https://api.example.com/" + i), h -> release.asMono())
                    .subscribe();
        }
        io.mpnet.testing.Await.until(WAIT, "the eleventh call queued", inspector::harNode,
                h -> h.get("log").get("entries").size() == 11);
        vts.advanceTimeBy(java.time.Duration.ofMillis(1500));
        release.tryEmitEmpty();
        JsonNode har = awaitHar(inspector, 11);
        assertThat(problems(har)).isEmpty();
        JsonNode last = entry(har, "https://api.example.com/10");
        assertThat(last.get("timings").get("blocked").asDouble()).isEqualTo(1500);
        assertThat(last.get("time").asDouble()).isGreaterThanOrEqualTo(1500);
        assertThat(entry(har, "https://api.example.com/0").get("timings").get("blocked").asDouble()).isZero();
        String page = inspector.pageEvents().filter(e -> e.data().contains("api.example.com/10\""))
                .blockFirst(WAIT).data();
        assertThat(page).contains("\"queued\":true", "\"queuedMillis\":1500");
    }

    @Test
    @DisplayName("Authorization, Cookie and Set-Cookie values are masked in the HAR, cookies included, unless masking is off")
    void masking() {
        DisposableServer s = backend();
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector masked = inspector(NetworkInspector.builder().watch(net).serve(false));
        NetworkInspector open = inspector(NetworkInspector.builder().watch(net).masking(false).serve(false));
        int calls = makeCalls(net, s);
        String hidden = awaitHar(masked, calls).toString();
        assertThat(hidden).doesNotContain("t0ken", "s3cr3t").contains("(masked)");
        JsonNode user = entry(awaitHar(masked, calls), "/user");
        assertThat(user.get("request").get("cookies").get(0).get("name").asString()).isEqualTo("session");
        assertThat(user.get("response").get("cookies").get(0).get("value").asString()).isEqualTo("(masked)");
        String shown = awaitHar(open, calls).toString();
        assertThat(shown).contains("Bearer t0ken", "s3cr3t");
    }

    @Test
    @DisplayName("the store keeps the last calls only: with capacity 2, the HAR holds the two newest")
    void bounded() {
        DisposableServer s = backend();
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net).capacity(2).serve(false));
        for (int i = 0; i < 4; i++) {
            net.request(io.mpnet.runtime.RequestOptions.get(lan(s, "/user?n=" + i)).build()).block(WAIT);
        }
        JsonNode har = io.mpnet.testing.Await.until(WAIT, "the last call", inspector::harNode,
                h -> h.get("log").get("entries").size() == 2
                        && h.get("log").get("entries").get(1).get("request").get("url").asString().endsWith("n=3")
                        && !h.get("log").get("entries").get(1).has("_inFlight"));
        assertThat(har.get("log").get("entries").get(0).get("request").get("url").asString()).endsWith("n=2");
    }

    @Test
    @DisplayName("har(Path) and har(OutputStream) write the same valid archive as har()")
    void writes(@TempDir Path dir) throws IOException {
        DisposableServer s = backend();
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net).serve(false));
        net.request(io.mpnet.runtime.RequestOptions.get(lan(s, "/user")).build()).block(WAIT);
        awaitHar(inspector, 1);
        Path file = dir.resolve("calls.har");
        inspector.har(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        inspector.har(out);
        out.write('\n'); // still open
        assertThat(problems(JSON.readTree(Files.readString(file)))).isEmpty();
        assertThat(JSON.readTree(out.toString(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(JSON.readTree(inspector.har()));
    }
}
