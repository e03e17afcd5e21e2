package io.mpnet.benchmarks;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DataType;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.RequestOptions;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * One keep-alive GET of a small JSON body from the same loopback Reactor Netty server, by the clients
 * a JVM or Android host would otherwise pick: mpnet {@code request()}, raw Reactor Netty
 * {@code HttpClient}, Spring {@code WebClient} on the Reactor Netty connector, the JDK
 * {@code java.net.http.HttpClient} ({@code sendAsync}) and OkHttp ({@code enqueue}).
 *
 * <p>Callers are JMH threads ({@code -t 1}, {@code -t 10}, {@code -t 100}): each starts a call, waits
 * for its body, and starts the next, so in sample mode the score is the latency of one call with that
 * many in flight, and throughput is callers / mean latency. One mpnet runtime lets 10 calls through
 * at a time and queues the rest (L-1, the platform's limit); {@code mpnet10x10} spreads the callers
 * over 10 runtimes sharing one {@link MpNetResources}, the shape of 10 mini programs in one host.
 * Run with {@code -prof gc} for the bytes allocated per call (by every thread of the JVM: the client's
 * event loops and the server's included, the same server for every client).
 *
 * <p>Nothing leaves loopback and nothing asks DNS: mpnet reaches the plain server as the LAN peer
 * {@value #PEER} and the TLS one as {@value JsonServer#HOST}, both mapped to 127.0.0.1 by the config's
 * {@code hosts}; the other clients use {@code 127.0.0.1} URLs (the certificate also names that IP),
 * and OkHttp gets a {@code Dns} that answers 127.0.0.1 and refuses every other name.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3) // C2 needs 10-20 s on 2 cores to settle the whole client path
@Measurement(iterations = 5, time = 2)
@Threads(10)
@Fork(1)
public class ClientComparisonBenchmark {

    static final String PEER = RequestBenchmark.PEER;
    static final String BODY = RequestBenchmark.BODY;

    /** Which client makes the call. */
    @Param({"mpnet", "mpnet10x10", "reactorNetty", "webClient", "jdk", "okhttp"})
    String client;

    /** {@code http} or {@code https} (TLS 1.3, a throwaway CA, keep-alive so one handshake per connection). */
    @Param({"http", "https"})
    String scheme;

    JsonServer server;
    MpNetResources resources;
    final List<MiniProgramNetwork> runtimes = new ArrayList<>();
    OkHttpClient okhttp;
    final List<BlockingCall> calls = new ArrayList<>();

    /** One call, waited for; returns the body. */
    @FunctionalInterface
    interface BlockingCall {
        String call() throws Exception;
    }

    /** The call a JMH thread makes: its own runtime in {@code mpnet10x10}, the shared client otherwise. */
    @State(Scope.Thread)
    public static class Caller {
        BlockingCall call;

        @Setup(Level.Trial)
        public void pick(ClientComparisonBenchmark bench, ThreadParams thread) {
            call = bench.calls.get(thread.getThreadIndex() % bench.calls.size());
        }
    }

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) throws Exception {
        boolean tls = "https".equals(scheme);
        server = tls ? JsonServer.https() : JsonServer.http();
        resources = MpNetResources.create("bench", 200);
        switch (client) {
            case "mpnet" -> calls.add(mpnet());
            case "mpnet10x10" -> {
                for (int i = 0; i < 10; i++) {
                    calls.add(mpnet());
                }
            }
            case "reactorNetty" -> calls.add(reactorNetty());
            case "webClient" -> calls.add(webClient());
            case "jdk" -> calls.add(jdk());
            case "okhttp" -> calls.add(okhttp(params.getThreads()));
            default -> throw new IllegalArgumentException("unknown client " + client);
        }
        for (BlockingCall c : calls) {
            String body = c.call();
            if (!BODY.equals(body)) {
                throw new IllegalStateException(client + " read '" + body + "' instead of the JSON body");
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        runtimes.forEach(MiniProgramNetwork::close);
        if (okhttp != null) {
            okhttp.dispatcher().executorService().shutdown();
            okhttp.connectionPool().evictAll();
        }
        resources.close();
        server.close();
    }

    @Benchmark
    public String call(Caller caller) throws Exception {
        return caller.call.call();
    }

    private BlockingCall mpnet() {
        MiniProgramNetwork net = mpnetRuntime(server, resources);
        runtimes.add(net);
        RequestOptions options = mpnetOptions(server);
        return () -> (String) net.request(options).block().data();
    }

    /**
     * An mpnet runtime on {@code resources} reaching {@code server}: over TLS by {@value JsonServer#HOST}
     * with the server's trust store, in plain http as the LAN peer {@value #PEER}; both mapped to
     * 127.0.0.1 by the config's {@code hosts}.
     */
    static MiniProgramNetwork mpnetRuntime(JsonServer server, MpNetResources resources) {
        NetworkConfig.Builder config = NetworkConfig.builder().appId("wx0123456789abcdef");
        MiniProgramNetwork.Builder builder;
        if (server.secure()) {
            config.domains(ApiKind.REQUEST, "https://" + JsonServer.HOST + ":" + server.port())
                    .host(JsonServer.HOST, "127.0.0.1");
            builder = MiniProgramNetwork.builder(config.build()).trustStore(server.trustStore());
        } else {
            // a simulated LAN: the peer (P-10, plain http allowed) is dialled at loopback
            config.host(PEER, "127.0.0.1");
            builder = MiniProgramNetwork.builder(config.build());
        }
        return builder.resources(resources).device(DeviceView.of("192.168.50.10/24")).build();
    }

    /** The GET of the JSON body, read as text, that every mpnet call of the comparisons makes. */
    static RequestOptions mpnetOptions(JsonServer server) {
        String url = server.secure() ? "https://" + JsonServer.HOST + ":" + server.port() + "/json"
                : "http://" + PEER + ":" + server.port() + "/json";
        return RequestOptions.get(url).dataType(DataType.TEXT).build();
    }

    /** Reactor Netty on the same event loops and pool mpnet uses. */
    static HttpClient reactorNettyClient(JsonServer server, MpNetResources resources) throws SSLException {
        HttpClient c = HttpClient.create(resources.connectionProvider()).runOn(resources.loops())
                .baseUrl(server.ipBase());
        if (server.secure()) {
            SslContext ctx = SslContextBuilder.forClient().trustManager(server.pki().root()).build();
            c = c.secure(spec -> spec.sslContext(ctx));
        }
        return c;
    }

    /** The raw Reactor Netty call: the same GET, the body aggregated and read as a String. */
    static String reactorNettyCall(HttpClient client) {
        return client.get().uri("/json").responseSingle((res, body) -> body.asString()).block();
    }

    private BlockingCall reactorNetty() throws SSLException {
        HttpClient c = reactorNettyClient(server, resources);
        return () -> reactorNettyCall(c);
    }

    private BlockingCall webClient() throws SSLException {
        WebClient c = WebClient.builder().clientConnector(new ReactorClientHttpConnector(reactorNettyClient(server, resources)))
                .baseUrl(server.ipBase()).build();
        return () -> c.get().uri("/json").retrieve().bodyToMono(String.class).block();
    }

    private BlockingCall jdk() {
        java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder()
                // HTTP/1.1 like the others: the default would try an h2c upgrade on plain http
                .version(java.net.http.HttpClient.Version.HTTP_1_1);
        if (server.secure()) {
            b.sslContext(server.sslContext());
        }
        java.net.http.HttpClient c = b.build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.ipBase() + "/json")).GET().build();
        return () -> c.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body).get();
    }

    private BlockingCall okhttp(int callers) {
        // OkHttp's defaults (5 calls per host, 5 idle connections) would queue and churn connections
        // at 10 and 100 callers; a user comparing clients would raise them, so they are raised here.
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(Math.max(64, callers * 2));
        dispatcher.setMaxRequestsPerHost(Math.max(5, callers * 2));
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(Math.max(5, callers * 2), 5, TimeUnit.MINUTES))
                .protocols(List.of(Protocol.HTTP_1_1))
                .dns(host -> {
                    if (!"127.0.0.1".equals(host)) {
                        throw new UnknownHostException(host + ": the benchmark resolves nothing but 127.0.0.1");
                    }
                    return List.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
                });
        if (server.secure()) {
            b.sslSocketFactory(server.sslContext().getSocketFactory(), server.trustManager());
        }
        okhttp = b.build();
        Request request = new Request.Builder().url(server.ipBase() + "/json").build();
        OkHttpClient c = okhttp;
        return () -> {
            CompletableFuture<String> body = new CompletableFuture<>();
            c.newCall(request).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    body.completeExceptionally(e);
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (ResponseBody b = response.body()) {
                        body.complete(b.string());
                    } catch (IOException e) {
                        body.completeExceptionally(e);
                    }
                }
            });
            return body.get();
        };
    }
}
