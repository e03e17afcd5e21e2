package io.mpnet.inspector;

import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.NetworkConditions;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A live view of what mpnet runtimes do, as the developer tools' Network panel shows a mini
 * program's calls: a page served on {@code 127.0.0.1} only, at a URL with a random token
 * ({@link #url()}), that lists each call (kind, method, URL, status, time, size, the rule of a
 * refusal, the time it queued), draws its R-10 phases, shows its headers, body preview and socket
 * frames, and exports the HTTP Archive ({@link #har()}). Its Throttling menu sets the runtimes'
 * {@link NetworkConditions} (N-6), as {@link #conditions(NetworkConditions)} does.
 *
 * <p>The inspector subscribes to each runtime's {@code events()} when it starts and keeps the last
 * calls (1 000 unless {@link Builder#capacity(int) set}); a page opened late gets those first.
 * {@code Authorization}, {@code Cookie} and {@code Set-Cookie} values are masked before they are
 * stored, so neither the page nor the HAR ever carries them, unless {@link Builder#masking(boolean)}
 * turns that off. Close it to stop serving and listening.
 *
 * <pre>{@code
 * try (NetworkInspector inspector = NetworkInspector.start(net)) {
 *     System.out.println("Open " + inspector.url());
 *     ...
 *     inspector.har(Path.of("calls.har"));
 * }
 * }</pre>
 */
public final class NetworkInspector implements AutoCloseable, Disposable {

    private static final Logger log = LoggerFactory.getLogger(NetworkInspector.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(20);
    // a page's stream keeps at most this many changes it has not yet written; older ones go first
    // (each change carries the whole call, so a later one replaces what was lost)
    private static final int STREAM_BUFFER = 4096;
    private static final Duration PING = Duration.ofSeconds(15);
    // the page loads only its own script and style, and talks only to this server
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final JsonMapper json = JsonMapper.builder().build();
    private final CallStore store;
    private final List<String> labels;
    private final Map<MiniProgramNetwork, String> watched;
    private final Object conditionsLock = new Object();
    private final List<Disposable> subscriptions = new ArrayList<>();
    private final long startedAt = System.currentTimeMillis();
    private final String token;
    private final @Nullable DisposableServer server;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private NetworkInspector(Builder b) {
        this.store = new CallStore(b.capacity, b.masking);
        this.labels = List.copyOf(b.runtimes.values());
        this.watched = new LinkedHashMap<>(b.runtimes);
        this.token = newToken();
        b.runtimes.forEach((net, label) -> subscriptions.add(net.events().subscribe(e -> store.accept(label, e))));
        DisposableServer s = null;
        if (b.serve) {
            try {
                s = HttpServer.create().host("127.0.0.1").port(b.port).route(r -> r
                        .get("/" + token, (req, res) -> res.status(HttpResponseStatus.FOUND)
                                .header(HttpHeaderNames.LOCATION, "/" + token + "/").send())
                        .get("/" + token + "/", (req, res) -> resource(res, "index.html"))
                        .get("/" + token + "/{file}", (req, res) -> resource(res, req.param("file")))
                        .get("/" + token + "/api/events", (req, res) -> events(res))
                        .get("/" + token + "/api/har", (req, res) -> harResponse(res))
                        .get("/" + token + "/api/conditions", (req, res) -> answerJson(res, HttpResponseStatus.OK,
                                conditionsNode()))
                        .post("/" + token + "/api/conditions", this::setConditions))
                        .bindNow(BIND_TIMEOUT);
            } catch (RuntimeException e) {
                subscriptions.forEach(Disposable::dispose);
                throw new IllegalStateException("the network inspector could not listen on 127.0.0.1:" + b.port + " ("
                        + e.getMessage() + "); give Builder.port another port, or 0 for a random free one", e);
            }
            log.info("mpnet network inspector at {}", "http://127.0.0.1:" + s.port() + "/" + token + "/");
        }
        this.server = s;
    }

    /** Starts an inspector of {@code nets} on a random loopback port, with masking on. */
    public static NetworkInspector start(MiniProgramNetwork... nets) {
        Builder b = builder();
        for (MiniProgramNetwork net : nets) {
            b.watch(net);
        }
        return b.start();
    }

    /** A builder: which runtimes, under which labels, on which port. */
    public static Builder builder() {
        return new Builder();
    }

    /** The page's address, {@code http://127.0.0.1:<port>/<token>/}; only it reaches the page. */
    public String url() {
        if (server == null) {
            throw new IllegalStateException("this inspector serves no page (Builder.serve(false))");
        }
        return "http://127.0.0.1:" + server.port() + "/" + token + "/";
    }

    /**
     * The random token (128 bits, URL-safe) in this inspector's URLs; a host that serves the page
     * itself puts it in its path too.
     */
    public String token() {
        return token;
    }

    /** The HTTP Archive 1.2 of the calls kept now, as JSON. */
    public String har() {
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(harNode());
    }

    /** Writes the HTTP Archive 1.2 of the calls kept now to {@code out} (left open). */
    public void har(OutputStream out) {
        json.writerWithDefaultPrettyPrinter().writeValue(new java.io.FilterOutputStream(out) {
            @Override
            public void close() throws IOException {
                flush(); // leave the caller's stream open
            }
        }, harNode());
    }

    /** Writes the HTTP Archive 1.2 of the calls kept now to the file {@code path}, replacing it. */
    public void har(Path path) {
        try (OutputStream out = Files.newOutputStream(path)) {
            har(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the HAR to " + path, e);
        }
    }

    ObjectNode harNode() {
        return Har.of(json, labels, startedAt, store.map(c -> Har.entries(json, c)).stream().flatMap(List::stream).toList());
    }

    /**
     * Throttles every watched runtime from now on, as the page's Throttling menu does (N-6): sets
     * each one's {@code networkState().conditions(conditions)}. Open pages hear it at once, as they
     * hear a host that throttles one runtime through its own network state.
     */
    public void conditions(NetworkConditions conditions) {
        Objects.requireNonNull(conditions, "conditions");
        synchronized (conditionsLock) { // two pages (or a page and the host) setting at once leave every runtime the same
            watched.keySet().forEach(net -> net.networkState().conditions(conditions));
        }
    }

    /** Each watched runtime's conditions now, by its label, in the order they were watched. */
    public Map<String, NetworkConditions> conditions() {
        Map<String, NetworkConditions> now = new LinkedHashMap<>();
        watched.forEach((net, label) -> now.put(label, net.networkState().conditions()));
        return now;
    }

    ObjectNode conditionsNode() {
        return ConditionsJson.of(json, conditions());
    }

    /**
     * The page's {@code api/conditions} answer, for a host that serves the page itself: the presets
     * and each runtime's conditions, as JSON.
     */
    public String conditionsJson() {
        return json.writeValueAsString(conditionsNode());
    }

    /**
     * What the page's Throttling menu posts to {@code api/conditions}, for a host that serves the
     * page itself: {@code body} ({@code {"preset": "3G"}}, or {@code latencyMs}, {@code downloadKbps}
     * and {@code uploadKbps}) sets every runtime's conditions, and the answer is
     * {@link #conditionsJson()} after it. The host checks first that the request comes from the
     * page: {@code Content-Type: application/json} and the page's own {@code Origin}.
     *
     * @throws IllegalArgumentException naming the field, its value, N-6 and what to send, with
     *                                  nothing changed, for a body longer than 4096 characters or not
     *                                  such conditions
     */
    public String conditionsJson(String body) {
        if (body.length() > ConditionsJson.MAX_BODY) {
            throw new IllegalArgumentException("network conditions: a body of " + body.length()
                    + " characters is refused [N-6]; send a JSON object of at most " + ConditionsJson.MAX_BODY);
        }
        conditions(ConditionsJson.parse(json, body));
        return conditionsJson();
    }

    /**
     * One message of the page's stream: {@code call} with a call's JSON (all of it, each time it
     * changes), {@code status} with {@code {"dropped": n}}, the events the runtimes dropped for
     * this inspector, or {@code conditions} with the presets and each runtime's
     * {@link NetworkConditions} (at once, then on each change).
     *
     * @param event the Server-Sent Event's name
     * @param data its data, one line of JSON
     */
    public record PageEvent(String event, String data) {
    }

    /**
     * The page's stream, for a host that serves the page itself: every kept call first (the
     * replay), then each change; a {@code status} message at once and every 15 s, which keeps
     * proxies from closing the stream and lets a closed page be noticed; the runtimes' conditions
     * at once and whenever they change. Bounded: a reader that
     * falls behind loses the oldest messages, and never holds up the runtimes or the store.
     */
    public Flux<PageEvent> pageEvents() {
        Flux<PageEvent> calls = Flux.<PageEvent>create(sink -> {
            Runnable stop = store.listen(c -> sink.next(new PageEvent("call", rendered(c))));
            sink.onDispose(stop::run);
        }, FluxSink.OverflowStrategy.BUFFER)
                // the store's lock only ever hands a change on; this bound drops the oldest for a slow page
                .onBackpressureBuffer(STREAM_BUFFER, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST);
        Flux<PageEvent> status = Flux.interval(PING, PING).map(i -> statusEvent());
        // each runtime's conditions as they change (each starts with its current ones): the whole state each time
        Flux<PageEvent> conditions = Flux.merge(watched.keySet().stream()
                        .map(net -> net.networkState().conditionChanges()).toList())
                .onBackpressureLatest() // only the latest state matters
                .map(tick -> json.writeValueAsString(conditionsNode())).distinctUntilChanged()
                .map(data -> new PageEvent("conditions", data));
        // the replay, then the status at once (a reader knows the stream is open), then whatever comes
        return Flux.merge(calls, Mono.fromSupplier(this::statusEvent).concatWith(Flux.merge(status, conditions)));
    }

    // the last call rendered for the pages, and at which of the store's changes: guarded by the store's lock
    private @Nullable CallRecord renderedCall;
    private long renderedAt = -1;
    private String renderedJson = "";

    /**
     * {@code c} as a page's {@code call} message. The store tells every open page of one change in a
     * row, under its lock, so the JSON is made once per change, not once per page.
     */
    private String rendered(CallRecord c) {
        long at = store.changes();
        if (c != renderedCall || at != renderedAt) {
            renderedJson = json.writeValueAsString(PageJson.of(json, c));
            renderedCall = c;
            renderedAt = at;
        }
        return renderedJson;
    }

    private PageEvent statusEvent() {
        return new PageEvent("status", "{\"dropped\":" + store.dropped() + "}");
    }

    /**
     * One of the page's files, for a host that serves the page itself (the Spring starter):
     * {@code index.html}, {@code app.js} or {@code app.css}, with its content type.
     *
     * @param contentType the {@code Content-Type} to answer it with
     * @param body its bytes
     */
    public record PageFile(String contentType, byte[] body) {
    }

    /** The page's file {@code name}, read from the jar; empty for any name that is not one of them. */
    public static Optional<PageFile> pageFile(String name) {
        String type = PAGE_TYPES.get(name);
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = NetworkInspector.class.getResourceAsStream("page/" + name)) {
            return in == null ? Optional.empty() : Optional.of(new PageFile(type, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page's files and their types: nothing else is served. */
    private static final Map<String, String> PAGE_TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    /**
     * The headers every answer of the inspector carries: a Content-Security-Policy that lets the
     * page load nothing from elsewhere, no sniffing, no Referer (its URL holds the token), no caching.
     */
    public static Map<String, String> securityHeaders() {
        return SECURITY_HEADERS;
    }

    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");

    private static HttpServerResponse secured(HttpServerResponse res) {
        SECURITY_HEADERS.forEach(res::header);
        return res;
    }

    private Publisher<Void> resource(HttpServerResponse res, @Nullable String name) {
        Optional<PageFile> file = name == null ? Optional.empty() : pageFile(name);
        if (file.isEmpty()) {
            return res.status(HttpResponseStatus.NOT_FOUND).send();
        }
        return secured(res).header(HttpHeaderNames.CONTENT_TYPE, file.get().contentType())
                .sendByteArray(Mono.just(file.get().body()));
    }

    private Publisher<Void> events(HttpServerResponse res) {
        // the data is one line of JSON, so each message is one "data:" line
        return secured(res).sse().sendString(pageEvents().map(e -> "event: " + e.event() + "\ndata: " + e.data() + "\n\n"),
                StandardCharsets.UTF_8);
    }

    private Publisher<Void> harResponse(HttpServerResponse res) {
        return secured(res).header(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"mpnet.har\"")
                .sendString(Mono.fromCallable(this::har), StandardCharsets.UTF_8);
    }

    private Publisher<Void> answerJson(HttpServerResponse res, HttpResponseStatus status, ObjectNode body) {
        return secured(res).status(status).header(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .sendString(Mono.just(json.writeValueAsString(body)), StandardCharsets.UTF_8);
    }

    private Publisher<Void> refuse(HttpServerResponse res, HttpResponseStatus status, String why) {
        ObjectNode body = json.createObjectNode();
        body.put("error", why);
        return answerJson(res, status, body);
    }

    /**
     * The page's Throttling menu: a JSON body ({@link ConditionsJson#parse}) sets every runtime, or a
     * 4xx says why and changes nothing. Only the page itself gets here: besides the token, a
     * cross-site page cannot send {@code application/json} without a CORS preflight, which this
     * server never answers, and a browser names any other page in its {@code Origin}.
     */
    private Publisher<Void> setConditions(HttpServerRequest req, HttpServerResponse res) {
        String type = req.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        CharSequence mime = type == null ? null : HttpUtil.getMimeType(type);
        if (mime == null || !"application/json".contentEquals(mime.toString().toLowerCase(Locale.ROOT))) {
            return refuse(res, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "network conditions: Content-Type "
                    + (type == null ? "(none)" : type) + " is not application/json [N-6]; send the conditions as a JSON object");
        }
        String origin = req.requestHeaders().get(HttpHeaderNames.ORIGIN);
        InetSocketAddress local = req.hostAddress();
        int port = local == null ? -1 : local.getPort();
        if (origin != null && !origin.equals("http://127.0.0.1:" + port) && !origin.equals("http://localhost:" + port)) {
            return refuse(res, HttpResponseStatus.FORBIDDEN, "network conditions: a page of " + origin
                    + " may not set them [N-6]; use the inspector's own page, " + "http://127.0.0.1:" + port + "/<token>/");
        }
        // the length first, so a body is only read when it is small (Netty's decoder reads exactly that many bytes)
        String length = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        long bytes = -1;
        try {
            bytes = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            // refused below as a missing length
        }
        if (bytes < 0 || bytes > ConditionsJson.MAX_BODY) {
            return refuse(res, bytes < 0 ? HttpResponseStatus.LENGTH_REQUIRED : HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "network conditions: a body of " + (bytes < 0 ? "unknown length" : length + " bytes")
                            + " is refused [N-6]; send a JSON object of at most " + ConditionsJson.MAX_BODY
                            + " bytes with its Content-Length");
        }
        return req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(body -> {
            String answer;
            try {
                answer = conditionsJson(body);
            } catch (IllegalArgumentException e) {
                return Mono.from(refuse(res, HttpResponseStatus.BAD_REQUEST, e.getMessage()));
            }
            return Mono.from(secured(res).status(HttpResponseStatus.OK)
                    .header(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                    .sendString(Mono.just(answer), StandardCharsets.UTF_8));
        });
    }

    private static String newToken() {
        byte[] bytes = new byte[16]; // 128 bits
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Stops serving and listening; the runtimes go on. Blocks until the server is closed (at most 20 s). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            subscriptions.forEach(Disposable::dispose);
            if (server != null) {
                server.disposeNow(BIND_TIMEOUT);
            }
        }
    }

    /** The same as {@link #close()}. */
    @Override
    public void dispose() {
        close();
    }

    /** Whether {@link #close()} (or {@link #dispose()}) was called. */
    @Override
    public boolean isDisposed() {
        return closed.get();
    }

    /** Which runtimes an inspector watches, and how it serves them. */
    public static final class Builder {

        private final Map<MiniProgramNetwork, String> runtimes = new LinkedHashMap<>();
        private int port;
        private boolean masking = true;
        private boolean serve = true;
        private int capacity = 1000;

        private Builder() {
        }

        /** Watches {@code net}, labelled with its appid (and a number when two share one). */
        public Builder watch(MiniProgramNetwork net) {
            String label = net.config().appId();
            String unique = label;
            for (int i = 2; runtimes.containsValue(unique); i++) {
                unique = label + "-" + i;
            }
            return watch(net, unique);
        }

        /** Watches {@code net} under {@code label}, the name the page and the HAR's pages give it. */
        public Builder watch(MiniProgramNetwork net, String label) {
            runtimes.put(net, label);
            return this;
        }

        /** The loopback port to serve on; {@code 0} (the default) for a random free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("NetworkInspector.Builder.port(" + port + ") is not a port;"
                        + " give 1..65535, or 0 for a random free one");
            }
            this.port = port;
            return this;
        }

        /** Whether {@code Authorization}, {@code Cookie} and {@code Set-Cookie} values are masked (default on). */
        public Builder masking(boolean masking) {
            this.masking = masking;
            return this;
        }

        /** How many calls are kept, the oldest dropped first (default 1 000). */
        public Builder capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("NetworkInspector.Builder.capacity(" + capacity + ") keeps no call;"
                        + " give at least 1 (the default is 1000)");
            }
            this.capacity = capacity;
            return this;
        }

        /**
         * Whether to serve the page on loopback (default on); off for a host that serves the page
         * itself ({@link NetworkInspector#pageFile}, {@link NetworkInspector#pageEvents()}), or only wants the HAR.
         */
        public Builder serve(boolean serve) {
            this.serve = serve;
            return this;
        }

        /** Subscribes to the runtimes and starts serving. */
        public NetworkInspector start() {
            return new NetworkInspector(this);
        }
    }
}
