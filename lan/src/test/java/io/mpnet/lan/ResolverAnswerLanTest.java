package io.mpnet.lan;

import static org.assertj.core.api.Assertions.assertThat;
import static io.mpnet.testing.BuiltAddresses.v6;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.Profile;
import io.mpnet.runtime.HostResolver;
import io.mpnet.runtime.MiniProgramNetwork;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/**
 * P-11 for the answers of a custom {@link HostResolver} on the LAN sockets: a configured tcp host
 * (domains.tcp) or udp host (domains.udp, appservice) whose answer is an IPv6 spelling of loopback,
 * of the unspecified address or of the device (IPv4-mapped, NAT64, 6to4) is refused before any
 * connection or datagram; the echo servers on loopback count what arrives.
 */
class ResolverAnswerLanTest extends LanTest {

    static final String HOST = "peer.example.com";

    static Stream<String> answers() {
        return Stream.of("::ffff:127.0.0.1", "::ffff:127.1.2.3", "::ffff:0.0.0.0", "::ffff:192.168.50.10",
                "::ffff:192.168.50.255", "64:ff9b::7f00:1", "64:ff9b::", "64:ff9b::c0a8:320a", "2002:7f00:1::",
                "2002::", "2002:c0a8:320a::1");
    }

    static Stream<Arguments> kindsAndAnswers() {
        return Stream.of(ApiKind.TCP, ApiKind.UDP).flatMap(k -> answers().map(a -> Arguments.of(k, a)));
    }


    LocalNetwork lanResolving(HostResolver resolver) {
        MiniProgramNetwork net = MiniProgramNetwork.builder(lanConfig().profile(Profile.APPSERVICE)
                        .domains(ApiKind.TCP, HOST).domains(ApiKind.UDP, HOST).build())
                .resources(resources).device(DEVICE).resolver(resolver).build();
        toClose.add(net);
        LocalNetwork lan = LocalNetwork.builder(net).bindAddress(LOOPBACK).build();
        toClose.add(lan);
        return lan;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndAnswers")
    @DisplayName("P-11 an IPv6 spelling of this device in a resolver's answer is refused on tcp and udp: nothing arrives")
    void refused(ApiKind kind, String answer) {
        DisposableServer tcpEcho = tcpEcho();
        Connection udpEcho = udpEcho();
        AtomicInteger asked = new AtomicInteger();
        Inet6Address address = v6(answer);
        LocalNetwork lan = lanResolving(host -> {
            asked.incrementAndGet();
            return Mono.just(List.<InetAddress>of(address));
        });

        Mono<Void> call = kind == ApiKind.TCP ? lan.createTcpSocket().connect(HOST, tcpEcho.port())
                : lan.bindUdp().block(WAIT).send(HOST, port(udpEcho), "hello");
        StepVerifier.create(call)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(MpNetException.class);
                    assertThat(((MpNetException) e).rule()).as(e.getMessage()).isEqualTo("P-11");
                    assertThat(e.getMessage()).contains(HOST);
                })
                .verify(WAIT);
        assertThat(asked).as("the resolver was asked").hasValue(1);
        assertThat(tcpAccepted).as("tcp connections accepted").hasValue(0);
        assertThat(udpReceived).as("datagrams received").hasValue(0);
    }

    static Stream<Arguments> kindsAndEmptyAnswers() {
        return Stream.of(ApiKind.TCP, ApiKind.UDP).flatMap(k -> Stream.of(Arguments.of(k, "Mono.empty()"),
                Arguments.of(k, "an empty list")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndEmptyAnswers")
    @DisplayName("N-2 N-3 a resolver that answers nothing is a network error naming the host: nothing is sent")
    void emptyAnswer(ApiKind kind, String answer) {
        DisposableServer tcpEcho = tcpEcho();
        Connection udpEcho = udpEcho();
        LocalNetwork lan = lanResolving(host -> answer.equals("Mono.empty()") ? Mono.empty() : Mono.just(List.of()));

        Mono<Void> call = kind == ApiKind.TCP ? lan.createTcpSocket().connect(HOST, tcpEcho.port())
                : lan.bindUdp().block(WAIT).send(HOST, port(udpEcho), "hello");
        StepVerifier.create(call)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(MpNetException.class);
                    MpNetException m = (MpNetException) e;
                    assertThat(m.reason()).isEqualTo(FailReason.NETWORK);
                    assertThat(m.rule()).isEqualTo(kind == ApiKind.TCP ? "N-3" : "N-2");
                    assertThat(m.explanation()).contains("'" + HOST + "' has no address", "hosts");
                })
                .verify(WAIT);
        assertThat(tcpAccepted).hasValue(0);
        assertThat(udpReceived).hasValue(0);
    }
}
