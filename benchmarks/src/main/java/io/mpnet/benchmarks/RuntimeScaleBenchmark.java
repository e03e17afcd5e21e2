package io.mpnet.benchmarks;

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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;

/**
 * Throughput of {@code request()} as the number of runtimes sharing one {@link MpNetResources} grows:
 * one operation is 10 concurrent calls, each on the next runtime in turn, against the loopback
 * server of {@link ClientComparisonBenchmark} (plain http, the LAN peer). The cost of a call should
 * not depend on how many other, idle, mini programs the host runs, so the score should stay flat.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuntimeScaleBenchmark {

    /** Runtimes sharing the resources; calls go round-robin over all of them. */
    @Param({"1", "10", "100", "1000"})
    int runtimes;

    JsonServer server;
    MpNetResources resources;
    MiniProgramNetwork[] nets;
    RequestOptions options;
    int next;

    @Setup(Level.Trial)
    public void start() {
        server = JsonServer.http();
        resources = MpNetResources.create("bench", 200);
        NetworkConfig config = NetworkConfig.builder().appId("wx0123456789abcdef")
                .host(RequestBenchmark.PEER, "127.0.0.1").build();
        nets = new MiniProgramNetwork[runtimes];
        for (int i = 0; i < runtimes; i++) {
            nets[i] = MiniProgramNetwork.builder(config).resources(resources)
                    .device(DeviceView.of("192.168.50.10/24")).build();
        }
        options = RequestOptions.get("http://" + RequestBenchmark.PEER + ":" + server.port() + "/json")
                .dataType("text").build();
        for (MiniProgramNetwork net : nets) {
            if (!RequestBenchmark.BODY.equals(net.request(options).block(Duration.ofSeconds(10)).data())) {
                throw new IllegalStateException("every runtime must read the body");
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        for (MiniProgramNetwork net : nets) {
            net.close();
        }
        resources.close();
        server.close();
    }

    /** 10 concurrent calls, each on the next runtime (one JMH thread, so the counter needs no lock). */
    @Benchmark
    public Long batch10() {
        return Flux.range(0, 10).flatMap(i -> {
            MiniProgramNetwork net = nets[next];
            next = next + 1 == nets.length ? 0 : next + 1;
            return net.request(options);
        }, 10).count().block();
    }
}
