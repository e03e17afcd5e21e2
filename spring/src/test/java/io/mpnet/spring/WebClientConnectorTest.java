package io.mpnet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.HostResolver;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.testing.OldTlsServer;
import io.mpnet.testing.TestPki;
import io.mpnet.testing.TestPki.Leaf;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * A real WebClient on the runtime's connector ({@link MiniProgramNetwork#httpClient()}) and filter:
 * the DNS-answer check (P-11) and the TLS rules (X-1..X-3) hold for it as for the runtime's own
 * calls. Servers listen on loopback; {@value #HOST} reaches them through the config's {@code hosts}
 * map, or through an injected resolver that answers what a rebinding DNS server would.
 */
class WebClientConnectorTest {

    static final String HOST = "api.example.com";
    static final Duration WAIT = Duration.ofSeconds(10);
    static final DeviceView DEVICE = DeviceView.of("192.168.50.10/24");

    static TestPki pki;
    static MpNetResources resources;
    static final AtomicInteger connections = new AtomicInteger();
    static DisposableServer good;

    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void start() {
        pki = TestPki.create();
        resources = MpNetResources.create();
        good = https(Leaf.GOOD);
    }

    @AfterAll
    static void stop() {
        good.disposeNow();
        resources.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        connections.set(0);
    }

    /** An HTTPS server on loopback presenting a {@code leaf} certificate for {@value #HOST}, counting connections. */
    static DisposableServer https(Leaf leaf) {
        return HttpServer.create().host("127.0.0.1").port(0)
                .doOnChannelInit((observer, channel, remote) -> connections.incrementAndGet())
                .secure(spec -> spec.sslContext(pki.serverContext(leaf, HOST)))
                .handle((req, res) -> res.sendString(Mono.just("hello from loopback")))
                .bindNow(WAIT);
    }

    static String url(DisposableServer s) {
        return "https://" + HOST + ":" + s.port() + "/hello";
    }

    /** A runtime allowing {@value #HOST} on the servers' ports, trusting the test root. */
    MiniProgramNetwork network(NetworkConfig.Builder config, HostResolver resolver) {
        MiniProgramNetwork net = MiniProgramNetwork.builder(config.build()).resources(resources).device(DEVICE)
                .trustStore(pki.trustStore()).resolver(resolver).build();
        toClose.add(net);
        return net;
    }

    static NetworkConfig.Builder config(DisposableServer... servers) {
        NetworkConfig.Builder b = NetworkConfig.builder().appId("wx0123456789abcdef");
        for (DisposableServer s : servers) {
            b.domains(ApiKind.REQUEST, "https://" + HOST + ":" + s.port());
        }
        return b;
    }

    /** The README's WebClient: the runtime's connector under the filter. */
    static WebClient webClient(MiniProgramNetwork net) {
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(net.httpClient()))
                .filter(new MpNetExchangeFilterFunction(net)).build();
    }

    static HostResolver answering(AtomicInteger asked, String address) {
        return host -> {
            asked.incrementAndGet();
            return Mono.fromCallable(() -> List.of(InetAddress.getByName(address)));
        };
    }

    @Test
    @DisplayName("P-11 X-2 a configured domain mapped in hosts is reached over TLS with the runtime's trust store")
    void allowed() {
        AtomicInteger asked = new AtomicInteger();
        MiniProgramNetwork net = network(config(good).host(HOST, "127.0.0.1"), answering(asked, "203.0.113.7"));
        String body = webClient(net).get().uri(url(good)).retrieve().bodyToMono(String.class).block(WAIT);
        assertThat(body).isEqualTo("hello from loopback");
        assertThat(asked.get()).as("the hosts map answers before DNS").isZero();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @ParameterizedTest(name = "DNS answers {0}")
    @CsvSource({"127.0.0.1", "::1", "192.168.50.10", "0.0.0.0"})
    @DisplayName("P-11 a configured domain whose DNS answer is loopback or the device is refused, no connection")
    void rebindingAnswerRefused(String answer) throws Exception {
        String shown = InetAddress.getByName(answer).getHostAddress();
        AtomicInteger asked = new AtomicInteger();
        MiniProgramNetwork net = network(config(good), answering(asked, answer));
        StepVerifier.create(webClient(net).get().uri(url(good)).retrieve().bodyToMono(String.class))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(MpNetException.class);
                    MpNetException m = (MpNetException) e;
                    assertThat(m.rule()).isEqualTo("P-11");
                    assertThat(m.reason()).isEqualTo(FailReason.URL_NOT_IN_DOMAIN_LIST);
                    assertThat(m.getMessage()).contains(HOST).contains(shown);
                })
                .verify(WAIT);
        assertThat(asked.get()).as("the runtime's resolver was asked").isEqualTo(1);
        assertThat(connections.get()).as("connections the server saw").isZero();
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("P-11 the connector refuses a rebinding answer without the filter too; the cause names the rule")
    void connectorAloneRefuses() {
        MiniProgramNetwork net = network(config(good), answering(new AtomicInteger(), "127.0.0.1"));
        WebClient bare = WebClient.builder().clientConnector(new ReactorClientHttpConnector(net.httpClient())).build();
        StepVerifier.create(bare.get().uri(url(good)).retrieve().bodyToMono(String.class))
                .expectErrorSatisfies(e -> assertThat(e).rootCause().isInstanceOf(MpNetException.class)
                        .hasMessageContaining("(P-11)"))
                .verify(WAIT);
        assertThat(connections.get()).isZero();
    }

    @ParameterizedTest(name = "{0} fails with {1}")
    @CsvSource({
        "SELF_SIGNED,      X-3, self-signed",
        "INCOMPLETE_CHAIN, X-2, the server did not send",
    })
    @DisplayName("X-2 X-3 a refused certificate fails the WebClient call with its rule id and the host (X-5)")
    void refusedCertificate(Leaf leaf, String rule, String detail) {
        DisposableServer s = https(leaf);
        toClose.add(s::disposeNow);
        MiniProgramNetwork net = network(config(s).host(HOST, "127.0.0.1"), answering(new AtomicInteger(), "203.0.113.7"));
        StepVerifier.create(webClient(net).get().uri(url(s)).retrieve().bodyToMono(String.class))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(MpNetException.class);
                    MpNetException m = (MpNetException) e;
                    assertThat(m.rule()).isEqualTo(rule);
                    assertThat(m.reason()).isEqualTo(FailReason.SSL_HANDSHAKE);
                    assertThat(m.getMessage()).contains(HOST).contains(detail);
                })
                .verify(WAIT);
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("X-1 a server offering only TLS 1.1 fails the WebClient call with X-1 naming TLS 1.1 and the host")
    void oldTls() {
        DisposableServer s = OldTlsServer.serverHello(0x0302);
        toClose.add(s::disposeNow);
        MiniProgramNetwork net = network(config(s).host(HOST, "127.0.0.1"), answering(new AtomicInteger(), "203.0.113.7"));
        StepVerifier.create(webClient(net).get().uri(url(s)).retrieve().bodyToMono(String.class))
                .expectErrorSatisfies(e -> {
                    MpNetException m = (MpNetException) e;
                    assertThat(m.rule()).isEqualTo("X-1");
                    assertThat(m.getMessage()).contains(HOST).contains("offers only TLS 1.1");
                })
                .verify(WAIT);
    }

    @Test
    @DisplayName("P-13 urlCheck=false lets the connector accept a self-signed leaf, as the runtime's own calls do")
    void urlCheckOff() {
        DisposableServer s = https(Leaf.SELF_SIGNED);
        toClose.add(s::disposeNow);
        MiniProgramNetwork net = network(config(s).host(HOST, "127.0.0.1").urlCheck(false),
                answering(new AtomicInteger(), "203.0.113.7"));
        String body = webClient(net).get().uri(url(s)).retrieve().bodyToMono(String.class).block(WAIT);
        assertThat(body).isEqualTo("hello from loopback");
    }

    @Test
    @DisplayName("R-12 the filter holds at most the runtime's maxResponseBytes; past it the call fails naming R-12")
    void bodyOverLimit() {
        MiniProgramNetwork net = network(config(good).host(HOST, "127.0.0.1").maxResponseBytes(10),
                answering(new AtomicInteger(), "203.0.113.7"));
        StepVerifier.create(webClient(net).get().uri(url(good)).retrieve().bodyToMono(String.class))
                .expectErrorSatisfies(e -> {
                    MpNetException m = (MpNetException) e;
                    assertThat(m.rule()).isEqualTo("R-12");
                    assertThat(m.getMessage()).contains(HOST).contains("10 bytes").contains("max-response-bytes");
                })
                .verify(WAIT);
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("P-13 an http URL stays plain on the connector (its TLS applies to https only)")
    void plainHttpStaysPlain() {
        DisposableServer plain = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.sendString(Mono.just("plain"))).bindNow(WAIT);
        toClose.add(plain::disposeNow);
        MiniProgramNetwork net = network(NetworkConfig.builder().appId("wx0123456789abcdef").urlCheck(false)
                .host(HOST, "127.0.0.1"), answering(new AtomicInteger(), "203.0.113.7"));
        String body = webClient(net).get().uri("http://" + HOST + ":" + plain.port() + "/").retrieve()
                .bodyToMono(String.class).block(WAIT);
        assertThat(body).isEqualTo("plain");
    }
}
