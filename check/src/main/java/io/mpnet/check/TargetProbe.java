package io.mpnet.check;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.PolicyDecision;
import io.mpnet.policy.Target;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.RequestOptions;
import io.mpnet.runtime.SocketEvent;
import io.mpnet.runtime.SocketOptions;
import io.mpnet.runtime.spi.TlsChecks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.tcp.TcpClient;

/**
 * The checks of one target, in order, each only when the one before passed: the domain and port
 * (P), DNS (P-11), TCP, then for https and wss the TLS handshakes (X), the certificate facts, and
 * the HTTP request or WebSocket handshake through the runtime itself. Every rule is judged by the
 * code the runtime uses ({@link NetworkPolicy}, {@link TlsChecks}, {@link MiniProgramNetwork}); only the
 * rules the phones apply and the runtime does not (X-6..X-11) are judged here.
 */
final class TargetProbe {

    private final MiniProgramNetwork net;
    private final NetworkPolicy policy;
    private final NetworkConfig config;
    private final Handshakes handshakes;
    private final boolean publicAnchors;
    private final Map<ApiKind, String> probePaths;
    private final List<String> socketProtocols;
    private final Duration limit;
    private final Scheduler scheduler;
    private final Clock clock;

    TargetProbe(MiniProgramNetwork net, Handshakes handshakes, boolean publicAnchors, Map<ApiKind, String> probePaths,
            List<String> socketProtocols, Duration limit, Scheduler scheduler, Clock clock) {
        this.net = net;
        this.policy = net.policy();
        this.config = net.config();
        this.handshakes = handshakes;
        this.publicAnchors = publicAnchors;
        this.probePaths = probePaths;
        this.socketProtocols = socketProtocols;
        this.limit = limit;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** The report of {@code input} checked as {@code kind}, within the time limit; never fails. */
    Mono<TargetReport> run(ApiKind kind, String input) {
        List<CheckResult> out = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        return Mono.defer(() -> steps(kind, input, out))
                .timeout(limit, Mono.fromRunnable(() -> out.add(CheckResult.fail("time limit", "T-1",
                        "the checks did not finish within " + limit.toMillis() + " ms",
                        "make the server answer sooner, or give the check a longer time limit (--timeout)"))), scheduler)
                .onErrorResume(e -> {
                    out.add(CheckResult.fail("probe", "E-2", "the check itself failed: " + e,
                            "report this as a defect of mpnet-check, with this line"));
                    return Mono.empty();
                })
                .then(Mono.fromSupplier(() -> {
                    synchronized (out) {
                        return new TargetReport(input, kind.apiName(), List.copyOf(out),
                                Duration.ofNanos(System.nanoTime() - start));
                    }
                }));
    }

    private Mono<Void> steps(ApiKind kind, String input, List<CheckResult> out) {
        PolicyDecision d;
        if (kind == ApiKind.TCP) {
            int colon = input.lastIndexOf(':');
            int port;
            try {
                port = Integer.parseInt(input.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1; // judged by the policy: outside 1-65535
            }
            d = policy.checkAddress(ApiKind.TCP, input.substring(0, Math.max(colon, 0)), port);
        } else {
            d = policy.check(kind, input);
        }
        if (!d.allowed()) {
            out.add(failure("domain and port", d.rule(), d.explanation()));
            return Mono.empty();
        }
        Target t = d.orThrow();
        out.add(CheckResult.pass("domain and port", kind == ApiKind.TCP ? "P-12" : "P-2", "'" + t.host() + "' port "
                + t.port() + " is allowed for " + kind.apiName()));
        return resolve(kind, t, out).flatMap(address -> connect(kind, t, address, out)
                .flatMap(at -> kind == ApiKind.TCP ? Mono.<Void>empty() : tls(kind, input, t, at, out)));
    }

    // ---- DNS -----------------------------------------------------------------------------------

    private Mono<InetAddress> resolve(ApiKind kind, Target t, List<CheckResult> out) {
        Optional<InetAddress> mapped = config.mappedAddress(t.host());
        InetAddress literal = t.literalAddress();
        boolean fromHosts = mapped.isPresent();
        Mono<List<InetAddress>> answers = mapped.isPresent() ? Mono.just(List.of(mapped.get()))
                : literal != null ? Mono.just(List.of(literal))
                : net.resolver().resolve(t.host());
        String source = fromHosts ? " (from the hosts map)" : literal != null ? " (an address literal)" : "";
        return answers
                .onErrorResume(e -> {
                    out.add(CheckResult.fail("DNS", networkRule(kind), "no address for '" + t.host() + "': " + e.getMessage(),
                            "publish an A or AAAA record for " + t.host() + " in public DNS"));
                    return Mono.empty();
                })
                .flatMap(list -> {
                    if (list.isEmpty()) {
                        out.add(CheckResult.fail("DNS", networkRule(kind), "DNS has no address for '" + t.host() + "'",
                                "publish an A or AAAA record for " + t.host() + " in public DNS"));
                        return Mono.empty();
                    }
                    String seen = list.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
                    for (InetAddress a : list) {
                        PolicyDecision d = policy.checkResolved(kind, t, a, fromHosts);
                        if (!d.allowed()) {
                            out.add(failure("DNS", d.rule(), d.explanation()));
                            return Mono.empty();
                        }
                        String privateRange = PrivateAddresses.range(a);
                        if (privateRange != null) {
                            // Never dialled: a private answer is refused before any connection.
                            out.add(CheckResult.fail("DNS", "P-11", "'" + t.host() + "' answers " + a.getHostAddress() + source
                                    + ", a private address (" + privateRange + ") that phones on the internet cannot reach",
                                    "publish the server's public address for " + t.host() + " in DNS"));
                            return Mono.empty();
                        }
                    }
                    out.add(CheckResult.pass("DNS", "P-11", "'" + t.host() + "' answers " + seen + source));
                    return Mono.just(policy.dialled(kind, t, list.get(0), fromHosts));
                });
    }

    // ---- TCP -----------------------------------------------------------------------------------

    private Mono<InetSocketAddress> connect(ApiKind kind, Target t, InetAddress address, List<CheckResult> out) {
        InetSocketAddress at = named(t.host(), address, t.port());
        long start = System.nanoTime();
        return TcpClient.newConnection()
                .remoteAddress(() -> at)
                .connect()
                .map(c -> {
                    c.dispose();
                    out.add(CheckResult.pass("TCP connect", networkRule(kind), "connected to " + address.getHostAddress()
                            + " port " + t.port() + " in " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms"));
                    return at;
                })
                .onErrorResume(e -> {
                    out.add(CheckResult.fail("TCP connect", networkRule(kind), "cannot connect to "
                            + address.getHostAddress() + " port " + t.port() + ": " + e.getMessage(),
                            "make the server listen on port " + t.port() + " and open it to the internet"));
                    return Mono.empty();
                });
    }

    /** The address dialled, carrying the host name so SNI and the host-name check use it, as the runtime's dialling does. */
    private static InetSocketAddress named(String host, InetAddress address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(host, address.getAddress()), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // the bytes come from an InetAddress: always 4 or 16
        }
    }

    // ---- TLS -----------------------------------------------------------------------------------

    private Mono<Void> tls(ApiKind kind, String input, Target t, InetSocketAddress at, List<CheckResult> out) {
        return Mono.zip(handshakes.tls13(at, limit), handshakes.tls12(at, limit), handshakes.forwardSecret12(at, limit),
                        handshakes.runtimeRules(at, limit))
                .flatMap(z -> {
                    if (!z.getT1().ok() && !z.getT2().ok()) {
                        return oldVersions(kind, t, at, z.getT2(), z.getT4(), out);
                    }
                    boolean passed = judgeTls(kind, t, z.getT1(), z.getT2(), z.getT3(), z.getT4(), out);
                    if (!passed) {
                        return Mono.empty();
                    }
                    return kind == ApiKind.CONNECT_SOCKET ? webSocket(input, out) : http(kind, input, out);
                });
    }

    /**
     * Neither TLS 1.3 nor 1.2: the runtime's own wording says what the server offers or why not
     * TLS 1.1 and 1.0 are tried to say which it accepts, where this JVM offers them.
     */
    private Mono<Void> oldVersions(ApiKind kind, Target t, InetSocketAddress at, Handshakes.Outcome v12,
            Handshakes.Outcome rules, List<CheckResult> out) {
        MpNetException e = (rules.ok() ? Optional.<MpNetException>empty() : TlsChecks.classify(kind, t.host(), rules.error()))
                .orElseGet(() -> new MpNetException(kind, io.mpnet.policy.FailReason.SSL_HANDSHAKE, "X-5",
                        "the TLS handshake with " + t.host() + " failed: " + message(v12.error())));
        CheckResult f = failure("TLS versions", e.rule(), e.explanation());
        if (!Handshakes.enabledHere("TLSv1.1") || !Handshakes.enabledHere("TLSv1")) {
            out.add(new CheckResult(f.name(), f.status(), f.rule(), f.seen() + "; TLS 1.1 and 1.0 not probed: this JVM"
                    + " disables them (jdk.tls.disabledAlgorithms)", f.fix()));
            return Mono.empty();
        }
        Duration each = limit.dividedBy(3); // a server that half-speaks an old version must not take the whole limit
        return Mono.zip(handshakes.tls11(at, each), handshakes.tls10(at, each))
                .doOnNext(old -> {
                    List<String> accepted = new ArrayList<>();
                    if (old.getT1().ok()) {
                        accepted.add("TLS 1.1");
                    }
                    if (old.getT2().ok()) {
                        accepted.add("TLS 1.0");
                    }
                    out.add(new CheckResult(f.name(), f.status(), f.rule(), f.seen() + (accepted.isEmpty()
                            ? "; probed alone, it accepts neither TLS 1.1 nor TLS 1.0 (" + message(old.getT1().error()) + ")"
                            : "; probed alone, it accepts " + String.join(" and ", accepted)), f.fix()));
                })
                .then();
    }

    /** The TLS checks from the four handshakes; whether the runtime's own handshake succeeded. */
    private boolean judgeTls(ApiKind kind, Target t, Handshakes.Outcome v13, Handshakes.Outcome v12,
            Handshakes.Outcome fs12, Handshakes.Outcome rules, List<CheckResult> out) {
        Optional<MpNetException> refusal = rules.ok() ? Optional.empty()
                : TlsChecks.classify(kind, t.host(), rules.error());
        List<String> accepted = new ArrayList<>();
        if (v13.ok()) {
            accepted.add("TLS 1.3");
        }
        if (v12.ok()) {
            accepted.add("TLS 1.2");
        }
        out.add(CheckResult.pass("TLS versions", "X-1", "accepts " + String.join(" and ", accepted)
                + " (nothing older is offered by this check: the JDK disables it)"));
        if (v12.ok()) {
            out.add(CheckResult.pass("TLS 1.2 for older phones", "X-6", "accepts TLS 1.2"));
            if (fs12.ok()) {
                out.add(CheckResult.pass("forward-secret suite", "X-7", "on TLS 1.2 it chose " + fs12.cipher()));
            } else {
                out.add(CheckResult.fail("forward-secret suite", "X-7", "on TLS 1.2 it accepts no ECDHE suite with AES-GCM"
                        + " or ChaCha20-Poly1305 (offered all of them alone, it refused: " + message(fs12.error())
                        + "); offered the JDK's suites it chose " + v12.cipher(),
                        "enable TLS_ECDHE_*_WITH_AES_128_GCM_SHA256 (or another ECDHE AEAD suite) for TLS 1.2, which"
                        + " App Transport Security on iOS requires"));
            }
        } else {
            out.add(CheckResult.fail("TLS 1.2 for older phones", "X-6", "accepts TLS 1.3 only, refused TLS 1.2 ("
                    + message(v12.error()) + ")", "enable TLS 1.2 beside TLS 1.3: phones whose system stops at TLS 1.2"
                    + " cannot connect otherwise"));
        }
        if (refusal.isEmpty()) {
            out.add(CheckResult.pass("self-signed", "X-3", "the certificate is issued by a CA"));
            out.add(CheckResult.pass("distrusted CA", "X-4", "no CA of the chain is on the distrust list"));
            out.add(CheckResult.pass("certificate chain", "X-2", "complete as sent to a trust anchor, for " + t.host()
                    + ", in date (" + rules.chain().size() + " certificate" + (rules.chain().size() == 1 ? "" : "s")
                    + " sent)"));
            out.add(CheckResult.pass("HTTP/2", "R-11", "h2".equals(rules.alpn()) ? "h2 by ALPN"
                    : "no h2 by ALPN (http/1.1): the phones use HTTP/1.1"));
        } else {
            String rule = refusal.get().rule();
            // The runtime judges X-3, then X-4, then the chain: a later rule's refusal means the earlier passed.
            if (rule.equals("X-4") || rule.equals("X-2")) {
                out.add(CheckResult.pass("self-signed", "X-3", "the certificate is issued by a CA"));
            }
            if (rule.equals("X-2")) {
                out.add(CheckResult.pass("distrusted CA", "X-4", "no CA of the chain is on the distrust list"));
            }
            out.add(failure(switch (rule) {
                case "X-3" -> "self-signed";
                case "X-4" -> "distrusted CA";
                case "X-2" -> "certificate chain";
                default -> "TLS handshake";
            }, rule, refusal.get().explanation()));
        }
        List<java.security.cert.X509Certificate> sent = v13.ok() ? v13.chain() : v12.chain();
        out.addAll(CertificateFacts.judge(sent, clock.instant(), publicAnchors));
        return refusal.isEmpty();
    }

    private static String message(@Nullable Throwable e) {
        if (e == null) {
            return "no error";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    // ---- HTTP and WebSocket, through the runtime -------------------------------------------------

    private Mono<Void> http(ApiKind kind, String input, List<CheckResult> out) {
        String url = probeUrl(kind, input);
        return net.request(RequestOptions.get(url).enableHttp2(true).timeout(limit).build())
                .doOnNext(r -> out.add(CheckResult.pass("HTTP", "R-4", "GET " + url + " answered " + r.statusCode()
                        + " over " + r.profile().protocol())))
                .onErrorResume(e -> {
                    String rule = e instanceof MpNetException m ? m.rule() : "R-4";
                    String why = e instanceof MpNetException m ? m.explanation() : String.valueOf(e);
                    // The first hop passed the same policy, so a P rule here refused a redirect hop.
                    out.add(failure("HTTP", rule, rule.startsWith("P-") ? "GET " + url + " redirects to a hop the"
                            + " rules refuse (R-7): " + why : why));
                    return Mono.empty();
                })
                .then();
    }

    private Mono<Void> webSocket(String input, List<CheckResult> out) {
        String url = probeUrl(ApiKind.CONNECT_SOCKET, input);
        SocketOptions options = SocketOptions.builder(url).protocols(socketProtocols.toArray(String[]::new))
                .timeout(limit).build();
        String[] chosen = {""};
        return net.connectSocket(options)
                .flatMap(task -> task.events()
                        .doOnNext(ev -> {
                            if (ev instanceof SocketEvent.Open open) {
                                chosen[0] = open.protocol();
                                task.close(1000, "mpnet-check").subscribe(v -> { }, e -> { });
                            }
                        })
                        .ofType(SocketEvent.Close.class)
                        .next())
                .doOnNext(close -> {
                    String handshake = "the handshake to " + url + " succeeded with the platform's Referer"
                            + (socketProtocols.isEmpty() ? "" : ", sub-protocol '" + chosen[0] + "' of " + socketProtocols);
                    out.add(CheckResult.pass("WebSocket handshake", "S-1", handshake));
                    out.add(close.code() == 1000
                            ? CheckResult.pass("WebSocket close", "S-3", "a 1000 close was answered with " + close.code())
                            : CheckResult.fail("WebSocket close", "S-5", "a 1000 close was answered with " + close.code()
                                    + (close.reason().isEmpty() ? "" : " '" + close.reason() + "'"),
                                    "answer a close frame with a close frame (1000) before closing the connection"));
                })
                .onErrorResume(e -> {
                    out.add(failure("WebSocket handshake", e instanceof MpNetException m ? m.rule() : "S-1",
                            e instanceof MpNetException m ? m.explanation() : String.valueOf(e)));
                    return Mono.empty();
                })
                .then();
    }

    private String probeUrl(ApiKind kind, String input) {
        String path = probePaths.get(kind);
        if (path == null) {
            return input;
        }
        String origin = Target.origin(input);
        return (origin != null ? origin : input) + (path.startsWith("/") ? path : "/" + path);
    }

    // ---- wording ---------------------------------------------------------------------------------

    private static String networkRule(ApiKind kind) {
        return kind == ApiKind.TCP ? "N-3" : "R-4";
    }

    /**
     * A failure worded by the rule code that found it: its explanation says what is wrong, then the fix
     * after the first "; " (the runtime's and the policy's messages all do), and the rule id in brackets is dropped.
     */
    static CheckResult failure(String name, String rule, String explanation) {
        String text = explanation.endsWith(" (" + rule + ")")
                ? explanation.substring(0, explanation.length() - rule.length() - 3) : explanation;
        int cut = text.indexOf("; ");
        if (cut < 0) {
            return CheckResult.fail(name, rule, text, Fixes.of(rule));
        }
        return CheckResult.fail(name, rule, text.substring(0, cut), text.substring(cut + 2));
    }
}
