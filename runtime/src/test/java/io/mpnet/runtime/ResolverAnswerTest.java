package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static io.mpnet.testing.BuiltAddresses.v6;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/**
 * P-11 for every answer of a custom {@link HostResolver}: an IPv6 spelling of loopback, of the
 * unspecified address or of the device's own address (IPv4-mapped, NAT64 {@code 64:ff9b::/96},
 * 6to4 {@code 2002::/16}) is refused on every transport before any connection. The resolver
 * builds each answer as an {@link Inet6Address} from its bytes, which the JDK does not turn into
 * IPv4; a counting server on loopback proves no connection was made.
 */
class ResolverAnswerTest extends LoopbackTest {

    static final String HOST = "api.example.com";

    @TempDir
    Path dir;

    /** One transport: the call to {@code HOST} on {@code port} of a runtime whose domains admit it. */
    enum Transport {
        REQUEST((net, t) -> net.request(RequestOptions.get(t.url("https")).build())),
        UPLOAD_FILE((net, t) -> net.uploadFile(UploadOptions.builder(t.url("https"), t.file(), "f").build())),
        DOWNLOAD_FILE((net, t) -> net.downloadFile(DownloadOptions.builder(t.url("https")).build())),
        CONNECT_SOCKET((net, t) -> net.connectSocket(SocketOptions.builder(t.url("wss")).build()));

        final BiFunction<MiniProgramNetwork, ResolverAnswerTest.Call, Publisher<?>> call;

        Transport(BiFunction<MiniProgramNetwork, ResolverAnswerTest.Call, Publisher<?>> call) {
            this.call = call;
        }
    }

    /** What a transport needs to call: the server's port and a file to upload. */
    record Call(int port, Path file) {
        String url(String scheme) {
            return scheme + "://" + HOST + ":" + port + "/";
        }
    }

    /** Each IPv6 spelling of an address of this device, as a resolver may answer it. */
    static Stream<Arguments> answers() {
        return Stream.of(
                answer("::ffff:127.0.0.1", "IPv4-mapped loopback"),
                answer("::ffff:127.1.2.3", "IPv4-mapped loopback, not .1"),
                answer("::ffff:0.0.0.0", "IPv4-mapped unspecified"),
                answer("::ffff:192.168.50.10", "IPv4-mapped device address"),
                answer("::ffff:192.168.50.255", "IPv4-mapped subnet broadcast"),
                answer("64:ff9b::7f00:1", "NAT64 loopback"),
                answer("64:ff9b::", "NAT64 unspecified"),
                answer("64:ff9b::c0a8:320a", "NAT64 device address"),
                answer("2002:7f00:1::", "6to4 loopback"),
                answer("2002::", "6to4 unspecified"),
                answer("2002:c0a8:320a::1", "6to4 device address"));
    }

    static Stream<Arguments> transportsAndAnswers() {
        return Stream.of(Transport.values()).flatMap(t -> answers().map(a -> Arguments.of(t, a.get()[0], a.get()[1])));
    }

    private static Arguments answer(String text, String what) {
        return Arguments.of(text, what);
    }


    @ParameterizedTest(name = "{0} {2} ({1})")
    @MethodSource("transportsAndAnswers")
    @DisplayName("P-11 an IPv6 spelling of this device in a resolver's answer is refused on every transport, no connection")
    void refused(Transport transport, String answer, String what) throws Exception {
        DisposableServer s = countingServer(r -> r.route(req -> true, (req, res) -> res.sendString(Mono.just("reached"))));
        AtomicInteger asked = new AtomicInteger();
        Inet6Address address = v6(answer);
        assertThat(address).isInstanceOf(Inet6Address.class);
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig()
                        .domains(ApiKind.REQUEST, "https://" + HOST + ":" + s.port())
                        .domains(ApiKind.UPLOAD_FILE, "https://" + HOST + ":" + s.port())
                        .domains(ApiKind.DOWNLOAD_FILE, "https://" + HOST + ":" + s.port())
                        .domains(ApiKind.CONNECT_SOCKET, "wss://" + HOST).build())
                .resolver(host -> {
                    asked.incrementAndGet();
                    return Mono.just(List.<InetAddress>of(address));
                }));
        Path file = Files.writeString(dir.resolve("upload.txt"), "x");

        StepVerifier.create(transport.call.apply(net, new Call(s.port(), file)))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(MpNetException.class);
                    assertThat(((MpNetException) e).rule()).as(e.getMessage()).isEqualTo("P-11");
                    assertThat(e.getMessage()).contains(HOST);
                })
                .verify(WAIT);
        assertThat(asked.get()).as("the resolver was asked").isEqualTo(1);
        assertThat(acceptedConnections.get()).as("connections the server accepted").isZero();
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(net.openSockets()).isZero();
    }

    static Stream<Arguments> transportsAndEmptyAnswers() {
        return Stream.of(Transport.values()).flatMap(t -> Stream.of(Arguments.of(t, "Mono.empty()"),
                Arguments.of(t, "an empty list")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transportsAndEmptyAnswers")
    @DisplayName("R-4 a resolver that answers nothing is a network error naming the host, not NoSuchElementException")
    void emptyAnswer(Transport transport, String answer) throws Exception {
        DisposableServer s = countingServer(r -> r.route(req -> true, (req, res) -> res.sendString(Mono.just("reached"))));
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig()
                        .domains(ApiKind.REQUEST, "https://" + HOST + ":" + s.port())
                        .domains(ApiKind.UPLOAD_FILE, "https://" + HOST + ":" + s.port())
                        .domains(ApiKind.DOWNLOAD_FILE, "https://" + HOST + ":" + s.port())
                        .domains(ApiKind.CONNECT_SOCKET, "wss://" + HOST).build())
                .resolver(host -> answer.equals("Mono.empty()") ? Mono.empty() : Mono.just(List.of())));
        Path file = Files.writeString(dir.resolve("upload.txt"), "x");

        StepVerifier.create(transport.call.apply(net, new Call(s.port(), file)))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(MpNetException.class);
                    MpNetException m = (MpNetException) e;
                    assertThat(m.reason()).isEqualTo(FailReason.NETWORK);
                    assertThat(m.errno()).hasValue(600000);
                    assertThat(m.rule()).isEqualTo("R-4");
                    assertThat(m.explanation()).contains("DNS has no address for '" + HOST + "'", "hosts");
                })
                .verify(WAIT);
        assertThat(acceptedConnections.get()).isZero();
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(net.openSockets()).isZero();
    }
}
