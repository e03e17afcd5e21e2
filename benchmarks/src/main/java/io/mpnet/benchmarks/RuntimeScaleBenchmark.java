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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Throughput of {@code request()} as the number of runtimes sharing one {@link MpNetResources} grows:
 * 10 callers (JMH threads, closed loop as in {@link ClientComparisonBenchmark}), each calling the
 * runtimes in turn from its own starting point, against the same loopback server (plain http, the
 * LAN peer). With one runtime the 10 callers just fill its 10 slots (L-1), so nobody queues. The cost of a call should
 * not depend on how many other, idle, mini programs the host runs, so the score should stay flat.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 3) // C2 needs 10-20 s on 2 cores to settle the whole client path
@Measurement(iterations = 5, time = 2)
@Threads(10)
@Fork(1)
public class RuntimeScaleBenchmark {

    /** Runtimes sharing the resources; calls go round-robin over all of them. */
    @Param({"1", "10", "100", "1000"})
    int runtimes;

    JsonServer server;
    MpNetResources resources;
    MiniProgramNetwork[] nets;
    RequestOptions options;

    /** A caller's place in the round: callers start spread out so they do not crowd one runtime. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void place(RuntimeScaleBenchmark bench, ThreadParams thread) {
            next = (int) ((long) thread.getThreadIndex() * bench.runtimes / thread.getThreadCount());
        }
    }

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
                .dataType(DataType.TEXT).build();
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

    /** One call on the caller's next runtime. */
    @Benchmark
    public Object call(Cursor cursor) {
        MiniProgramNetwork net = nets[cursor.next];
        cursor.next = cursor.next + 1 == nets.length ? 0 : cursor.next + 1;
        return net.request(options).block().data();
    }
}
