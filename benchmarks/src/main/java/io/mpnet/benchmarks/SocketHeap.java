package io.mpnet.benchmarks;

import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.SocketOptions;
import io.mpnet.runtime.SocketTask;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * Heap per open idle socket: {@value #SOCKETS} sockets opened through {@code connectSocket} (five per
 * runtime, S-4, over {@value #SOCKETS}/5 runtimes sharing one {@code MpNetResources}) against as many
 * raw Reactor Netty WebSocket connections, to the same loopback server in this JVM. The figure is
 * the used heap after a full GC with the sockets open minus before, divided by the sockets; the
 * server's side of each connection is in both figures, so their difference is what mpnet adds.
 * Not a JMH benchmark: JMH measures time, this measures retained memory.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.mpnet.benchmarks.SocketHeap}
 */
public final class SocketHeap {

    static final int SOCKETS = 500;
    static final String PEER = "192.168.50.20";

    private SocketHeap() {
    }

    public static void main(String[] args) throws Exception {
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.ws("/idle", (in, out) -> in.receive().then())).bindNow();
        MpNetResources resources = MpNetResources.create("heap", 100);
        try {
            NetworkConfig config = NetworkConfig.builder().appId("wx0123456789abcdef").host(PEER, "127.0.0.1").build();
            // warm both paths once so class loading and pools are not counted
            measureRaw(resources, server, 20);
            measureMpnet(resources, config, server, 20);
            for (int round = 0; round < 2; round++) {
                double raw = measureRaw(resources, server, SOCKETS);
                double mpnet = measureMpnet(resources, config, server, SOCKETS);
                System.out.printf("round %d: raw Reactor Netty %.0f B/socket, mpnet SocketTask %.0f B/socket,"
                        + " mpnet adds %.0f B (%.2f KiB) per socket%n", round, raw, mpnet, mpnet - raw, (mpnet - raw) / 1024);
            }
        } finally {
            resources.close();
            server.disposeNow();
        }
    }

    static double measureRaw(MpNetResources resources, DisposableServer server, int n) throws Exception {
        HttpClient client = HttpClient.newConnection().runOn(resources.loops());
        long before = usedAfterGc();
        CountDownLatch open = new CountDownLatch(n);
        List<Disposable> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sockets.add(client.websocket().uri("ws://127.0.0.1:" + server.port() + "/idle")
                    .handle((in, out) -> {
                        open.countDown();
                        return in.receive().then();
                    }).subscribe());
        }
        if (!open.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("raw sockets did not open");
        }
        long after = usedAfterGc();
        sockets.forEach(Disposable::dispose);
        Thread.sleep(500); // let the closes finish before the next measurement's baseline
        return (after - before) / (double) n;
    }

    static double measureMpnet(MpNetResources resources, NetworkConfig config, DisposableServer server, int n)
            throws Exception {
        List<MiniProgramNetwork> runtimes = new ArrayList<>();
        for (int i = 0; i < (n + 4) / 5; i++) {
            runtimes.add(MiniProgramNetwork.builder(config).resources(resources)
                    .device(DeviceView.of("192.168.50.10/24")).build());
        }
        long before = usedAfterGc(); // the runtimes themselves are not the sockets' cost
        List<SocketTask> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SocketTask t = runtimes.get(i / 5).connectSocket(SocketOptions.of("ws://" + PEER + ":" + server.port()
                    + "/idle")).block(Duration.ofSeconds(30));
            t.events().subscribe(); // an idle socket as an application holds it: its events followed
            sockets.add(t);
        }
        long after = usedAfterGc();
        sockets.forEach(t -> t.close().subscribe());
        Thread.sleep(500);
        runtimes.forEach(MiniProgramNetwork::close);
        return (after - before) / (double) n;
    }

    static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) { // the smallest of a few: a full GC can leave garbage of a running collector
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
