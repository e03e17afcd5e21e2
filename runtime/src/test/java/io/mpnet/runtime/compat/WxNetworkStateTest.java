package io.mpnet.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.DownloadOptions;
import io.mpnet.runtime.NetworkState;
import io.mpnet.runtime.RequestOptions;
import io.mpnet.runtime.SocketOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** N-5: the phone's network as the host sets it, in the Java API and in compat. */
class WxNetworkStateTest extends WxLoopbackTest {

    final AtomicInteger hits = new AtomicInteger();

    @Override
    HttpServer peer(HttpServer server) {
        return server.route(r -> r
                .get("/ok", (req, res) -> {
                    hits.incrementAndGet();
                    return res.sendString(Mono.just("hello"));
                })
                .ws("/ws", (in, out) -> {
                    hits.incrementAndGet();
                    return out.neverComplete();
                }));
    }

    void noNetwork(MpNetException e, String errMsg) {
        assertThat(e.rule()).isEqualTo("N-5");
        assertThat(e.errMsg()).isEqualTo(errMsg);
        assertThat(e.errno()).as("the errno catalogue has no code for it").isEmpty();
    }

    @Test
    @DisplayName("N-5 with networkType none, request, downloadFile and connectSocket fail at once: no slot, nothing sent; wifi again lets them run")
    void noneRefusesEveryCall() {
        net.networkState().type(NetworkState.Type.NONE);
        StepVerifier.create(net.request(RequestOptions.builder(url("/ok")).build()))
                .expectErrorSatisfies(e -> noNetwork((MpNetException) e, "request:fail network error"))
                .verify(Duration.ofSeconds(30));
        StepVerifier.create(net.downloadFile(DownloadOptions.builder(url("/ok")).build()))
                .expectErrorSatisfies(e -> noNetwork((MpNetException) e, "downloadFile:fail network error"))
                .verify(Duration.ofSeconds(30));
        StepVerifier.create(net.connectSocket(SocketOptions.builder("ws://" + PEER + ":" + server.port() + "/ws").build()))
                .expectErrorSatisfies(e -> noNetwork((MpNetException) e, "connectSocket:fail network error"))
                .verify(Duration.ofSeconds(30));
        assertThat(hits).hasValue(0);
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(net.openSockets()).isZero();

        net.networkState().type(NetworkState.Type.G4);
        StepVerifier.create(net.request(RequestOptions.builder(url("/ok")).build()))
                .expectNextMatches(r -> r.statusCode() == 200)
                .expectComplete().verify(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("N-5 wx.request with networkType none: fail with request:fail network error, rule N-5 and no errno, then complete")
    void compatRequestFails() throws Exception {
        net.networkState().type(NetworkState.Type.NONE);
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        wx.request(options("/ok", results));
        assertThat(next()).isEqualTo("fail");
        assertThat(next()).isEqualTo("complete");
        assertThat(results.get(0)).containsEntry("errMsg", "request:fail network error").containsEntry("rule", "N-5")
                .doesNotContainKey("errno");
        assertThat(hits).hasValue(0);
    }

    @Test
    @DisplayName("N-5 wx.getNetworkType reports the host's type and weakNet; onNetworkStatusChange and onNetworkWeakChange hear changes; off*() removes every listener")
    void networkTypeAndEvents() throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        wx.getNetworkType(options("/unused", results));
        assertThat(next()).isEqualTo("success");
        assertThat(next()).isEqualTo("complete");
        assertThat(results.get(0)).containsEntry("errMsg", "getNetworkType:ok").containsEntry("networkType", "wifi")
                .containsEntry("weakNet", false);

        List<Map<String, Object>> heard = new CopyOnWriteArrayList<>();
        Consumer<Map<String, Object>> status = m -> {
            heard.add(m);
            calls.add("status");
        };
        Consumer<Map<String, Object>> weak = m -> {
            heard.add(m);
            calls.add("weak");
        };
        wx.onNetworkStatusChange(status);
        wx.onNetworkWeakChange(weak);
        net.networkState().type(NetworkState.Type.NONE);
        assertThat(next()).isEqualTo("status");
        net.networkState().weak(true);
        assertThat(next()).isEqualTo("weak");
        assertThat(heard).containsExactly(Map.of("isConnected", false, "networkType", "none"),
                Map.of("weakNet", true, "networkType", "none"));

        wx.offNetworkStatusChange(null);
        wx.offNetworkWeakChange(null);
        net.networkState().type(NetworkState.Type.G5);
        net.networkState().weak(false);
        wx.getNetworkType(options("/unused", results));
        assertThat(next()).isEqualTo("success"); // the events would have been queued before it
        assertThat(next()).isEqualTo("complete");
        assertThat(results.get(1)).containsEntry("networkType", "5g").containsEntry("weakNet", false);
        nothingMoreIn(calls);
    }

    @Test
    @DisplayName("N-5 wx.getLocalIPAddress answers the device view's address and netmask; with networkType none it fails")
    void localIpAddress() throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        wx.getLocalIPAddress(options("/unused", results));
        assertThat(next()).isEqualTo("success");
        assertThat(next()).isEqualTo("complete");
        assertThat(results.get(0)).containsEntry("errMsg", "getLocalIPAddress:ok")
                .containsEntry("localip", "192.168.50.10").containsEntry("netmask", "255.255.255.0");
        assertThat(net.policy().device().localAddress()).hasValueSatisfying(a -> {
            assertThat(a.address()).isEqualTo("192.168.50.10");
            assertThat(a.netmask()).isEqualTo("255.255.255.0");
        });

        net.networkState().type(NetworkState.Type.NONE);
        wx.getLocalIPAddress(options("/unused", results));
        assertThat(next()).isEqualTo("fail");
        assertThat(next()).isEqualTo("complete");
        assertThat(results.get(1)).containsEntry("errMsg", "getLocalIPAddress:fail network error")
                .containsEntry("rule", "N-5");
    }

    @Test
    @DisplayName("N-5 NetworkState.Type.of reads the platform's names and refuses others, naming them")
    void typeNames() {
        assertThat(NetworkState.Type.of("4G")).isEqualTo(NetworkState.Type.G4);
        assertThat(NetworkState.Type.of("none")).isEqualTo(NetworkState.Type.NONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NetworkState.Type.of("lte"))
                .hasMessageContaining("'lte'").hasMessageContaining("wifi, 2g, 3g, 4g, 5g, unknown, none");
    }
}
