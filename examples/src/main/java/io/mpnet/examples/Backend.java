package io.mpnet.examples;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's backend: one Reactor Netty HTTPS server on 127.0.0.1 (a port the OS picks) answering
 * for every example name, with the throwaway CA's certificate. Each demo step has its route in
 * {@link #routes}; a new step adds its route there.
 */
final class Backend implements AutoCloseable {

    /** The names the backend answers for; {@code mpnet.json} maps each to 127.0.0.1 in {@code hosts}. */
    static final List<String> NAMES = List.of("api.example.com", "upload.example.com", "cdn.example.com", "ws.example.com");

    /** The calls {@code /slow} waits for before answering: the platform's limit (L-1). */
    static final int GATE = 10;

    /** How long {@code /slow} takes to answer once {@link #GATE} calls are in. */
    static final Duration SLOW = Duration.ofMillis(300);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private volatile CompletableFuture<Void> gateFull = new CompletableFuture<>();
    private final DisposableServer server;

    /** The size of {@code /report.bin}. */
    static final int FILE_BYTES = 8 * 1024 * 1024;

    private Backend(DemoPki pki) {
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .secure(spec -> spec.sslContext(pki.serverContext()))
                .route(this::routes)
                .bindNow(Duration.ofSeconds(10));
    }

    /** Starts the backend with {@code pki}'s server certificate. */
    static Backend start(DemoPki pki) {
        return new Backend(pki);
    }

    private void routes(HttpServerRoutes r) {
        r.post("/echo", counted(this::echo))
                .post("/avatar", counted(this::form))
                // a WebSocket echo: every text frame back, prefixed so the reader sees it came round
                .ws("/chat", (in, out) -> out.sendString(in.receiveFrames()
                        .filter(f -> f instanceof TextWebSocketFrame)
                        .map(f -> "echo: " + ((TextWebSocketFrame) f).text())))
                .get("/report.bin", counted(this::file))
                .get("/user", counted((req, res) -> json(res, user())))
                .get("/broken", counted((req, res) -> json(res.status(500),
                        ordered("error", "the database is down", "retryAfterSeconds", 30))))
                .get("/gbk", counted((req, res) -> bytes(res, "text/plain; charset=GBK",
                        "你好，世界！这段文字是 GBK 编码的。".getBytes(Charset.forName("GBK")))))
                .get("/bom", counted((req, res) -> bytes(res, "application/json",
                        ("\uFEFF{\"greeting\":\"hello\",\"startedWith\":\"a UTF-8 byte-order mark\"}")
                                .getBytes(StandardCharsets.UTF_8))))
                .get("/slow", counted(this::slow))
                // suppressCancel: a cancelled call must not cancel the release the next call waits for
                .get("/user-when-released", counted((req, res) -> Mono.fromFuture(released, true)
                        .then(Mono.from(json(res, user())))))
                .get("/stall", counted((req, res) -> {
                    // not even headers: a call waiting for its answer until the caller aborts it
                    arrivals.add("/stall");
                    return Mono.never();
                }))
                .get("/hold", counted((req, res) -> {
                    // headers now, the body never: a call that stays in flight until mpnet ends it
                    arrivals.add("/hold");
                    return res.header(HttpHeaderNames.CONTENT_TYPE, "text/plain").sendHeaders().then(Mono.never());
                }));
    }

    /** Requests that reached the backend so far (a call the policy refuses never does). */
    int requestsReceived() {
        return received.get();
    }

    /** The most {@code /slow} requests the backend served at once since the last {@link #resetMaxInFlight()}. */
    int maxInFlight() {
        return maxInFlight.get();
    }

    /** Starts a new round of {@code /slow}: a new count for {@link #maxInFlight()}, answers held again. */
    void resetMaxInFlight() {
        maxInFlight.set(0);
        gateFull = new CompletableFuture<>();
    }

    /** Waits (at most 10 s) until a request to {@code path} (one of the recorded routes) has arrived. */
    void awaitArrival(String path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String seen;
        do {
            seen = arrivals.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (seen == null) {
                throw new IllegalStateException("no request to " + path + " reached the backend within 10 s");
            }
        } while (!seen.equals(path));
    }

    /** Lets {@code /user-when-released} answer: the requests waiting now, and every later one. */
    void release() {
        released.complete(null);
    }

    /** The port the OS gave the backend. */
    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> counted(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (req, res) -> {
            received.incrementAndGet();
            return handler.apply(req, res);
        };
    }

    /** Reads a multipart upload with Netty's own decoder and answers with what each part held. */
    private Publisher<Void> form(HttpServerRequest req, HttpServerResponse res) {
        return req.receiveForm().map(part -> {
            long size = part.length();
            String file = part instanceof FileUpload f ? " (file " + f.getFilename() + ")" : "";
            return part.getName() + file + ": " + size + " bytes";
        }).collectList().flatMap(parts -> Mono.from(json(res, ordered("parts", parts))));
    }

    /** {@link #FILE_BYTES} of generated bytes with a Content-Length, sent in 64 KiB chunks (progress, D-2). */
    private Publisher<Void> file(HttpServerRequest req, HttpServerResponse res) {
        int chunk = 64 * 1024;
        // ?kb=256: a smaller file, for the slow-network step (whole 64 KiB chunks, at most the full size)
        List<String> kb = new QueryStringDecoder(req.uri()).parameters().getOrDefault("kb", List.of());
        int bytes = kb.isEmpty() ? FILE_BYTES
                : Math.min(FILE_BYTES, Math.max(chunk, Integer.parseInt(kb.get(0)) * 1024 / chunk * chunk));
        return res.header(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
                .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(bytes))
                .send(Flux.range(0, bytes / chunk).map(i -> Unpooled.wrappedBuffer(new byte[chunk])));
    }

    /** Answers with what the server saw: the content type, the Referer and the body as text. */
    private Publisher<Void> echo(HttpServerRequest req, HttpServerResponse res) {
        return req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> {
                    Map<String, Object> seen = new LinkedHashMap<>();
                    seen.put("contentType", String.valueOf(req.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE)));
                    seen.put("referer", String.valueOf(req.requestHeaders().get(HttpHeaderNames.REFERER)));
                    seen.put("body", body);
                    return Mono.from(json(res, seen));
                });
    }

    /**
     * Holds every answer until {@link #GATE} calls are in at once (at most 5 s, should fewer ever
     * come), then answers {@link #SLOW} later: what the backend sees at once is what mpnet let through.
     */
    private Publisher<Void> slow(HttpServerRequest req, HttpServerResponse res) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        CompletableFuture<Void> full = gateFull;
        if (now >= GATE) {
            full.complete(null);
        }
        return Mono.fromFuture(full, true)
                .timeout(Duration.ofSeconds(5), Mono.empty())
                .then(Mono.delay(SLOW))
                .doFinally(s -> inFlight.decrementAndGet())
                .then(Mono.from(json(res, ordered("ok", true))));
    }

    private static Map<String, Object> user() {
        return ordered("id", 42, "name", "Mei", "city", "Shenzhen");
    }

    /** A map that keeps the order its pairs are given in, so the JSON reads as written. */
    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Publisher<Void> json(HttpServerResponse res, Object body) {
        return bytes(res, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static Publisher<Void> bytes(HttpServerResponse res, String contentType, byte[] body) {
        return res.header(HttpHeaderNames.CONTENT_TYPE, contentType).sendByteArray(Mono.just(body));
    }
}
