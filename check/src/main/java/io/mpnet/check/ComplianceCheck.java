package io.mpnet.check;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.policy.ServerDomain;
import io.mpnet.runtime.HostResolver;
import io.mpnet.runtime.MiniProgramNetwork;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Judges a backend the way the phones will, with the runtime's own rules: for each target (a URL, or
 * {@code host:port} for tcp) the domain and port (P), DNS (P-11), TCP, the TLS versions and suites,
 * the chain as the server sends it (X), the HTTP probe path and its redirects (R-4, R-7, P-2) or the
 * WebSocket handshake (S-1, S-3). Targets are probed concurrently (at most {@link Builder#concurrency}
 * at once), each within its own time limit; all I/O is non-blocking (Reactor Netty).
 *
 * <pre>{@code
 * ComplianceReport report = ComplianceCheck.builder(NetworkConfig.load(Path.of("mpnet.json"))).build()
 *         .run().block(Duration.ofMinutes(1));
 * assertThat(report.failed()).isFalse();
 * }</pre>
 */
public final class ComplianceCheck {

    /** The default time limit of one target. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The default number of targets probed at once. */
    public static final int DEFAULT_CONCURRENCY = 8;

    private final NetworkConfig config;
    private final @Nullable KeyStore trustStore;
    private final @Nullable HostResolver resolver;
    private final @Nullable DeviceView device;
    private final int concurrency;
    private final Duration timeout;
    private final Map<ApiKind, String> probePaths;
    private final List<String> socketProtocols;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Consumer<TargetReport> onTarget;

    private ComplianceCheck(Builder b) {
        this.config = b.config;
        this.trustStore = b.trustStore != null ? b.trustStore : b.config.tls() != null ? b.config.tls().load() : null;
        this.resolver = b.resolver;
        this.device = b.device;
        this.concurrency = b.concurrency;
        this.timeout = b.timeout;
        this.probePaths = Map.copyOf(b.probePaths);
        this.socketProtocols = List.copyOf(b.socketProtocols);
        this.scheduler = b.scheduler;
        this.clock = b.clock;
        this.onTarget = b.onTarget;
    }

    /** A check of the backends of {@code config}: its domains, {@code hosts} map and {@code tls} trust store. */
    public static Builder builder(NetworkConfig config) {
        return new Builder(Objects.requireNonNull(config, "config"));
    }

    /**
     * The targets of the configuration: each https domain of request, uploadFile and downloadFile once
     * (the first kind it is configured for), each wss domain of socket. tcp domains name no port, so
     * they are checked only when given as {@code host:port}.
     */
    public List<String> configuredTargets() {
        Set<String> out = new LinkedHashSet<>();
        for (ApiKind kind : List.of(ApiKind.REQUEST, ApiKind.UPLOAD_FILE, ApiKind.DOWNLOAD_FILE, ApiKind.CONNECT_SOCKET)) {
            for (ServerDomain d : config.domains(kind)) {
                String scheme = d.scheme() != null ? d.scheme() : kind == ApiKind.CONNECT_SOCKET ? "wss" : "https";
                out.add(scheme + "://" + d.host() + (d.hasPort() ? ":" + d.port() : "") + "/");
            }
        }
        return List.copyOf(out);
    }

    /** Checks {@link #configuredTargets()}. */
    public Mono<ComplianceReport> run() {
        return run(configuredTargets());
    }

    /**
     * Checks {@code targets}: {@code https://...} as request (or the first of uploadFile, downloadFile
     * whose domains hold its host), {@code wss://...} as connectSocket, {@code host:port} as tcp; any
     * other scheme as request, where P-1 refuses it.
     *
     * @throws IllegalArgumentException when a target is neither a URL nor {@code host:port}
     */
    public Mono<ComplianceReport> run(List<String> targets) {
        List<Map.Entry<ApiKind, String>> kinds = new ArrayList<>();
        for (String t : targets) {
            kinds.add(Map.entry(kindOf(t), t));
        }
        long start = System.nanoTime();
        return Mono.usingWhen(Mono.fromCallable(this::runtime),
                net -> {
                    TargetProbe probe = new TargetProbe(net, new Handshakes(trustStore), trustStore == null, probePaths,
                            socketProtocols, timeout, scheduler, clock);
                    return Flux.fromIterable(kinds)
                            .flatMapSequential(e -> probe.run(e.getKey(), e.getValue()).doOnNext(onTarget), concurrency)
                            .collectList();
                },
                MiniProgramNetwork::disposeLater)
                .map(reports -> new ComplianceReport(reports, anchors(), Duration.ofNanos(System.nanoTime() - start)));
    }

    private MiniProgramNetwork runtime() {
        MiniProgramNetwork.Builder b = MiniProgramNetwork.builder(config);
        if (trustStore != null) {
            b.trustStore(trustStore);
        }
        if (resolver != null) {
            b.resolver(resolver);
        }
        if (device != null) {
            b.device(device);
        }
        return b.build();
    }

    private ApiKind kindOf(String target) {
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("wss://") || lower.startsWith("ws://")) {
            return ApiKind.CONNECT_SOCKET;
        }
        int scheme = target.indexOf("://");
        if (scheme > 0) {
            String host = hostOf(target.substring(scheme + 3));
            for (ApiKind k : List.of(ApiKind.REQUEST, ApiKind.DOWNLOAD_FILE, ApiKind.UPLOAD_FILE)) {
                if (config.domains(k).stream().anyMatch(d -> d.host().equalsIgnoreCase(host))) {
                    return k;
                }
            }
            return ApiKind.REQUEST;
        }
        if (target.matches("[^/\\s]+:\\d+")) {
            return ApiKind.TCP;
        }
        throw new IllegalArgumentException("target '" + target + "' is neither a URL (https://api.example.com,"
                + " wss://ws.example.com/chat) nor host:port for tcp (tcp.example.com:9000)");
    }

    private static String hostOf(String authorityAndPath) {
        String a = authorityAndPath.split("[/?#]", 2)[0];
        if (a.startsWith("[")) {
            return a.substring(0, a.indexOf(']') + 1);
        }
        int colon = a.lastIndexOf(':');
        return colon >= 0 ? a.substring(0, colon) : a;
    }

    /** Which trust anchors the certificate checks use, said in the report. */
    private String anchors() {
        List<X509Certificate> list = acceptedIssuers(trustStore);
        if (trustStore == null) {
            return "the JDK's trust store (" + list.size() + " anchors); the phones judge against their own system"
                    + " root stores, which may differ";
        }
        return "the trust store given (" + list.size() + " anchor" + (list.size() == 1 ? "" : "s") + ": "
                + list.stream().map(c -> c.getSubjectX500Principal().getName()).collect(Collectors.joining("; "))
                + "); the phones judge against their own system root stores";
    }

    private static List<X509Certificate> acceptedIssuers(@Nullable KeyStore ks) {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(ks);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return List.of(x.getAcceptedIssuers());
                }
            }
            return List.of();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the trust store (X-2): " + e.getMessage(), e);
        }
    }

    /** Options of a {@link ComplianceCheck}. Not thread-safe. */
    public static final class Builder {

        private final NetworkConfig config;
        private @Nullable KeyStore trustStore;
        private @Nullable HostResolver resolver;
        private @Nullable DeviceView device;
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration timeout = DEFAULT_TIMEOUT;
        private final Map<ApiKind, String> probePaths = new EnumMap<>(ApiKind.class);
        private final List<String> socketProtocols = new ArrayList<>();
        private Scheduler scheduler = Schedulers.parallel();
        private Clock clock = Clock.systemUTC();
        private Consumer<TargetReport> onTarget = r -> { };

        private Builder(NetworkConfig config) {
            this.config = config;
        }

        /** The trust anchors instead of the config's {@code tls} and the JDK's. */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            return this;
        }

        /** The resolver for names absent from the config's {@code hosts}. Default: the runtime's DNS. */
        public Builder resolver(HostResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** The device the P-10/P-11 rules judge against. Default: this machine's interfaces, as the runtime. */
        public Builder device(DeviceView device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** How many targets are probed at once (default 8). */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency " + concurrency + " is below 1; give at least 1");
            }
            this.concurrency = concurrency;
            return this;
        }

        /** The time limit of one target, all its checks together (default 10 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout " + timeout + " is not positive; give a time limit above 0 (T-1)");
            }
            this.timeout = timeout;
            return this;
        }

        /** The path requested on each target of {@code kind} (default: the target URL as given). */
        public Builder probePath(ApiKind kind, String path) {
            this.probePaths.put(kind, Objects.requireNonNull(path, "path"));
            return this;
        }

        /** The sub-protocols a WebSocket handshake offers (default none). */
        public Builder socketProtocols(String... protocols) {
            this.socketProtocols.clear();
            this.socketProtocols.addAll(List.of(protocols));
            return this;
        }

        /** The scheduler of the time limits (a virtual one in tests). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The clock certificate dates are judged at. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Called with each target's report as it finishes (the command line's progress line). */
        public Builder onTarget(Consumer<TargetReport> onTarget) {
            this.onTarget = Objects.requireNonNull(onTarget, "onTarget");
            return this;
        }

        /** The check. */
        public ComplianceCheck build() {
            return new ComplianceCheck(this);
        }

    }
}
