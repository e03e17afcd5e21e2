package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/** R-7 redirects, R-9 events, R-10 profile and the P-11 resolver check, on loopback. */
class RedirectEventsProfileTest extends LoopbackTest {

    DisposableServer redirecting() {
        return server(r -> r
                .get("/a", (req, res) -> res.status(302).header("Location", "/b").sendString(Mono.just("moved")))
                .get("/b", (req, res) -> res.sendString(Mono.just("at b")))
                .post("/post", (req, res) -> res.status(303).header("Location", "/seen").send())
                .get("/seen", (req, res) -> res.sendString(Mono.just("method " + req.method())))
                .get("/loop", (req, res) -> res.status(302).header("Location", "/loop").send())
                .get("/away", (req, res) -> res.status(301).header("Location", "https://evil.example.com/x").send())
                .get("/plain", (req, res) -> res.status(302).header("Location", "http://api.example.com/x").send()));
    }

    @Test
    @DisplayName("R-7 follow (default) follows a 302 to the final response")
    void follows() {
        DisposableServer s = redirecting();
        HttpResult r = lanRuntime().request(RequestOptions.get(lan(s, "/a")).build()).block(WAIT);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.data()).isEqualTo("at b");
    }

    @Test
    @DisplayName("R-7 a 303 after POST continues as GET")
    void seeOther() {
        DisposableServer s = redirecting();
        HttpResult r = lanRuntime().request(RequestOptions.post(lan(s, "/post")).data("x").build()).block(WAIT);
        assertThat(r.data()).isEqualTo("method GET");
    }

    @Test
    @DisplayName("R-7 manual stops at the 3xx, reports it to headers-received, and succeeds with it")
    void manual() {
        DisposableServer s = redirecting();
        List<RequestEvent> events = lanRuntime().exchange(RequestOptions.get(lan(s, "/a")).redirect(Redirect.MANUAL)
                .build()).collectList().block(WAIT);
        assertThat(events).hasSize(2);
        RequestEvent.HeadersReceived h = (RequestEvent.HeadersReceived) events.get(0);
        assertThat(h.statusCode()).isEqualTo(302);
        assertThat(h.header()).containsEntry("Location", "/b");
        HttpResult r = ((RequestEvent.Completed) events.get(1)).result();
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.data()).isEqualTo("moved");
    }

    @Test
    @DisplayName("R-7 a redirect to an unconfigured domain fails with the policy's error (P-2)")
    void redirectToUnconfigured() {
        DisposableServer s = redirecting();
        MiniProgramNetwork net = lanRuntime();
        StepVerifier.create(net.request(RequestOptions.get(lan(s, "/away")).build()))
                .expectErrorSatisfies(e -> {
                    assertThat(((MpNetException) e).reason()).isEqualTo(FailReason.URL_NOT_IN_DOMAIN_LIST);
                    assertThat(((MpNetException) e).rule()).isEqualTo("P-2");
                })
                .verify(WAIT);
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("R-7 a redirect to plain http off the LAN fails with P-1")
    void redirectToHttp() {
        DisposableServer s = redirecting();
        StepVerifier.create(lanRuntime().request(RequestOptions.get(lan(s, "/plain")).build()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo("P-1"))
                .verify(WAIT);
    }

    @Test
    @DisplayName("R-7 a redirect loop ends after 10 hops with one network error")
    void loop() {
        DisposableServer s = redirecting();
        MiniProgramNetwork net = lanRuntime();
        StepVerifier.create(net.request(RequestOptions.get(lan(s, "/loop")).build()))
                .expectErrorSatisfies(e -> {
                    assertThat(((MpNetException) e).reason()).isEqualTo(FailReason.REDIRECT_LIMIT);
                    assertThat(((MpNetException) e).errMsg()).isEqualTo("request:fail network error");
                    assertThat(((MpNetException) e).rule()).isEqualTo("R-7");
                    assertThat(e.getMessage()).contains("more than 10 redirects");
                })
                .verify(WAIT);
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("R-9 headers-received comes before the body; chunks stream only with enableChunked")
    void events() {
        DisposableServer s = server(r -> r.get("/chunks", (req, res) -> res.header("X-A", "1")
                .sendString(Flux.just("one", "two", "three").delayElements(Duration.ofMillis(5)))));
        MiniProgramNetwork net = lanRuntime();
        List<RequestEvent> plain = net.exchange(RequestOptions.get(lan(s, "/chunks")).build()).collectList().block(WAIT);
        assertThat(plain).hasSize(2);
        assertThat(plain.get(0)).isInstanceOf(RequestEvent.HeadersReceived.class);
        assertThat(((RequestEvent.Completed) plain.get(1)).result().data()).isEqualTo("onetwothree");

        List<RequestEvent> chunked = net.exchange(RequestOptions.get(lan(s, "/chunks")).enableChunked(true).build())
                .collectList().block(WAIT);
        assertThat(chunked.get(0)).isInstanceOf(RequestEvent.HeadersReceived.class);
        assertThat(((RequestEvent.HeadersReceived) chunked.get(0)).header()).containsEntry("X-A", "1");
        assertThat(chunked.get(chunked.size() - 1)).isInstanceOf(RequestEvent.Completed.class);
        StringBuilder streamed = new StringBuilder();
        chunked.subList(1, chunked.size() - 1).forEach(e -> streamed.append(new String(((RequestEvent.Chunk) e).data())));
        assertThat(streamed.toString()).isEqualTo("onetwothree");
        assertThat(chunked.size()).isGreaterThanOrEqualTo(3);

        // request() has no listener for either event: the same call gives the whole body and the headers
        HttpResult whole = net.request(RequestOptions.get(lan(s, "/chunks")).enableChunked(true).build()).block(WAIT);
        assertThat(whole.data()).isEqualTo("onetwothree");
        assertThat(whole.header()).containsEntry("X-A", "1");
    }

    @Test
    @DisplayName("R-10 the profile orders its phases and names the peer, port, protocol and byte counts")
    void profile() {
        DisposableServer s = server(r -> r.post("/p", (req, res) -> req.receive().then(
                res.sendString(Mono.just("0123456789")).then())));
        MiniProgramNetwork net = lanRuntime();
        RequestProfile p = net.request(RequestOptions.post(lan(s, "/p")).data("hello").build()).block(WAIT).profile();
        assertThat(p.queueStart()).isGreaterThanOrEqualTo(0);
        assertThat(p.queueEnd()).isGreaterThanOrEqualTo(p.queueStart());
        assertThat(p.domainLookUpStart()).isGreaterThanOrEqualTo(p.queueEnd());
        assertThat(p.domainLookUpEnd()).isGreaterThanOrEqualTo(p.domainLookUpStart());
        assertThat(p.connectStart()).isGreaterThanOrEqualTo(p.domainLookUpEnd());
        assertThat(p.connectEnd()).isGreaterThanOrEqualTo(p.connectStart());
        assertThat(p.SSLconnectionStart()).isZero();
        assertThat(p.requestStart()).isGreaterThanOrEqualTo(p.connectEnd());
        assertThat(p.requestEnd()).isGreaterThanOrEqualTo(p.requestStart());
        assertThat(p.responseStart()).isGreaterThanOrEqualTo(p.requestStart());
        assertThat(p.responseEnd()).isGreaterThanOrEqualTo(p.responseStart());
        assertThat(p.peerIP()).isEqualTo("127.0.0.1");
        assertThat(p.port()).isEqualTo(s.port());
        assertThat(p.protocol()).isEqualTo("http1.1");
        assertThat(p.socketReused()).isFalse();
        assertThat(p.sendBytesCount()).isGreaterThan(5); // the body and the request line and headers
        assertThat(p.receivedBytedCount()).isGreaterThan(10);
    }

    @Test
    @DisplayName("P-11 a configured domain whose DNS answer is loopback is refused before any connect")
    void resolverRefusesLoopback() {
        AtomicInteger asked = new AtomicInteger();
        DisposableServer s = server(r -> r.get("/", (req, res) -> res.send()));
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig()
                        .domains(ApiKind.REQUEST, "https://api.example.com:" + s.port()).build())
                .resolver(host -> {
                    asked.incrementAndGet();
                    return Mono.just(List.of(InetAddress.getLoopbackAddress()));
                }));
        StepVerifier.create(net.request(RequestOptions.get("https://api.example.com:" + s.port() + "/").build()))
                .expectErrorSatisfies(e -> {
                    assertThat(((MpNetException) e).rule()).isEqualTo("P-11");
                    assertThat(((MpNetException) e).reason()).isEqualTo(FailReason.URL_NOT_IN_DOMAIN_LIST);
                })
                .verify(WAIT);
        assertThat(asked.get()).isEqualTo(1);
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("P-11 every DNS answer is checked: one loopback address among public ones refuses the set")
    void resolverChecksEveryAnswer() throws Exception {
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig()
                        .domains(ApiKind.REQUEST, "https://api.example.com").build())
                .resolver(host -> Mono.fromCallable(() -> List.of(InetAddress.getByName("203.0.113.7"),
                        InetAddress.getByName("127.0.0.1")))));
        StepVerifier.create(net.request(RequestOptions.get("https://api.example.com/").build()))
                .expectErrorSatisfies(e -> assertThat(((MpNetException) e).rule()).isEqualTo("P-11"))
                .verify(WAIT);
    }

    @Test
    @DisplayName("P-11 a resolver failure is a network error with its cause kept (E-2)")
    void resolverFailure() {
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig()
                        .domains(ApiKind.REQUEST, "https://api.example.com").build())
                .resolver(host -> Mono.error(new java.net.UnknownHostException(host))));
        StepVerifier.create(net.request(RequestOptions.get("https://api.example.com/").build()))
                .expectErrorSatisfies(e -> {
                    assertThat(((MpNetException) e).reason()).isEqualTo(FailReason.NETWORK);
                    assertThat(e.getCause()).isInstanceOf(java.net.UnknownHostException.class);
                })
                .verify(WAIT);
        assertThat(net.availableSlots()).isEqualTo(10);
    }
}
