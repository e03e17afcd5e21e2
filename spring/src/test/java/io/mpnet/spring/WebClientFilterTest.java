package io.mpnet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.testing.Await;
import io.mpnet.testing.TestPki;
import io.mpnet.testing.TestPki.Leaf;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A real WebClient through the filter, against an HTTPS server on loopback. */
class WebClientFilterTest {

    static final String HOST = "api.example.com";
    static final Duration WAIT = Duration.ofSeconds(10);
    static TestPki pki;
    static DisposableServer server;
    static final List<String> seen = new CopyOnWriteArrayList<>();
    static final AtomicReference<Sinks.Empty<Void>> hold = new AtomicReference<>();
    static MpNetResources resources;

    MiniProgramNetwork network;
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();

    @BeforeAll
    static void start() {
        pki = TestPki.create();
        resources = MpNetResources.create();
        server = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(pki.serverContext(Leaf.GOOD, HOST)))
                .route(r -> r
                        .get("/hello", (req, res) -> {
                            seen.add(req.uri() + " referer=" + req.requestHeaders().get("Referer"));
                            return res.header("content-type", "text/plain").sendString(Mono.just("hello from loopback"));
                        })
                        .get("/ua", (req, res) -> {
                            seen.add("user-agent=" + req.requestHeaders().get("User-Agent"));
                            return res.sendString(Mono.just("ok"));
                        })
                        .get("/held", (req, res) -> {
                            seen.add(req.uri());
                            return res.sendString(hold.get().asMono().then(Mono.just("released")));
                        }))
                .bindNow(WAIT);
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
        resources.close();
    }

    @AfterEach
    void closeNetwork() {
        if (network != null) {
            network.close();
        }
        seen.clear();
    }

    WebClient client() {
        NetworkConfig config = NetworkConfig.builder().appId("wx0123456789abcdef")
                .domains(ApiKind.REQUEST, "https://" + HOST + ":" + server.port()).build();
        network = MiniProgramNetwork.builder(config).resources(resources).scheduler(vts).build();
        // The WebClient's own connector resolves every name to loopback (no DNS query leaves the machine)
        // and trusts the test root; the name stays api.example.com for SNI and the host-name check.
        HttpClient http = HttpClient.create().resolver(LoopbackResolver.GROUP)
                .secure(spec -> spec.sslContext(Http11SslContextSpec.forClient()
                        .configure(b -> b.trustManager(pki.root()))));
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http))
                .filter(new MpNetExchangeFilterFunction(network)).build();
    }

    /** Resolves every name to 127.0.0.1. */
    static final class LoopbackResolver extends InetNameResolver {
        static final AddressResolverGroup<InetSocketAddress> GROUP = new AddressResolverGroup<>() {
            @Override
            protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
                return new LoopbackResolver(executor).asAddressResolver();
            }
        };

        LoopbackResolver(EventExecutor executor) {
            super(executor);
        }

        @Override
        protected void doResolve(String host, Promise<InetAddress> promise) throws Exception {
            promise.setSuccess(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        }

        @Override
        protected void doResolveAll(String host, Promise<List<InetAddress>> promise) throws Exception {
            promise.setSuccess(List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})));
        }
    }

    /** Waits for what the loopback server or the client reports (not for a timeout: those run in virtual time). */
    static void await(String what, BooleanSupplier condition) {
        Await.until(WAIT, what, condition);
    }

    String url(String path) {
        return "https://" + HOST + ":" + server.port() + path;
    }

    @Test
    @DisplayName("P-9 an allowed exchange goes through with the runtime's Referer, the caller's replaced")
    void allowedWithReferer() {
        String body = client().get().uri(url("/hello")).header("Referer", "https://spoof.example.org/")
                .retrieve().bodyToMono(String.class).block(WAIT);
        assertThat(body).isEqualTo("hello from loopback");
        assertThat(seen).containsExactly("/hello referer=https://servicewechat.com/wx0123456789abcdef/0/page-frame.html");
        assertThat(network.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("R-3u an exchange carries the runtime's User-Agent, the caller's and the WebClient's replaced")
    void userAgent() {
        client().get().uri(url("/ua")).header("User-Agent", "curl/8.0").retrieve().bodyToMono(String.class).block(WAIT);
        assertThat(seen).containsExactly("user-agent=" + io.mpnet.policy.Profile.WECHAT.userAgent());
    }

    @Test
    @DisplayName("P-2 P-5 P-1 refused URLs fail with MpNetException before anything is sent")
    void refusals() {
        WebClient client = client();
        for (String[] c : new String[][] {
                {"https://evil.example.org/hello", "P-2"},
                {"https://" + HOST + "/hello", "P-4"},
                {"http://" + HOST + ":" + server.port() + "/hello", "P-1"}}) {
            StepVerifier.create(client.get().uri(c[0]).retrieve().bodyToMono(String.class))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(MpNetException.class);
                        assertThat(((MpNetException) e).rule()).as(c[0]).isEqualTo(c[1]);
                    })
                    .verify(WAIT);
        }
        assertThat(seen).isEmpty();
    }

    @Test
    @DisplayName("L-1 L-2 ten exchanges hold the ten slots until their bodies are read; the eleventh queues")
    void gate() {
        WebClient client = client();
        hold.set(Sinks.empty());
        List<String> bodies = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 11; i++) {
            client.get().uri(url("/held")).retrieve().bodyToMono(String.class).subscribe(bodies::add);
        }
        await("the server to see 10 exchanges", () -> seen.size() == 10);
        assertThat(network.availableSlots()).isZero();
        assertThat(network.queuedCalls()).isEqualTo(1);
        assertThat(seen).hasSize(10);
        hold.get().tryEmitEmpty();
        await("11 bodies read", () -> bodies.size() == 11);
        assertThat(bodies).hasSize(11).containsOnly("released");
        assertThat(network.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("T-2 the timeout attribute bounds the exchange and its body; the call fails with timeout")
    void timeout() {
        WebClient client = client();
        hold.set(Sinks.empty());
        AtomicReference<Throwable> error = new AtomicReference<>();
        client.get().uri(url("/held")).attributes(MpNetExchangeFilterFunction.timeout(Duration.ofSeconds(3)))
                .retrieve().bodyToMono(String.class).subscribe(x -> { }, error::set);
        await("the server to see the exchange", () -> !seen.isEmpty());
        vts.advanceTimeBy(Duration.ofSeconds(3));
        await("the exchange to fail", () -> error.get() != null);
        assertThat(error.get()).isInstanceOf(MpNetException.class);
        assertThat(((MpNetException) error.get()).reason()).isEqualTo(FailReason.TIMEOUT);
        assertThat(network.availableSlots()).isEqualTo(10);
        hold.get().tryEmitEmpty();
    }
}
