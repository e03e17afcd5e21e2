package io.mpnet.lan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.NetworkState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/** N-5 on the LAN sockets: with networkType none, a UDP send and a TCP connect are refused before any packet. */
class NoNetworkLanTest extends LanTest {

    static void noNetwork(Throwable e, String errMsg) {
        assertThat(e).isInstanceOfSatisfying(MpNetException.class, m -> {
            assertThat(m.rule()).isEqualTo("N-5");
            assertThat(m.errMsg()).isEqualTo(errMsg);
            assertThat(m.errno()).isEmpty();
        });
    }

    @Test
    @DisplayName("N-5 with networkType none, a UDP send and a TCP connect to a LAN peer fail under N-5 and reach nothing; wifi again lets them through")
    void refusedWithoutNetwork() {
        Connection udpEcho = udpEcho();
        DisposableServer tcpEcho = tcpEcho();
        MiniProgramNetwork net = runtime(lanConfig().build());
        LocalNetwork lan = LocalNetwork.builder(net).bindAddress(LOOPBACK).build();
        toClose.add(lan);
        UdpSocket udp = lan.bindUdp().block(WAIT);

        net.networkState().type(NetworkState.Type.NONE);
        StepVerifier.create(udp.send(PEER, port(udpEcho), "hello"))
                .expectErrorSatisfies(e -> noNetwork(e, "udp:fail network error"))
                .verify(WAIT);
        StepVerifier.create(lan.connectTcp(PEER, tcpEcho.port()))
                .expectErrorSatisfies(e -> noNetwork(e, "tcp:fail network error"))
                .verify(WAIT);
        assertThat(udpReceived).hasValue(0);
        assertThat(tcpAccepted).hasValue(0);

        net.networkState().type(NetworkState.Type.WIFI);
        StepVerifier.create(udp.send(PEER, port(udpEcho), "hello")).expectComplete().verify(WAIT);
    }
}
