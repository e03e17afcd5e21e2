package io.mpnet.benchmarks;

import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.DownloadOptions;
import io.mpnet.runtime.DownloadResult;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.TransferEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * {@code downloadFile()} of a 64 MiB body to a file, against raw Reactor Netty {@code HttpClient}
 * writing the same body to a file the same way (each buffer on the event loop, before the next),
 * on the same loopback server, event loops and pool. The difference is what mpnet adds: the
 * stages, the temp file's creation, progress events and the result. Each operation deletes its file.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 6, time = 3) // C2 needs 10-20 s on 2 cores to settle the whole client path
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class DownloadBenchmark {

    static final int SIZE = 64 * 1024 * 1024;
    static final int CHUNK = 64 * 1024;
    static final String PEER = "192.168.50.20";

    Path dir;
    DisposableServer server;
    MpNetResources resources;
    MiniProgramNetwork net;
    HttpClient raw;
    DownloadOptions options;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dir = Files.createTempDirectory("mpnet-download-bench");
        byte[] pattern = new byte[CHUNK];
        new Random(1).nextBytes(pattern);
        ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.directBuffer(CHUNK).writeBytes(pattern));
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/big", (req, res) -> res.header("content-length", String.valueOf(SIZE))
                        .send(Flux.range(0, SIZE / CHUNK).map(i -> chunk.duplicate()))))
                .bindNow();
        resources = MpNetResources.create("bench", 100);
        NetworkConfig config = NetworkConfig.builder().appId("wx0123456789abcdef").host(PEER, "127.0.0.1").build();
        net = MiniProgramNetwork.builder(config).resources(resources).device(DeviceView.of("192.168.50.10/24"))
                .storage(dir.resolve("mpnet")).build();
        raw = HttpClient.create(resources.connectionProvider()).runOn(resources.loops())
                .baseUrl("http://127.0.0.1:" + server.port());
        options = DownloadOptions.builder("http://" + PEER + ":" + server.port() + "/big").build();
        if (mpnet() != SIZE || raw() != SIZE) {
            throw new IllegalStateException("both clients must write the whole body");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        net.close();
        resources.close();
        server.disposeNow();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long mpnet() throws IOException {
        DownloadResult r = net.downloadFile(options).as(TransferEvent::downloadResult).block(Duration.ofSeconds(60));
        Files.delete(r.path());
        return r.size();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long raw() throws IOException {
        Path file = Files.createTempFile(dir, "raw", ".bin");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        try {
            Long n = raw.get().uri("/big").responseContent().map(buf -> {
                int len = buf.readableBytes();
                try {
                    for (ByteBuffer b : buf.nioBuffers()) {
                        while (b.hasRemaining()) {
                            ch.write(b);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return (long) len;
            }).reduce(0L, Long::sum).switchIfEmpty(Mono.just(0L)).block(Duration.ofSeconds(60));
            return n == null ? 0 : n;
        } finally {
            ch.close();
            Files.delete(file);
        }
    }
}
