package io.mpnet.runtime;

import io.mpnet.policy.ResponseType;
import io.mpnet.policy.DataType;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/** The request rules (R) against a real loopback server. */
class RequestRulesTest extends LoopbackTest {

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "TRACE"})
    @DisplayName("R-1 each platform method reaches the server as written")
    void methodsReachServer(String method) {
        AtomicReference<String> seen = new AtomicReference<>();
        DisposableServer s = server(r -> r.route(req -> true, (req, res) -> {
            seen.set(req.method().name());
            return res.sendString(Mono.just("ok"));
        }));
        HttpResult r = lanRuntime().request(RequestOptions.builder(lan(s, "/m")).method(method).build()).block(WAIT);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(seen.get()).isEqualTo(method);
    }

    @Test
    @DisplayName("R-1 an unknown method fails before I/O with the call alone")
    void unknownMethodFails() {
        AtomicReference<String> seen = new AtomicReference<>();
        DisposableServer s = server(r -> r.route(req -> true, (req, res) -> {
            seen.set(req.method().name());
            return res.send();
        }));
        MiniProgramNetwork net = lanRuntime();
        // the canonical constructor: the builder refuses "get" already (OptionBuildersTest); the call checks too
        StepVerifier.create(net.request(new RequestOptions(lan(s, "/"), "get", null, Map.of(), DataType.JSON,
                        ResponseType.TEXT, null, Redirect.FOLLOW, false, false)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MpNetException.class))
                .verify(WAIT);
        assertThat(seen.get()).isNull();
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(net.request(RequestOptions.get(lan(s, "/")).build()).block(WAIT).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("R-2 string data is the body as it is; bytes go raw")
    void bodies() {
        DisposableServer s = server(r -> r.post("/echo", (req, res) -> res.send(req.receive().retain())));
        MiniProgramNetwork net = lanRuntime();
        HttpResult text = net.request(RequestOptions.post(lan(s, "/echo")).data("a=1&b=2").dataType(DataType.TEXT).build())
                .block(WAIT);
        assertThat(text.data()).isEqualTo("a=1&b=2");
        byte[] raw = {0, 1, 2, (byte) 0xff};
        HttpResult bytes = net.request(RequestOptions.post(lan(s, "/echo")).data(raw).responseType(ResponseType.ARRAYBUFFER)
                .build()).block(WAIT);
        assertThat((byte[]) bytes.data()).containsExactly(raw);
        assertThat(bytes.profile().sendBytesCount()).isGreaterThan(raw.length); // with the request line and headers
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "OPTIONS"})
    @DisplayName("R-2 DELETE and OPTIONS with object data send it as a JSON body, as POST does, the URL untouched")
    void objectDataInTheBody(String method) {
        AtomicReference<String> seen = new AtomicReference<>();
        DisposableServer s = server(r -> r.route(req -> true, (req, res) -> req.receive().aggregate().asString()
                .defaultIfEmpty("").flatMap(body -> {
                    seen.set(req.uri() + " " + req.requestHeaders().get("content-type") + " " + body);
                    return res.send().then();
                })));
        lanRuntime().request(RequestOptions.builder(lan(s, "/m")).method(method).data(Map.of("k", "v")).build())
                .block(WAIT);
        assertThat(seen.get()).isEqualTo("/m application/json {\"k\":\"v\"}");
    }

    @Test
    @DisplayName("R-3 caller headers reach the server; content-type defaults to application/json")
    void headers() {
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        DisposableServer s = server(r -> r.route(req -> true, (req, res) -> {
            seen.set(Map.of("x-trace", String.valueOf(req.requestHeaders().get("X-Trace")),
                    "content-type", String.valueOf(req.requestHeaders().get("content-type")),
                    "host", String.valueOf(req.requestHeaders().get("host"))));
            return res.send();
        }));
        lanRuntime().request(RequestOptions.post(lan(s, "/")).header("X-Trace", "t1").data("{}").build()).block(WAIT);
        assertThat(seen.get()).containsEntry("x-trace", "t1").containsEntry("content-type", "application/json")
                .containsEntry("host", LAN_PEER + ":" + s.port());
    }

    @Test
    @DisplayName("R-3 a caller's Content-Length is dropped: a GET without a body is answered, a POST sends its body's length")
    void callerContentLengthDropped() {
        AtomicReference<List<String>> seen = new AtomicReference<>();
        DisposableServer s = server(r -> r.route(req -> true, (req, res) -> {
            seen.set(req.requestHeaders().getAll("content-length"));
            return res.sendString(req.receive().aggregate().asString().defaultIfEmpty("").map(b -> req.method() + " " + b));
        }));
        MiniProgramNetwork net = lanRuntime();
        HttpResult get = net.request(RequestOptions.get(lan(s, "/")).header("Content-Length", "10").build()).block(WAIT);
        assertThat(get.data()).isEqualTo("GET ");
        assertThat(seen.get()).isEmpty();
        HttpResult post = net.request(RequestOptions.post(lan(s, "/")).header("content-length", "999").data("abc")
                .build()).block(WAIT);
        assertThat(post.data()).isEqualTo("POST abc");
        assertThat(seen.get()).containsExactly("3");
    }

    @Test
    @DisplayName("P-9 the server sees the fixed Referer, not the caller's")
    void refererIsFixed() {
        AtomicReference<List<String>> seen = new AtomicReference<>();
        DisposableServer s = server(r -> r.route(req -> true, (req, res) -> {
            seen.set(req.requestHeaders().getAll("referer"));
            return res.send();
        }));
        lanRuntime().request(RequestOptions.get(lan(s, "/")).header("referer", "https://evil.example/").build())
                .block(WAIT);
        assertThat(seen.get()).containsExactly("https://servicewechat.com/wx0123456789abcdef/0/page-frame.html");
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 204, 301, 404, 500, 503})
    @DisplayName("R-4 every status code succeeds, with statusCode, header, cookies and data")
    void everyStatusSucceeds(int status) {
        DisposableServer s = server(r -> r.get("/s", (req, res) -> res.status(status)
                .header("Set-Cookie", "a=1; Path=/").addHeader("Set-Cookie", "b=2").header("X-Kind", "k")
                .sendString(status == 204 ? Mono.empty() : Mono.just("body"))));
        HttpResult r = lanRuntime().request(RequestOptions.get(lan(s, "/s")).redirect(Redirect.MANUAL).build())
                .block(WAIT);
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.header()).containsEntry("X-Kind", "k");
        assertThat(r.cookies()).containsExactly("a=1; Path=/", "b=2");
        assertThat(r.data()).isEqualTo(status == 204 ? "" : "body");
    }

    @Test
    @DisplayName("R-5 dataType json parses a JSON body; text that is not JSON stays text; arraybuffer is raw")
    void dataTypes() {
        DisposableServer s = server(r -> r
                .get("/json", (req, res) -> res.header("content-type", "application/json")
                        .sendString(Mono.just("{\"a\":1,\"b\":[true,null]}")))
                .get("/text", (req, res) -> res.sendString(Mono.just("not json"))));
        MiniProgramNetwork net = lanRuntime();
        assertThat(net.request(RequestOptions.get(lan(s, "/text")).build()).block(WAIT).data()).isEqualTo("not json");
        assertThat(net.request(RequestOptions.get(lan(s, "/json")).dataType(DataType.TEXT).build()).block(WAIT).data())
                .isEqualTo("{\"a\":1,\"b\":[true,null]}");
        assertThat((byte[]) net.request(RequestOptions.get(lan(s, "/json")).responseType(ResponseType.ARRAYBUFFER).build())
                .block(WAIT).data()).isEqualTo("{\"a\":1,\"b\":[true,null]}".getBytes(StandardCharsets.UTF_8));
        Object parsed = net.request(RequestOptions.get(lan(s, "/json")).build()).block(WAIT).data();
        assertThat(parsed).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) parsed).get("a")).isEqualTo(1);
    }

    @Test
    @DisplayName("R-6 the charset comes from Content-Type; one leading BOM is removed")
    void textDecoding() {
        byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        byte[] bom = "\ufeff\ufeffx".getBytes(StandardCharsets.UTF_8);
        DisposableServer s = server(r -> r
                .get("/latin1", (req, res) -> res.header("content-type", "text/plain; charset=ISO-8859-1")
                        .sendByteArray(Mono.just(latin1)))
                .get("/bom", (req, res) -> res.sendByteArray(Mono.just(bom))));
        MiniProgramNetwork net = lanRuntime();
        assertThat(net.request(RequestOptions.get(lan(s, "/latin1")).dataType(DataType.TEXT).build()).block(WAIT).data())
                .isEqualTo("caf\u00e9");
        assertThat(net.request(RequestOptions.get(lan(s, "/bom")).dataType(DataType.TEXT).build()).block(WAIT).data())
                .isEqualTo("\ufeffx");
    }

    @Test
    @DisplayName("P-2 an unconfigured domain fails before I/O with url not in domain list, taking no slot")
    void policyDenial() {
        MiniProgramNetwork net = lanRuntime();
        StepVerifier.create(net.request(RequestOptions.get("https://other.example.com/").build()))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(MpNetException.class);
                    MpNetException m = (MpNetException) e;
                    assertThat(m.reason()).isEqualTo(FailReason.URL_NOT_IN_DOMAIN_LIST);
                    assertThat(m.errMsg()).isEqualTo("request:fail url not in domain list");
                    assertThat(m.errno()).hasValue(600002);
                })
                .verify(WAIT);
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("E-3 a missing url fails that call alone with parameter error")
    void missingUrl() {
        StepVerifier.create(lanRuntime().request(RequestOptions.builder(null).build()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).reason())
                        .isEqualTo(FailReason.INVALID_PARAMETER))
                .verify(WAIT);
    }

    @Test
    @DisplayName("request is cold: nothing reaches the server before subscription")
    void cold() {
        AtomicReference<String> seen = new AtomicReference<>();
        DisposableServer s = server(r -> r.get("/", (req, res) -> {
            seen.set("hit");
            return res.send();
        }));
        Mono<HttpResult> m = lanRuntime().request(RequestOptions.get(lan(s, "/")).build());
        assertThat(seen.get()).isNull();
        m.block(WAIT);
        assertThat(seen.get()).isEqualTo("hit");
    }
}
