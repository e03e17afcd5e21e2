package io.mpnet.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.RequestOptions;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import tools.jackson.databind.json.JsonMapper;

/** The inspector's server: loopback only, behind its token, a strict CSP, and a live event stream with a replay. */
class InspectorServerTest extends InspectorTestBase {

    record Answer(int status, io.netty.handler.codec.http.HttpHeaders headers, String body) {
    }

    static Answer get(String url) {
        return HttpClient.create().get().uri(url)
                .responseSingle((HttpClientResponse res, reactor.netty.ByteBufMono body) -> body.asString()
                        .defaultIfEmpty("").map(b -> new Answer(res.status().code(), res.responseHeaders(), b)))
                .block(WAIT);
    }

    /** Reads the page's event stream until it holds {@code marker}, and returns what it read. */
    static String streamUntil(String url, String marker) {
        return HttpClient.create().get().uri(url + "api/events").responseContent().asString()
                .scan("", String::concat).filter(s -> s.contains(marker)).next().block(WAIT);
    }

    /** The data of the first complete event in {@code stream} of a finished call whose URL holds {@code marker}. */
    static @org.jspecify.annotations.Nullable String doneLine(String stream, String marker) {
        // only whole lines: a chunk may end inside one
        return stream.substring(0, stream.lastIndexOf('\n') + 1).lines()
                .filter(l -> l.startsWith("data: {") && l.contains(marker)
                && l.contains("\"state\":\"done\"")).map(l -> l.substring("data: ".length())).findFirst().orElse(null);
    }

    @Test
    @DisplayName("the page is served on 127.0.0.1 only, at a URL with a 128-bit random token; any other path is 404")
    void tokenAndLoopback() {
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector a = inspector(NetworkInspector.builder().watch(net));
        NetworkInspector b = inspector(NetworkInspector.builder().watch(net));
        URI url = URI.create(a.url());
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        String token = url.getPath().substring(1, url.getPath().length() - 1);
        assertThat(token).matches("[A-Za-z0-9_-]{22}"); // 16 bytes, URL-safe base64 without padding
        assertThat(b.url()).doesNotContain(token);
        String origin = "http://127.0.0.1:" + url.getPort();
        assertThat(get(a.url()).status()).isEqualTo(200);
        assertThat(get(origin + "/").status()).isEqualTo(404);
        assertThat(get(origin + "/index.html").status()).isEqualTo(404);
        assertThat(get(origin + "/api/har").status()).isEqualTo(404);
        assertThat(get(origin + "/" + token.substring(1) + "x/").status()).isEqualTo(404);
        assertThat(get(origin + "/" + token + "/../pom.xml").status()).isEqualTo(404);
        assertThat(get(a.url() + "NetworkInspector.class").status()).isEqualTo(404);
        // bound to 127.0.0.1, not to every address: the same port on ::1 answers nothing
        Mono<Integer> v6 = HttpClient.create().get().uri("http://[::1]:" + url.getPort() + "/").response()
                .map(r -> r.status().code());
        assertThat(v6.onErrorReturn(-1).block(WAIT)).isEqualTo(-1);
    }

    @Test
    @DisplayName("the page and its files carry a Content-Security-Policy that lets them load nothing from elsewhere")
    void contentSecurityPolicy() {
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(lanRuntime()));
        for (String file : new String[] {"", "app.js", "app.css", "api/har"}) {
            Answer a = get(inspector.url() + file);
            assertThat(a.status()).as(file).isEqualTo(200);
            assertThat(a.headers().get("Content-Security-Policy")).as(file)
                    .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'");
            assertThat(a.headers().get("Referrer-Policy")).isEqualTo("no-referrer");
        }
        Answer page = get(inspector.url());
        assertThat(page.headers().get("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<script src=\"app.js\"").doesNotContain("http://", "https://");
    }

    @Test
    @DisplayName("R-10 a page opened late gets the calls made before it (a replay), then each new call as it happens")
    void replayThenLive() {
        DisposableServer s = backend();
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net, "demo"));
        net.request(RequestOptions.get(lan(s, "/user?before=1")).header("Authorization", "Bearer t0ken").build()).block(WAIT);
        awaitHar(inspector, 1);
        String replay = streamUntil(inspector.url(), "before=1");
        assertThat(replay).startsWith("event: ").contains("event: call\ndata: {").contains("\"runtime\":\"demo\"")
                .doesNotContain("t0ken").contains("(masked)");
        Mono<String> live = HttpClient.create().get().uri(inspector.url() + "api/events").responseContent().asString()
                .scan("", String::concat).filter(x -> doneLine(x, "after=1") != null)
                .next().cache();
        live.subscribe();
        // the stream is open once it replays the first call; only then make the second
        streamUntil(inspector.url(), "before=1");
        net.request(RequestOptions.get(lan(s, "/user?after=1")).build()).block(WAIT);
        String seen = live.block(WAIT);
        String done = doneLine(seen, "after=1");
        var call = JsonMapper.builder().build().readTree(done);
        assertThat(call.get("api").asString()).isEqualTo("request");
        assertThat(call.get("method").asString()).isEqualTo("GET");
        assertThat(call.get("phases").toString()).contains("\"name\":\"send\"").contains("\"name\":\"wait\"")
                .contains("\"name\":\"receive\"");
    }

    @Test
    @DisplayName("the HAR endpoint answers the archive as a download")
    void harEndpoint() {
        DisposableServer s = backend();
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net));
        net.request(RequestOptions.get(lan(s, "/user")).build()).block(WAIT);
        awaitHar(inspector, 1);
        Answer har = get(inspector.url() + "api/har");
        assertThat(har.headers().get("Content-Disposition")).contains("attachment", "mpnet.har");
        assertThat(HarTest.problems(HarTest.JSON.readTree(har.body()))).isEmpty();
        assertThat(har.body()).contains("/user");
    }

    @Test
    @DisplayName("a bad port or capacity fails at once, naming the setting, the value and the fix, and starts nothing")
    void badSettings() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NetworkInspector.builder().port(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port(70000)")
                .hasMessageContaining("0 for a random free one");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NetworkInspector.builder().capacity(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity(0)")
                .hasMessageContaining("at least 1");
    }

    @Test
    @DisplayName("a port already taken fails start() naming the port and the fix")
    void portTaken() {
        DisposableServer taken = server(r -> { });
        MiniProgramNetwork net = lanRuntime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NetworkInspector.builder().watch(net).port(taken.port())
                        .start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("127.0.0.1:" + taken.port())
                .hasMessageContaining("0 for a random free one").hasCauseInstanceOf(RuntimeException.class);
    }

    @Test
    @DisplayName("dispose() (or close()) stops serving: the URL answers nothing afterwards; a second close does nothing")
    void closes() {
        NetworkInspector inspector = NetworkInspector.start(lanRuntime());
        String url = inspector.url();
        assertThat(get(url).status()).isEqualTo(200);
        assertThat(inspector.isDisposed()).isFalse();
        inspector.dispose();
        assertThat(inspector.isDisposed()).isTrue();
        inspector.close(); // again: nothing more to do
        Mono<Integer> after = HttpClient.create().get().uri(url).response().map(r -> r.status().code());
        assertThat(after.onErrorReturn(-1).block(Duration.ofSeconds(10))).isEqualTo(-1);
    }
}
