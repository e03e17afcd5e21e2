package io.mpnet.check;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.HostResolver;
import io.mpnet.testing.OldTlsServer;
import io.mpnet.testing.TestPki;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.TcpServer;

/**
 * The proof matrix: one loopback server per fault, each known by a name of its own that the config's
 * {@code hosts} maps to 127.0.0.1 (except {@value #PRIVATE_HOST}, which {@link #resolver()} answers
 * with 10.0.0.5, never dialled), built from the test PKI with Reactor Netty servers, and the TLS
 * 1.1-only server of {@link OldTlsServer} (the JDK cannot run a real one: it disables TLS 1.0 and 1.1).
 * {@link #expected()} says, per target, the one rule each fault must be reported under.
 */
final class Matrix implements AutoCloseable {

    static final String PRIVATE_HOST = "private.example.com";
    static final String PRIVATE_ADDRESS = "10.0.0.5";
    /**
     * Each target's time limit in the tests: far above what a loopback target takes (under a second), so
     * a machine shared with other builds never turns a fault into a T-1; the time limit is proven apart,
     * in virtual time ({@code TimeLimitTest}).
     */
    static final Duration TARGET_LIMIT = Duration.ofSeconds(60);
    static final Duration WAIT = Duration.ofSeconds(120);

    /** One target: the URL checked, the rule its fault is reported under (empty for a good server), and how. */
    record Case(String fault, String target, String rule, Status status) {
    }

    final TestPki pki = TestPki.create();
    private final List<DisposableServer> servers = new ArrayList<>();
    private final List<Case> cases = new ArrayList<>();
    private final NetworkConfig.Builder config = NetworkConfig.builder().appId("wx0123456789abcdef").version("0");
    private final Map<String, String> hosts = new LinkedHashMap<>();
    private final List<String> requestDomains = new ArrayList<>();
    private final List<String> socketDomains = new ArrayList<>();

    private Matrix() {
        good("good (h2)", "good-h2.example.com", true);
        good("good (h1)", "good-h1.example.com", false);
        https("incomplete chain", "incomplete.example.com", "X-2", Status.FAIL,
                pki.leaf("incomplete.example.com").incompleteChain().issue().sslContext(false));
        https("expired", "expired.example.com", "X-2", Status.FAIL,
                pki.leaf("expired.example.com").expiresIn(Duration.ofDays(-1)).issue().sslContext(false));
        https("expiring in 10 days", "expiring.example.com", "X-2", Status.WARN,
                pki.leaf("expiring.example.com").expiresIn(Duration.ofDays(10)).issue().sslContext(false));
        https("wrong host", "wrong-host.example.com", "X-2", Status.FAIL,
                pki.leaf("wrong-host.example.com").onlyFor(TestPki.WRONG_HOST_NAME).issue().sslContext(false));
        https("self-signed", "self-signed.example.com", "X-3", Status.FAIL,
                pki.serverContext(TestPki.Leaf.SELF_SIGNED, "self-signed.example.com"));
        https("distrusted CA", "distrusted.example.com", "X-4", Status.FAIL,
                pki.leaf("distrusted.example.com").distrustedIssuer().issue().sslContext(false));
        https("TLS 1.3 only", "tls13.example.com", "X-6", Status.FAIL,
                pki.leaf("tls13.example.com").issue().sslContext(false, List.of("TLSv1.3"), null));
        DisposableServer old = OldTlsServer.serverHello(0x0302);
        servers.add(old);
        add("TLS 1.1 only", "tls11.example.com", old.port(), "X-1", Status.FAIL);
        https("RSA 1024", "rsa1024.example.com", "X-8", Status.FAIL,
                pki.leaf("rsa1024.example.com").rsa(1024).issue().sslContext(false));
        https("SHA-1 signature", "sha1.example.com", "X-9", Status.FAIL,
                pki.leaf("sha1.example.com").sha1().issue().sslContext(false));
        https("lifetime 800 days", "long-lived.example.com", "X-10", Status.FAIL,
                pki.leaf("long-lived.example.com").lifetime(Duration.ofDays(800)).issue().sslContext(false));
        // TLS 1.3 (always forward secret) and, on TLS 1.2, RSA key exchange alone: the runtime connects over 1.3.
        https("no forward-secret suite", "no-fs.example.com", "X-7", Status.FAIL,
                pki.leaf("no-fs.example.com").rsa(2048).issue().sslContext(false, List.of("TLSv1.3", "TLSv1.2"),
                        List.of("TLS_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256")));
        DisposableServer redirect = bind(HttpServer.create()
                .secure(spec -> spec.sslContext(pki.leaf("redirect.example.com").issue().sslContext(false)))
                .route(r -> r.get("/", (req, res) -> res.status(302)
                        .header("Location", "https://unlisted.example.org/login").send())));
        add("redirect to an unlisted domain", "redirect.example.com", redirect.port(), "P-2", Status.FAIL);
        // Never dialled: the checker refuses the private answer before connecting.
        requestDomains.add("https://" + PRIVATE_HOST);
        cases.add(new Case("DNS answers 10.0.0.5", "https://" + PRIVATE_HOST + "/", "P-11", Status.FAIL));
        DisposableServer echo = TcpServer.create().host("127.0.0.1").port(0)
                .handle((in, out) -> out.send(in.receive().retain())).bindNow(WAIT);
        servers.add(echo);
        hosts.put("tcp.example.com", "127.0.0.1");
        config.domains(ApiKind.TCP, "tcp.example.com");
        cases.add(new Case("good (tcp)", "tcp.example.com:" + echo.port(), "", Status.PASS));
        cases.add(new Case("refused port", "tcp.example.com:3306", "P-12p", Status.FAIL));
        DisposableServer rejecting = bind(HttpServer.create()
                .secure(spec -> spec.sslContext(pki.leaf("ws-reject.example.com").issue().sslContext(false)))
                .route(r -> r.get("/**", (req, res) -> res.status(403).send())));
        hosts.put("ws-reject.example.com", "127.0.0.1");
        socketDomains.add("wss://ws-reject.example.com:" + rejecting.port());
        cases.add(new Case("WebSocket handshake rejected", "wss://ws-reject.example.com:" + rejecting.port() + "/chat",
                "S-1", Status.FAIL));
        config.domains(ApiKind.REQUEST, requestDomains.toArray(String[]::new));
        config.domains(ApiKind.CONNECT_SOCKET, socketDomains.toArray(String[]::new));
        hosts.forEach(config::host);
    }

    /** The matrix, its servers listening. Close it after use. */
    static Matrix start() {
        return new Matrix();
    }

    private void good(String fault, String host, boolean h2) {
        HttpServer s = HttpServer.create()
                .secure(spec -> spec.sslContext(pki.leaf(host).issue().sslContext(h2)))
                .route(r -> r.get("/", (req, res) -> res.sendString(Mono.just("ok")))
                        .ws("/chat", (in, out) -> in.receive().then(), wsSpec()));
        DisposableServer server = bind(h2 ? s.protocol(HttpProtocol.H2, HttpProtocol.HTTP11) : s);
        add(fault, host, server.port(), "", Status.PASS);
        if (!h2) {
            socketDomains.add("wss://" + host + ":" + server.port());
            cases.add(new Case("good (wss)", "wss://" + host + ":" + server.port() + "/chat", "", Status.PASS));
        }
    }

    private static reactor.netty.http.server.WebsocketServerSpec wsSpec() {
        return reactor.netty.http.server.WebsocketServerSpec.builder().protocols("chat").build();
    }

    private void https(String fault, String host, String rule, Status status, SslContext context) {
        DisposableServer s = bind(HttpServer.create().secure(spec -> spec.sslContext(context))
                .route(r -> r.get("/", (req, res) -> res.sendString(Mono.just("ok")))));
        add(fault, host, s.port(), rule, status);
    }

    private void add(String fault, String host, int port, String rule, Status status) {
        hosts.put(host, "127.0.0.1");
        requestDomains.add("https://" + host + ":" + port);
        cases.add(new Case(fault, "https://" + host + ":" + port + "/", rule, status));
    }

    private DisposableServer bind(HttpServer server) {
        DisposableServer s = server.host("127.0.0.1").port(0).bindNow(WAIT);
        servers.add(s);
        return s;
    }

    /** The config: every server's domain with its port, every name mapped to 127.0.0.1 but {@value #PRIVATE_HOST}. */
    NetworkConfig config() {
        return config.build();
    }

    /** The resolver of names outside {@code hosts}: {@value #PRIVATE_HOST} is 10.0.0.5, any other has no address. */
    static HostResolver resolver() {
        return host -> {
            if (!host.equals(PRIVATE_HOST)) {
                return Mono.error(new UnknownHostException(host + ": NXDOMAIN (the test resolver knows no other name)"));
            }
            try {
                return Mono.just(List.of(InetAddress.getByAddress(PRIVATE_HOST, new byte[] {10, 0, 0, 5})));
            } catch (UnknownHostException e) {
                return Mono.error(e);
            }
        };
    }

    List<Case> cases() {
        return List.copyOf(cases);
    }

    List<String> targets() {
        return cases.stream().map(Case::target).collect(Collectors.toList());
    }

    /**
     * Writes {@code dir}/mpnet.json (the matrix's domains, its {@code hosts} with {@value #PRIVATE_HOST}
     * mapped to {@value #PRIVATE_ADDRESS}, and {@code tls.trustStore}) and the trust store beside it,
     * for the command line; returns the file.
     */
    Path writeProject(Path dir) {
        try {
            Files.createDirectories(dir);
            pki.trustStoreFile(dir);
            Map<String, String> all = new LinkedHashMap<>(hosts);
            all.put(PRIVATE_HOST, PRIVATE_ADDRESS);
            String json = "{\n  \"appId\": \"wx0123456789abcdef\",\n  \"version\": \"0\",\n  \"domains\": {\n"
                    + "    \"request\": " + array(requestDomains) + ",\n"
                    + "    \"socket\": " + array(socketDomains) + ",\n"
                    + "    \"tcp\": [\"tcp.example.com\"]\n  },\n"
                    + "  \"hosts\": {" + all.entrySet().stream().map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
                            .collect(Collectors.joining(", ")) + "},\n"
                    + "  \"tls\": {\"trustStore\": \"" + TestPki.TRUST_STORE_FILE + "\", \"password\": \""
                    + TestPki.PASSWORD + "\"}\n}\n";
            Path file = dir.resolve("mpnet.json");
            Files.writeString(file, json);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String array(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public void close() {
        servers.forEach(DisposableServer::disposeNow);
    }
}
