package io.mpnet.benchmarks;

import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.SocketEvent;
import io.mpnet.runtime.SocketOptions;
import io.mpnet.runtime.SocketTask;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Echo round trips over one open socket: {@code SocketTask} against a raw Reactor Netty WebSocket
 * client on the same loopback server and the same event loops. Both send a text frame and receive
 * the echo as a String through a queue the benchmark thread waits on, so the difference is what
 * mpnet adds per message: the cold send with its outbound bound, the frame aggregation and the
 * event records.
 *
 * <p>{@code *PingPong}: one message, then its echo, per operation. {@code *Burst100}: 100 messages
 * sent without waiting, then their 100 echoes, per operation (throughput with writes in flight).
 */
@State(Scope.Benchmark)
@Warmup(iterations = 6, time = 3) // C2 needs 10-20 s on 2 cores to settle the whole client path
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SocketEchoBenchmark {

    static final String PEER = "192.168.50.20";
    static final String MESSAGE = "{\"op\":\"move\",\"x\":12,\"y\":34,\"seq\":5678}";

    DisposableServer server;
    MpNetResources resources;
    MiniProgramNetwork net;
    SocketTask task;
    final BlockingQueue<String> mpnetEchoes = new LinkedBlockingQueue<>();
    WebsocketOutbound rawOut;
    reactor.core.Disposable rawConnection;
    final BlockingQueue<String> rawEchoes = new LinkedBlockingQueue<>();

    @Setup(Level.Trial)
    public void start() throws Exception {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.ws("/echo", (in, out) -> out.sendObject(in.receiveFrames()
                        .filter(f -> f instanceof TextWebSocketFrame).map(WebSocketFrame::retain))))
                .bindNow();
        resources = MpNetResources.create("bench", 100);
        // a simulated LAN: the peer 192.168.50.20 (P-10, plain ws allowed) is dialled at loopback
        NetworkConfig config = NetworkConfig.builder().appId("wx0123456789abcdef").host(PEER, "127.0.0.1").build();
        net = MiniProgramNetwork.builder(config).resources(resources).device(DeviceView.of("192.168.50.10/24")).build();
        task = net.connectSocket(SocketOptions.builder("ws://" + PEER + ":" + server.port() + "/echo").tcpNoDelay(true)
                .build()).block(Duration.ofSeconds(10));
        task.events().subscribe(e -> {
            if (e instanceof SocketEvent.Message m) {
                mpnetEchoes.add(m.text());
            }
        });

        CountDownLatch open = new CountDownLatch(1);
        AtomicReference<WebsocketOutbound> out = new AtomicReference<>();
        rawConnection = HttpClient.newConnection().runOn(resources.loops()).websocket()
                .uri("ws://127.0.0.1:" + server.port() + "/echo")
                .handle((in, o) -> {
                    out.set(o);
                    open.countDown();
                    return in.receive().asString().doOnNext(rawEchoes::add).then();
                })
                .subscribe();
        if (!open.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the raw client did not open");
        }
        rawOut = out.get();
        if (!MESSAGE.equals(mpnetPingPong()) || !MESSAGE.equals(rawPingPong())) {
            throw new IllegalStateException("both clients must echo");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        rawConnection.dispose();
        net.close();
        resources.close();
        server.disposeNow();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public String mpnetPingPong() throws InterruptedException {
        task.send(MESSAGE).subscribe();
        return mpnetEchoes.take();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public String rawPingPong() throws InterruptedException {
        rawOut.sendString(Mono.just(MESSAGE)).then().subscribe();
        return rawEchoes.take();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int mpnetBurst100() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            task.send(MESSAGE).subscribe();
        }
        int n = 0;
        for (int i = 0; i < 100; i++) {
            n += mpnetEchoes.take().length();
        }
        return n;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int rawBurst100() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            rawOut.sendString(Mono.just(MESSAGE)).then().subscribe();
        }
        int n = 0;
        for (int i = 0; i < 100; i++) {
            n += rawEchoes.take().length();
        }
        return n;
    }
}
