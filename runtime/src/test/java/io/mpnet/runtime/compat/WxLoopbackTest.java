package io.mpnet.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * What the callback-style tests share: a LAN peer ({@value #PEER}, mapped to 127.0.0.1, so plain
 * http and ws are allowed, P-10) served by a Reactor Netty server on loopback, a runtime reaching
 * it, and {@link Wx} over that runtime; made before each test and closed after it.
 */
abstract class WxLoopbackTest {

    static final String PEER = "192.168.50.20";

    MpNetResources resources;
    DisposableServer server;
    MiniProgramNetwork net;
    Wx wx;
    /** "success", "fail" and "complete", in the order the callbacks of {@link #options} ran. */
    final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

    /** The peer: {@code server} (127.0.0.1, port 0) with the test's routes. */
    abstract HttpServer peer(HttpServer server);

    /** The runtime's storage directory (D-4, D-6), or {@code null} for the default. */
    @Nullable Path storage() {
        return null;
    }

    /** The scheme of {@link #url}: {@code http}, or {@code ws} for the socket tests. */
    String scheme() {
        return "http";
    }

    @BeforeEach
    final void startPeer() {
        resources = MpNetResources.create(getClass().getSimpleName(), 20);
        server = peer(HttpServer.create().host("127.0.0.1").port(0)).bindNow(Duration.ofSeconds(10));
        MiniProgramNetwork.Builder b = MiniProgramNetwork.builder(NetworkConfig.builder().host(PEER, "127.0.0.1").build())
                .resources(resources).device(DeviceView.of("192.168.50.10/24"));
        Path storage = storage();
        if (storage != null) {
            b.storage(storage);
        }
        net = b.build();
        wx = Wx.of(net);
    }

    @AfterEach
    final void stopPeer() {
        net.close();
        server.disposeNow();
        resources.close();
    }

    String url(String path) {
        return scheme() + "://" + PEER + ":" + server.port() + path;
    }

    /** Options for {@code path} whose success and fail add their result to {@code results}; every callback goes to {@link #calls}. */
    Map<String, Object> options(String path, List<Map<String, Object>> results) {
        Map<String, Object> o = new HashMap<>();
        o.put("url", url(path));
        o.put("success", (Consumer<Map<String, Object>>) res -> {
            results.add(res);
            calls.add("success");
        });
        o.put("fail", (Consumer<Map<String, Object>>) err -> {
            results.add(err);
            calls.add("fail");
        });
        o.put("complete", (Consumer<Map<String, Object>>) res -> calls.add("complete"));
        return o;
    }

    /**
     * Runs {@code body} as one task on the event executor, as a JavaScript host would, and returns
     * what it made: events of a call made there wait until the task has returned.
     */
    <T> T inTask(java.util.function.Supplier<T> body) throws Exception {
        java.util.concurrent.CompletableFuture<T> made = new java.util.concurrent.CompletableFuture<>();
        wx.executor().execute(() -> made.complete(body.get()));
        return made.get(10, TimeUnit.SECONDS);
    }

    /**
     * Asserts that nothing more reaches {@code seen}: a marker queued now on the event executor, behind
     * every event already queued there, is the next thing it receives. No waiting on the clock.
     */
    void nothingMoreIn(BlockingQueue<String> seen) throws InterruptedException {
        wx.executor().execute(() -> seen.add("(nothing more)"));
        assertThat(seen.poll(10, TimeUnit.SECONDS)).as("nothing before the marker").isEqualTo("(nothing more)");
    }

    /** The next callback of {@link #options}, waited for up to 10 s. */
    String next() throws InterruptedException {
        String c = calls.poll(10, TimeUnit.SECONDS);
        assertThat(c).as("a callback within 10 s").isNotNull();
        return c;
    }
}
