package io.mpnet.runtime;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
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
        DisposableServer s = HttpServer.create().host("127.0.0.1").port(0).route(routes).bindNow(WAIT);
        toClose.add(s::disposeNow);
        return s;
    }

    DisposableServer server(HttpServer configured) {
        DisposableServer s = configured.host("127.0.0.1").port(0).bindNow(WAIT);
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
