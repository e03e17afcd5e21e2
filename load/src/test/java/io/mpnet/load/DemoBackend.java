package io.mpnet.load;

import io.mpnet.testing.KeepAliveReads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The backend of the README's load-mode transcript, on 127.0.0.1: {@code POST /login} answers a
 * token, {@code GET /feed} answers in about 2 ms but stalls for 1 s every 10 s, {@code GET /avatar}
 * is 64 KiB, {@code /chat} is a WebSocket echo. Run:
 * {@code java -cp load/target/test-classes:testing/target/classes:load/target/mpnet-load.jar io.mpnet.load.DemoBackend 8089}.
 */
final class DemoBackend {

    private DemoBackend() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        long start = System.nanoTime();
        DisposableServer server = KeepAliveReads.rearmed(HttpServer.create()).host("127.0.0.1").port(port)
                .route(r -> r
                        .post("/login", (req, res) -> res.header("content-type", "application/json")
                                .sendString(req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                                        .map(b -> "{\"token\":\"t" + Long.toHexString(System.nanoTime()) + "\"}")))
                        .get("/feed", (req, res) -> {
                            long phase = Duration.ofNanos(System.nanoTime() - start).toMillis() % 10_000;
                            long stall = phase >= 9_000 ? 10_000 - phase : 0; // a GC pause, a lock, a slow disk...
                            return res.header("content-type", "application/json")
                                    .sendString(Mono.just("{\"items\":[1,2,3]}").delayElement(Duration.ofMillis(stall + 2)));
                        })
                        .get("/avatar", (req, res) -> res.sendByteArray(Mono.just(new byte[64 * 1024])))
                        .ws("/chat", (in, out) -> out.sendString(in.receive().asString().map(m -> "echo " + m))))
                .bindNow(Duration.ofSeconds(10));
        System.out.println("demo backend on http://127.0.0.1:" + server.port());
        new CountDownLatch(1).await();
    }
}
