package io.mpnet.benchmarks;

import io.mpnet.policy.DataType;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.RequestOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * {@code request()} against raw Reactor Netty {@code HttpClient} on the same loopback server and
 * the same event loops and pool: keep-alive, a small JSON body read as text, 10 calls in flight
 * (the platform's limit, L-1). The difference is what mpnet adds per call: option checks, the
 * policy, lifecycle, timeout, the gate, address vetting, the Referer and profile timings.
 *
 * <p>{@code *Batch10}: throughput, one operation = 10 concurrent calls. {@code *Single} with 10
 * threads: latency percentiles of one call while 10 are in flight. Run with {@code -prof gc} for
 * the allocation per call (divide the batch figure by 10).
 */
@State(Scope.Benchmark)
@Warmup(iterations = 6, time = 3) // C2 needs 10-20 s on 2 cores to settle the whole client path
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestBenchmark {

    static final String BODY = "{\"ok\":true,\"user\":{\"id\":42,\"name\":\"mini program\"},\"items\":[1,2,3]}";
    static final String PEER = "192.168.50.20";

    DisposableServer server;
    MpNetResources resources;
    MiniProgramNetwork net;
    HttpClient raw;
    RequestOptions options;

    @Setup(Level.Trial)
    public void start() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/json", (req, res) -> res.header("content-type", "application/json")
                        .sendString(Mono.just(BODY))))
                .bindNow();
        resources = MpNetResources.create("bench", 100);
        // a simulated LAN: the peer 192.168.50.20 (P-10, plain http allowed) is dialled at loopback
        NetworkConfig config = NetworkConfig.builder().appId("wx0123456789abcdef").host(PEER, "127.0.0.1").build();
        net = MiniProgramNetwork.builder(config).resources(resources).device(DeviceView.of("192.168.50.10/24")).build();
        raw = HttpClient.create(resources.connectionProvider()).runOn(resources.loops())
                .baseUrl("http://127.0.0.1:" + server.port());
        options = RequestOptions.get("http://" + PEER + ":" + server.port() + "/json").dataType(DataType.TEXT).build();
        if (!BODY.equals(mpnetCall().block(Duration.ofSeconds(10))) || !BODY.equals(rawCall().block(Duration.ofSeconds(10)))) {
            throw new IllegalStateException("both clients must read the body");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        net.close();
        resources.close();
        server.disposeNow();
    }

    Mono<String> mpnetCall() {
        return net.request(options).map(r -> (String) r.data());
    }

    Mono<String> rawCall() {
        return raw.get().uri("/json").responseSingle((res, body) -> body.asString());
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Long mpnetBatch10() {
        return Flux.range(0, 10).flatMap(i -> mpnetCall(), 10).count().block();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Long rawBatch10() {
        return Flux.range(0, 10).flatMap(i -> rawCall(), 10).count().block();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(10)
    public String mpnetSingle() {
        return mpnetCall().block();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(10)
    public String rawSingle() {
        return rawCall().block();
    }
}
