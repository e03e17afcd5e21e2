package io.mpnet.runtime;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.testing.Await;
import io.mpnet.testing.KeepAliveReads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * Base of the integration tests: real Reactor Netty servers on 127.0.0.1 port 0, reached either
 * as a LAN peer ({@code 192.168.50.20} mapped to loopback by the config's hosts, device
 * {@code 192.168.50.10/24}: plain http is allowed there, P-10) or by a configured name such as
 * {@code api.example.com} mapped to loopback. Everything started is disposed after each test.
 */
abstract class LoopbackTest {

    static final String LAN_PEER = "192.168.50.20";
    static final DeviceView DEVICE = DeviceView.of("192.168.50.10/24");
    static final Duration WAIT = Duration.ofSeconds(10);

    static MpNetResources resources;

    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startResources() {
        resources = MpNetResources.create("mpnet-test", 100);
    }

    @AfterAll
    static void stopResources() {
        resources.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    DisposableServer server(Consumer<? super HttpServerRoutes> routes) {
        DisposableServer s = KeepAliveReads.rearmed(HttpServer.create()).host("127.0.0.1").port(0).route(routes).bindNow(WAIT);
        toClose.add(s::disposeNow);
        return s;
    }

    /** Open server-side connections, counted as the server sees them. */
    final java.util.concurrent.atomic.AtomicInteger openConnections = new java.util.concurrent.atomic.AtomicInteger();
    /** Connections the server has accepted in all. */
    final java.util.concurrent.atomic.AtomicInteger acceptedConnections = new java.util.concurrent.atomic.AtomicInteger();
    /** Requests the server has received, in order: a test waits on it to know a call is in flight. */
    final java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();

    /** A server that counts its connections and notes each request's path in {@link #received}. */
    DisposableServer countingServer(Consumer<? super HttpServerRoutes> routes) {
        return server(HttpServer.create()
                // per channel, not doOnConnection, which HTTP/1.1 keep-alive calls once per request
                .doOnChannelInit((observer, channel, remote) -> {
                    acceptedConnections.incrementAndGet();
                    openConnections.incrementAndGet();
                    channel.closeFuture().addListener(f -> openConnections.decrementAndGet());
                })
                .route(r -> {
                    routes.accept(r);
                }));
    }

    /** Waits (bounded) until the server saw a request, so a call is known to be in flight. */
    String awaitRequest() throws InterruptedException {
        String path = received.poll(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        org.assertj.core.api.Assertions.assertThat(path).as("a request reached the server").isNotNull();
        return path;
    }

    /** Waits (bounded; the server's close has no event to wait on) until the server has no open connection. */
    void awaitNoOpenConnection() throws InterruptedException {
        Await.until(WAIT, "the server's open connections to be 0", openConnections::get, n -> n == 0);
        org.assertj.core.api.Assertions.assertThat(openConnections.get()).as("open server connections").isZero();
    }

    DisposableServer server(HttpServer configured) {
        DisposableServer s = KeepAliveReads.rearmed(configured).host("127.0.0.1").port(0).bindNow(WAIT);
        toClose.add(s::disposeNow);
        return s;
    }

    /** A config whose LAN peer 192.168.50.20 is dialled at loopback. */
    static NetworkConfig.Builder lanConfig() {
        return NetworkConfig.builder().appId("wx0123456789abcdef").version("0").host(LAN_PEER, "127.0.0.1");
    }

    /** The http URL of {@code path} on the LAN peer served by {@code server}. */
    static String lan(DisposableServer server, String path) {
        return "http://" + LAN_PEER + ":" + server.port() + path;
    }

    MiniProgramNetwork runtime(NetworkConfig config) {
        return runtime(MiniProgramNetwork.builder(config));
    }

    MiniProgramNetwork runtime(MiniProgramNetwork.Builder builder) {
        MiniProgramNetwork net = builder.resources(resources).device(DEVICE).build();
        toClose.add(net);
        return net;
    }

    MiniProgramNetwork lanRuntime() {
        return runtime(lanConfig().build());
    }

    static NetworkConfig.Builder domainConfig(String domain, int port) {
        return lanConfig().domains(ApiKind.REQUEST, "https://" + domain + ":" + port).host(domain, "127.0.0.1");
    }
}
