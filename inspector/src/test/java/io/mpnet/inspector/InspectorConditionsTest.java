package io.mpnet.inspector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.NetworkConditions;
import io.mpnet.runtime.NetworkState;
import io.mpnet.runtime.RequestOptions;
import io.mpnet.runtime.HttpResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * N-6 from the inspector: {@code api/conditions} lists DevTools' presets and the runtimes' conditions,
 * and sets them, behind the token and only from the page itself.
 */
class InspectorConditionsTest extends InspectorTestBase {

    static InspectorServerTest.Answer post(String url, String contentType, String body) {
        return post(url, contentType, body, Map.of());
    }

    static InspectorServerTest.Answer post(String url, String contentType, String body, Map<String, String> headers) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(url, contentType, Mono.just(Unpooled.wrappedBuffer(bytes)), headers);
    }

    static InspectorServerTest.Answer send(String url, String contentType, Publisher<ByteBuf> body,
            Map<String, String> headers) {
        return HttpClient.create().headers(h -> {
            h.set("Content-Type", contentType);
            headers.forEach(h::set);
        }).post().uri(url).send(body)
                .responseSingle((res, content) -> content.asString().defaultIfEmpty("")
                        .map(b -> new InspectorServerTest.Answer(res.status().code(), res.responseHeaders(), b)))
                .block(WAIT);
    }

    static JsonNode json(String body) {
        return HarTest.JSON.readTree(body);
    }

    static JsonNode conditionsOf(JsonNode state, String runtime) {
        for (JsonNode r : state.get("runtimes")) {
            if (r.get("runtime").asString().equals(runtime)) {
                return r.get("conditions");
            }
        }
        throw new AssertionError("no runtime " + runtime + " in " + state);
    }

    @Test
    @DisplayName("N-6 GET api/conditions lists DevTools' presets in its order, in bytes per second and kbit/s, and each watched runtime's conditions")
    void lists() {
        MiniProgramNetwork shop = lanRuntime();
        MiniProgramNetwork news = lanRuntime();
        news.networkState().conditions(NetworkConditions.SLOW_4G);
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(shop, "shop").watch(news, "news"));
        InspectorServerTest.Answer a = InspectorServerTest.get(inspector.url() + "api/conditions");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.headers().get("Content-Type")).startsWith("application/json");
        assertThat(a.headers().get("Content-Security-Policy")).contains("default-src 'none'");
        JsonNode state = json(a.body());
        assertThat(state.get("presets").valueStream().map(p -> p.get("name").asString()).toList())
                .containsExactly("No throttling", "Fast 4G", "Slow 4G", "3G", "Offline");
        JsonNode fast = state.get("presets").get(1);
        assertThat(fast.get("latencyMs").asLong()).isEqualTo(165);
        assertThat(fast.get("downloadBytesPerSecond").asLong()).isEqualTo(NetworkConditions.FAST_4G.downloadBytesPerSecond());
        assertThat(fast.get("downloadKbps").asDouble()).isEqualTo(8100.0); // 9 Mbit/s × 0.9
        assertThat(fast.get("uploadKbps").asDouble()).isEqualTo(1350.0);
        assertThat(state.get("presets").get(4).get("offline").asBoolean()).isTrue();
        assertThat(conditionsOf(state, "shop").get("name").asString()).isEqualTo("No throttling");
        assertThat(conditionsOf(state, "news").get("name").asString()).isEqualTo("Slow 4G");
        assertThat(conditionsOf(state, "news").get("latencyMs").asLong()).isEqualTo(562);
        assertThat(inspector.conditions()).containsExactly(Map.entry("shop", NetworkConditions.NONE),
                Map.entry("news", NetworkConditions.SLOW_4G));
    }

    @Test
    @DisplayName("N-6 N-5 POST a preset by name sets every watched runtime: Offline refuses calls with N-5, No throttling lets them run again")
    void setsPreset() {
        DisposableServer s = backend();
        MiniProgramNetwork shop = lanRuntime();
        MiniProgramNetwork news = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(shop, "shop").watch(news, "news"));
        String api = inspector.url() + "api/conditions";

        InspectorServerTest.Answer offline = post(api, "application/json", "{\"preset\":\"Offline\"}");
        assertThat(offline.status()).isEqualTo(200);
        assertThat(conditionsOf(json(offline.body()), "news").get("offline").asBoolean()).isTrue();
        assertThat(shop.networkState().conditions()).isEqualTo(NetworkConditions.OFFLINE);
        assertThat(news.networkState().conditions()).isEqualTo(NetworkConditions.OFFLINE);
        assertThat(shop.networkState().status().type()).isEqualTo(NetworkState.Type.NONE);
        assertThatThrownBy(() -> shop.request(RequestOptions.get(lan(s, "/user")).build()).block(WAIT))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo("N-5");
                    assertThat(e.errMsg()).isEqualTo("request:fail network error");
                });

        // any case, as NetworkConditions.preset reads it
        assertThat(post(api, "application/json; charset=utf-8", "{\"preset\":\"no throttling\"}").status()).isEqualTo(200);
        assertThat(inspector.conditions().values()).containsOnly(NetworkConditions.NONE);
        HttpResult ok = shop.request(RequestOptions.get(lan(s, "/user")).build()).block(WAIT);
        assertThat(ok).isNotNull();
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("N-6 POST custom latencyMs, downloadKbps and uploadKbps sets Custom conditions, 1 kbit/s being 125 bytes per second")
    void setsCustom() {
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net, "shop"));
        InspectorServerTest.Answer a = post(inspector.url() + "api/conditions", "application/json",
                "{\"latencyMs\":100,\"downloadKbps\":1600,\"uploadKbps\":750}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(net.networkState().conditions())
                .isEqualTo(NetworkConditions.custom(Duration.ofMillis(100), 200_000, 93_750));
        JsonNode now = conditionsOf(json(a.body()), "shop");
        assertThat(now.get("name").asString()).isEqualTo("Custom");
        assertThat(now.get("downloadKbps").asDouble()).isEqualTo(1600.0);
        assertThat(now.get("uploadBytesPerSecond").asLong()).isEqualTo(93_750);
        // a field left out is 0: no latency, unlimited
        assertThat(post(inspector.url() + "api/conditions", "application/json", "{\"downloadKbps\":400}").status())
                .isEqualTo(200);
        assertThat(net.networkState().conditions()).isEqualTo(NetworkConditions.custom(Duration.ZERO, 50_000, 0));
    }

    @Test
    @DisplayName("N-6 a bad body answers 400 naming the field, the value, the rule and what to send, and changes nothing")
    void badInput() {
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net, "shop"));
        inspector.conditions(NetworkConditions.FAST_4G);
        String api = inspector.url() + "api/conditions";
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"preset\":\"5G\"}", "'preset' is \"5G\", not a preset's name");
        bad.put("{\"preset\":7}", "'preset' is 7, not a name");
        bad.put("{\"preset\":\"3G\",\"latencyMs\":1}", "'preset' goes alone");
        bad.put("{\"latencyMs\":70000}", "'latencyMs' is 70000, not a whole number from 0 to 60000");
        bad.put("{\"latencyMs\":-1}", "'latencyMs' is -1");
        bad.put("{\"downloadKbps\":1.5}", "'downloadKbps' is 1.5, not a whole number");
        bad.put("{\"uploadKbps\":\"fast\"}", "'uploadKbps' is \"fast\"");
        bad.put("{\"uploadKbps\":\"\"}", "'uploadKbps' is \"\"");
        bad.put("{\"downloadKbps\":99999999999999999999}", "'downloadKbps' is 99999999999999999999");
        bad.put("{\"offline\":true}", "the field 'offline' is not one of preset");
        bad.put("{}", "the body {} names no conditions");
        bad.put("[1]", "the body '[1]' is not a JSON object");
        bad.put("not json", "the body 'not json' is not JSON");
        bad.put("", "the body '' is not");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            InspectorServerTest.Answer a = post(api, "application/json", e.getKey());
            assertThat(a.status()).as(e.getKey()).isEqualTo(400);
            assertThat(json(a.body()).get("error").asString()).as(e.getKey()).contains(e.getValue()).contains("[N-6]")
                    .contains("{\"preset\": \"Slow 4G\"}", "downloadKbps");
            assertThat(net.networkState().conditions()).as(e.getKey()).isEqualTo(NetworkConditions.FAST_4G);
        }
        // a body larger than the control ever sends is not read
        String large = "{\"preset\":\"" + "x".repeat(5000) + "\"}";
        InspectorServerTest.Answer big = post(api, "application/json", large);
        assertThat(big.status()).isEqualTo(413);
        assertThat(json(big.body()).get("error").asString()).contains("body of " + large.length() + " bytes", "at most 4096 bytes", "[N-6]");
        assertThat(net.networkState().conditions()).isEqualTo(NetworkConditions.FAST_4G);
    }

    @Test
    @DisplayName("N-6 api/conditions is only under the token: a wrong or missing token answers 404 to GET and POST and changes nothing")
    void onlyUnderToken() {
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net));
        URI url = URI.create(inspector.url());
        String origin = "http://127.0.0.1:" + url.getPort();
        String wrong = origin + "/" + "A".repeat(22) + "/api/conditions";
        for (String u : List.of(wrong, origin + "/api/conditions", origin + "/" + inspector.token() + "x/api/conditions")) {
            assertThat(InspectorServerTest.get(u).status()).as(u).isEqualTo(404);
            assertThat(post(u, "application/json", "{\"preset\":\"Offline\"}").status()).as(u).isEqualTo(404);
        }
        assertThat(net.networkState().conditions()).isEqualTo(NetworkConditions.NONE);
        assertThat(net.networkState().status().type()).isNotEqualTo(NetworkState.Type.NONE);
    }

    @Test
    @DisplayName("N-6 what another site's page can send is refused and changes nothing: a form (415), text/plain (415), another Origin (403); the preflight gets no CORS answer")
    void crossSite() {
        MiniProgramNetwork net = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(net));
        String api = inspector.url() + "api/conditions";
        InspectorServerTest.Answer form = post(api, "application/x-www-form-urlencoded", "preset=Offline");
        assertThat(form.status()).isEqualTo(415);
        assertThat(json(form.body()).get("error").asString())
                .contains("Content-Type application/x-www-form-urlencoded is not application/json", "[N-6]");
        assertThat(post(api, "multipart/form-data; boundary=x", "--x--").status()).isEqualTo(415);
        assertThat(post(api, "text/plain", "{\"preset\":\"Offline\"}").status()).isEqualTo(415);
        InspectorServerTest.Answer foreign = post(api, "application/json", "{\"preset\":\"Offline\"}",
                Map.of("Origin", "http://evil.example.org"));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(json(foreign.body()).get("error").asString()).contains("http://evil.example.org", "[N-6]");
        // without a length (chunked), the body is not read
        InspectorServerTest.Answer chunked = send(api, "application/json",
                Flux.just("{\"preset\":", "\"Offline\"}").map(p -> Unpooled.copiedBuffer(p, StandardCharsets.UTF_8)),
                Map.of());
        assertThat(chunked.status()).isEqualTo(411);
        assertThat(json(chunked.body()).get("error").asString()).contains("unknown length", "Content-Length");
        InspectorServerTest.Answer preflight = HttpClient.create().headers(h -> h.set("Origin", "http://evil.example.org")
                        .set("Access-Control-Request-Method", "POST").set("Access-Control-Request-Headers", "content-type"))
                .options().uri(api)
                .responseSingle((res, body) -> body.asString().defaultIfEmpty("")
                        .map(b -> new InspectorServerTest.Answer(res.status().code(), res.responseHeaders(), b)))
                .block(WAIT);
        assertThat(preflight.status()).isEqualTo(404);
        assertThat(preflight.headers().get("Access-Control-Allow-Origin")).isNull();
        assertThat(net.networkState().conditions()).isEqualTo(NetworkConditions.NONE);
        // the page's own origin is let through
        assertThat(post(api, "application/json", "{\"preset\":\"3G\"}",
                Map.of("Origin", "http://127.0.0.1:" + URI.create(api).getPort())).status()).isEqualTo(200);
        assertThat(net.networkState().conditions()).isEqualTo(NetworkConditions.SLOW_3G);
    }

    @Test
    @DisplayName("N-6 an open page's stream gets the conditions as it opens, then each change, made by conditions(..) or on a runtime's own network state")
    void streamed() {
        MiniProgramNetwork shop = lanRuntime();
        MiniProgramNetwork news = lanRuntime();
        NetworkInspector inspector = inspector(NetworkInspector.builder().watch(shop, "shop").watch(news, "news"));
        // one stream, kept open: what it has read so far, replayed to each look
        Flux<String> read = HttpClient.create().get().uri(inspector.url() + "api/events").responseContent().asString()
                .scan("", String::concat).replay(1).autoConnect(1, open -> toClose.add(open::dispose));
        read.filter(x -> x.contains("\"runtime\":\"news\",\"conditions\":{\"name\":\"No throttling\"")).blockFirst(WAIT);
        inspector.conditions(NetworkConditions.SLOW_3G);
        assertThat(shop.networkState().conditions()).isEqualTo(NetworkConditions.SLOW_3G);
        assertThat(news.networkState().conditions()).isEqualTo(NetworkConditions.SLOW_3G);
        String stream = read.filter(x -> x.contains("\"runtime\":\"news\",\"conditions\":{\"name\":\"3G\""))
                .blockFirst(WAIT);
        assertThat(stream).contains("event: conditions\ndata: {\"presets\":[")
                .contains("\"runtime\":\"shop\",\"conditions\":{\"name\":\"3G\"");
        news.networkState().conditions(NetworkConditions.custom(Duration.ofMillis(20), 1000, 0));
        read.filter(x -> x.contains("\"runtime\":\"news\",\"conditions\":{\"name\":\"Custom\",\"offline\":false,"
                + "\"latencyMs\":20,\"downloadBytesPerSecond\":1000")).blockFirst(WAIT);
        assertThat(inspector.conditions()).containsExactly(Map.entry("shop", NetworkConditions.SLOW_3G),
                Map.entry("news", NetworkConditions.custom(Duration.ofMillis(20), 1000, 0)));
    }
}
