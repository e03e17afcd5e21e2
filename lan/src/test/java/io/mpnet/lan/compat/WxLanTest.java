package io.mpnet.lan.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.lan.LanTest;
import io.mpnet.lan.LocalNetwork;
import io.mpnet.lan.MdnsResponder;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;

/** The wx LAN API in callback style over the simulated LAN of {@link LanTest}. */
class WxLanTest extends LanTest {

    /** Every callback and listener call, as "name" -> its argument, in order. */
    private final BlockingQueue<Map.Entry<String, Map<String, Object>>> calls = new LinkedBlockingQueue<>();

    private Consumer<Map<String, Object>> record(String name) {
        return m -> calls.add(Map.entry(name, m));
    }

    private Map<String, Object> next(String expectedName) throws InterruptedException {
        Map.Entry<String, Map<String, Object>> e = calls.poll(20, TimeUnit.SECONDS);
        assertThat(e).as("a call of " + expectedName).isNotNull();
        assertThat(e.getKey()).isEqualTo(expectedName);
        return e.getValue();
    }

    private WxLan wx(LocalNetwork lan) {
        return WxLan.of(lan);
    }

    @Test
    @DisplayName("N-2 createUDPSocket: bind, onListening, send to the LAN peer, onMessage with remoteInfo, errors on"
            + " onError (P-12u, bad port), close and onClose")
    void udp() throws Exception {
        Connection echo = udpEcho();
        UDPSocket udp = wx(lan()).createUDPSocket();
        udp.onListening(record("onListening"));
        udp.onMessage(record("onMessage"));
        udp.onError(record("onError"));
        udp.onClose(record("onClose"));

        assertThat(udp.bind()).isPositive();
        next("onListening");

        udp.send(Map.of("address", PEER, "port", port(echo), "message", "hi"));
        Map<String, Object> m = next("onMessage");
        assertThat(text((byte[]) m.get("message"))).isEqualTo("hi");
        assertThat(m.get("remoteInfo")).isEqualTo(Map.of("address", PEER, "family", "IPv4", "port", port(echo),
                "size", 2));

        udp.send(Map.of("address", "10.0.0.5", "port", port(echo), "message", "no"));
        Map<String, Object> refused = next("onError");
        assertThat(refused).containsEntry("errMsg", "udp:fail url not in domain list").containsEntry("errno", 600002)
                .containsEntry("rule", "P-12u");

        udp.send(Map.of("address", PEER, "port", 0, "message", "no"));
        assertThat(next("onError")).containsEntry("errMsg", "udp:fail parameter error");

        udp.connect(Map.of("address", PEER, "port", port(echo)));
        udp.write(Map.of("message", "xxwritten".getBytes(), "offset", 2));
        assertThat(text((byte[]) next("onMessage").get("message"))).isEqualTo("written");

        udp.close();
        next("onClose");
        assertThat(udpReceived).hasValue(2);
    }

    @Test
    @DisplayName("N-3 createTCPSocket: connect to the LAN peer, onConnect, write, onMessage, close and onClose")
    void tcp() throws Exception {
        DisposableServer echo = tcpEcho();
        TCPSocket tcp = wx(lan()).createTCPSocket();
        tcp.onConnect(record("onConnect"));
        tcp.onMessage(record("onMessage"));
        tcp.onError(record("onError"));
        tcp.onClose(record("onClose"));

        tcp.connect(Map.of("address", PEER, "port", echo.port(), "timeout", 5));
        next("onConnect");
        tcp.write("ping");
        Map<String, Object> m = next("onMessage");
        assertThat(text((byte[]) m.get("message"))).isEqualTo("ping");
        assertThat(m.get("remoteInfo")).isEqualTo(Map.of("address", PEER, "family", "IPv4", "port", echo.port()));
        tcp.close();
        next("onClose");
    }

    /** A listener that must never be called: it was removed with every other one. */
    private Consumer<Map<String, Object>> removed(String name) {
        return m -> calls.add(Map.entry("removed " + name, m));
    }

    @Test
    @DisplayName("N-2 UDPSocket off*() with no listener removes every listener of that event, as the platform does")
    void udpOffAll() throws Exception {
        Connection echo = udpEcho();
        UDPSocket udp = wx(lan()).createUDPSocket();
        udp.onListening(removed("onListening"));
        udp.onMessage(removed("onMessage"));
        udp.onMessage(removed("onMessage 2"));
        udp.onError(removed("onError"));
        udp.onClose(removed("onClose"));
        udp.offListening(null);
        udp.offMessage(null);
        udp.offError(null);
        udp.offClose(null);
        udp.onMessage(record("onMessage"));
        udp.onClose(record("onClose"));

        assertThat(udp.bind()).isPositive();
        udp.send(Map.of("address", PEER, "port", 0, "message", "no")); // an error nobody hears now
        udp.send(Map.of("address", PEER, "port", port(echo), "message", "hi"));
        assertThat(text((byte[]) next("onMessage").get("message"))).isEqualTo("hi");
        udp.close();
        next("onClose");
        assertThat(calls).isEmpty();
    }

    @Test
    @DisplayName("N-3 TCPSocket off*() with no listener removes every listener of that event, as the platform does")
    void tcpOffAll() throws Exception {
        DisposableServer echo = tcpEcho();
        TCPSocket tcp = wx(lan()).createTCPSocket();
        tcp.onConnect(removed("onConnect"));
        tcp.onMessage(removed("onMessage"));
        tcp.onMessage(removed("onMessage 2"));
        tcp.onError(removed("onError"));
        tcp.onClose(removed("onClose"));
        tcp.offConnect(null);
        tcp.offMessage(null);
        tcp.offError(null);
        tcp.offClose(null);
        tcp.onConnect(record("onConnect"));
        tcp.onMessage(record("onMessage"));
        tcp.onClose(record("onClose"));

        tcp.connect(Map.of("address", PEER, "port", echo.port(), "timeout", 5));
        next("onConnect");
        tcp.write("ping");
        assertThat(text((byte[]) next("onMessage").get("message"))).isEqualTo("ping");
        tcp.close();
        next("onClose");
        assertThat(calls).isEmpty();
    }

    @Test
    @DisplayName("P-11 createTCPSocket: connecting to the device itself is onError, then onClose, and reaches nothing")
    void tcpRefused() throws Exception {
        DisposableServer echo = tcpEcho();
        TCPSocket tcp = wx(lan()).createTCPSocket();
        tcp.onError(record("onError"));
        tcp.onClose(record("onClose"));

        tcp.connect(Map.of("address", "192.168.50.10", "port", echo.port()));
        assertThat(next("onError")).containsEntry("errMsg", "tcp:fail url not in domain list")
                .containsEntry("rule", "P-11");
        next("onClose");
        assertThat(tcpAccepted).hasValue(0);
    }

    @Test
    @DisplayName("N-1 startLocalServiceDiscovery: a malformed type fails, stop without a discovery fails")
    void discoveryFailures() throws Exception {
        WxLan wx = wx(LocalNetwork.builder(runtime(lanConfig().build())).mdnsAddresses(LOOPBACK).build());

        wx.startLocalServiceDiscovery(Map.of("serviceType", "http", "success", record("success"),
                "fail", record("fail"), "complete", record("complete")));
        assertThat(next("fail")).containsEntry("errMsg", "startLocalServiceDiscovery:fail invalid param");
        next("complete");

        wx.stopLocalServiceDiscovery(Map.of("fail", record("fail"), "complete", record("complete")));
        assertThat(next("fail")).containsEntry("errMsg", "stopLocalServiceDiscovery:fail task not found");
        next("complete");
    }

    @Test
    @Tag("slow") // JmDNS takes about 2 s to close, announcing its goodbyes
    @DisplayName("N-1 startLocalServiceDiscovery: success, onLocalServiceFound, a second start fails, stop ends it"
            + " with onLocalServiceDiscoveryStop")
    void discovery() throws Exception {
        String type = "_wx._tcp.";
        MdnsResponder peer = MdnsResponder.start("mpnet-test-wx-peer"); // announces with JmDNS's packets, no multicast
        toClose.add(peer);
        peer.announce(type, "lamp", 8080);
        LocalNetwork lan = LocalNetwork.builder(runtime(lanConfig().build())).mdnsAddresses(LOOPBACK).build();
        toClose.add(lan);
        WxLan wx = wx(lan);
        wx.onLocalServiceFound(record("onLocalServiceFound"));
        wx.onLocalServiceDiscoveryStop(record("onLocalServiceDiscoveryStop"));

        wx.startLocalServiceDiscovery(Map.of("serviceType", type, "success", record("success")));
        assertThat(next("success")).containsEntry("errMsg", "startLocalServiceDiscovery:ok");
        wx.startLocalServiceDiscovery(Map.of("serviceType", type, "fail", record("fail")));
        assertThat(next("fail")).containsEntry("errMsg", "startLocalServiceDiscovery:fail scan task already exist");
        assertThat(next("onLocalServiceFound")).isEqualTo(Map.of("serviceType", type, "serviceName", "lamp",
                "ip", "127.0.0.1", "port", 8080));

        wx.stopLocalServiceDiscovery(Map.of("success", record("success")));
        assertThat(next("onLocalServiceDiscoveryStop")).containsEntry("serviceType", type)
                .containsEntry("errMsg", "onLocalServiceDiscoveryStop:ok");
        assertThat(next("success")).containsEntry("errMsg", "stopLocalServiceDiscovery:ok");
    }

    @Test
    @Tag("slow") // JmDNS takes about 2 s to close, announcing its goodbyes
    @DisplayName("N-1 wx.off*() of discovery with no listener removes every listener of that event, as the platform does")
    void discoveryOffAll() throws Exception {
        String type = "_wx._tcp.";
        MdnsResponder peer = MdnsResponder.start("mpnet-test-wx-off");
        toClose.add(peer);
        peer.announce(type, "lamp", 8080);
        LocalNetwork lan = LocalNetwork.builder(runtime(lanConfig().build())).mdnsAddresses(LOOPBACK).build();
        toClose.add(lan);
        WxLan wx = wx(lan);
        wx.onLocalServiceFound(removed("onLocalServiceFound"));
        wx.onLocalServiceLost(removed("onLocalServiceLost"));
        wx.onLocalServiceResolveFail(removed("onLocalServiceResolveFail"));
        wx.onLocalServiceDiscoveryStop(removed("onLocalServiceDiscoveryStop"));
        wx.offLocalServiceFound(null);
        wx.offLocalServiceLost(null);
        wx.offLocalServiceResolveFail(null);
        wx.offLocalServiceDiscoveryStop(null);
        wx.onLocalServiceFound(record("onLocalServiceFound"));
        wx.onLocalServiceDiscoveryStop(record("onLocalServiceDiscoveryStop"));

        wx.startLocalServiceDiscovery(Map.of("serviceType", type));
        assertThat(next("onLocalServiceFound")).containsEntry("serviceName", "lamp");
        wx.stopLocalServiceDiscovery(Map.of());
        next("onLocalServiceDiscoveryStop");
        assertThat(calls).isEmpty();
    }
}
