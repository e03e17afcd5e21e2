package io.mpnet.inspector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.DeviceView;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.DownloadOptions;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.RequestOptions;
import io.mpnet.runtime.SocketEvent;
import io.mpnet.runtime.SocketOptions;
import io.mpnet.runtime.SocketTask;
import io.mpnet.testing.Await;
import io.mpnet.testing.KeepAliveReads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.databind.JsonNode;

/**
 * Base of the inspector's tests, in the runtime's loopback style: real Reactor Netty servers on
 * 127.0.0.1 port 0, reached as the LAN peer {@code 192.168.50.20} that the config maps to loopback
 * (device {@code 192.168.50.10/24}, so plain http is allowed, P-10). Everything started is closed
 * after each test.
 */
abstract class InspectorTestBase {

    static final String LAN_PEER = "192.168.50.20";
    static final DeviceView DEVICE = DeviceView.of("192.168.50.10/24");
    static final Duration WAIT = Duration.ofSeconds(10);

    static MpNetResources resources;

    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startResources() {
        resources = MpNetResources.create("mpnet-inspector-test", 100);
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
        DisposableServer s = KeepAliveReads.rearmed(HttpServer.create()).host("127.0.0.1").port(0).route(routes)
                .bindNow(WAIT);
        toClose.add(s::disposeNow);
        return s;
    }

    static NetworkConfig.Builder lanConfig() {
        return NetworkConfig.builder().appId("wx0123456789abcdef").version("0").host(LAN_PEER, "127.0.0.1");
    }

    static String lan(DisposableServer server, String path) {
        return "http://" + LAN_PEER + ":" + server.port() + path;
    }

    static String ws(DisposableServer server, String path) {
        return "ws://" + LAN_PEER + ":" + server.port() + path;
    }

    MiniProgramNetwork lanRuntime() {
        MiniProgramNetwork net = MiniProgramNetwork.builder(lanConfig().build()).resources(resources).device(DEVICE).build();
        toClose.add(net);
        return net;
    }

    /** A server with a JSON answer (setting a cookie), a 500, a 64 KiB file and a WebSocket echo. */
    DisposableServer backend() {
        byte[] file = new byte[64 * 1024];
        return server(r -> r
                .get("/user", (req, res) -> res.header("Content-Type", "application/json")
                        .header("Set-Cookie", "session=s3cr3t; Path=/").sendString(Mono.just("{\"name\":\"mp\"}")))
                .get("/boom", (req, res) -> res.status(500).header("Content-Type", "text/plain")
                        .sendString(Mono.just("it broke")))
                .get("/file.bin", (req, res) -> res.header("Content-Length", String.valueOf(file.length))
                        .header("Content-Type", "application/octet-stream").sendByteArray(Mono.just(file)))
                .ws("/echo", (in, out) -> out.sendString(in.receive().asString())));
    }

    /**
     * One call of each kind the inspector shows: a request with credentials and a query, one the
     * policy refuses (P-2), one answered 500, a download, and a socket with a frame each way.
     * Returns how many calls were made.
     */
    static int makeCalls(MiniProgramNetwork net, DisposableServer s) {
        net.request(RequestOptions.get(lan(s, "/user?id=7&lang=en")).header("Authorization", "Bearer t0ken")
                .header("Cookie", "session=s3cr3t").build()).block(WAIT);
        assertThatThrownBy(() -> net.request(RequestOptions.get("https://evil.example.org/steal").build()).block(WAIT))
                .isInstanceOf(MpNetException.class);
        net.request(RequestOptions.get(lan(s, "/boom")).build()).block(WAIT);
        net.downloadFile(DownloadOptions.builder(lan(s, "/file.bin")).build()).blockLast(WAIT);
        SocketTask task = net.connectSocket(SocketOptions.of(ws(s, "/echo"))).block(WAIT);
        assertThat(task).isNotNull();
        List<SocketEvent> events = new CopyOnWriteArrayList<>();
        task.events().subscribe(events::add);
        task.send("hello, inspector").block(WAIT);
        Await.until(WAIT, "the echo", () -> events.stream().anyMatch(e -> e instanceof SocketEvent.Message));
        task.close().block(WAIT);
        return 5;
    }

    /** Waits until the inspector's HAR holds {@code n} entries, none in flight, and returns it. */
    static JsonNode awaitHar(NetworkInspector inspector, int n) {
        return Await.until(WAIT, n + " finished calls in the HAR", inspector::harNode, har -> {
            JsonNode entries = har.get("log").get("entries");
            if (entries.size() != n) {
                return false;
            }
            for (JsonNode e : entries) {
                if (e.has("_inFlight")) {
                    return false;
                }
            }
            return true;
        });
    }

    NetworkInspector inspector(NetworkInspector.Builder builder) {
        NetworkInspector inspector = builder.start();
        toClose.add(inspector);
        return inspector;
    }
}
