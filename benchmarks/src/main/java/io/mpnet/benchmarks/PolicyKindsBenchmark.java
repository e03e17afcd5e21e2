package io.mpnet.benchmarks;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.PolicyDecision;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The policy's decision for each of the six API kinds with all six configured (appservice profile), at 1, 5 and 20
 * domains per kind (20 is the platform maximum, P-7): {@code check} for the URL kinds,
 * {@code checkAddress} for UDP and TCP, on the last domain configured. The cost should be flat in
 * the number of domains. {@link PolicyCheckBenchmark} compares one kind with a {@code java.net.URI} baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyKindsBenchmark {

    /** Domains configured per API kind. */
    @Param({"1", "5", "20"})
    int domains;

    /** The kind checked. */
    @Param({"REQUEST", "UPLOAD_FILE", "DOWNLOAD_FILE", "CONNECT_SOCKET", "UDP", "TCP"})
    ApiKind kind;

    private NetworkPolicy policy;
    private String target;

    @Setup
    public void setUp() {
        // the appservice profile: the only one where udp takes domains (P-12u), so all six kinds are configured
        NetworkConfig.Builder b = NetworkConfig.builder().appId("wx0123456789abcdef").profile("appservice");
        for (int i = 0; i < domains; i++) {
            b.domains(ApiKind.REQUEST, "https://api-" + i + ".example.com");
            b.domains(ApiKind.UPLOAD_FILE, "https://upload-" + i + ".example.com");
            b.domains(ApiKind.DOWNLOAD_FILE, "https://cdn-" + i + ".example.com");
            b.domains(ApiKind.CONNECT_SOCKET, "wss://ws-" + i + ".example.com");
            b.domains(ApiKind.UDP, "udp-" + i + ".example.com");
            b.domains(ApiKind.TCP, "tcp-" + i + ".example.com");
        }
        policy = NetworkPolicy.of(b.build(), DeviceView.of("192.168.1.10/24"));
        int last = domains - 1;
        target = switch (kind) {
            case REQUEST -> "https://api-" + last + ".example.com/v1/users?id=42&lang=zh_CN";
            case UPLOAD_FILE -> "https://upload-" + last + ".example.com/v1/avatar";
            case DOWNLOAD_FILE -> "https://cdn-" + last + ".example.com/img/42.png";
            case CONNECT_SOCKET -> "wss://ws-" + last + ".example.com:8443/chat";
            case UDP -> "udp-" + last + ".example.com";
            case TCP -> "tcp-" + last + ".example.com";
        };
        PolicyDecision d = decide();
        if (!d.allowed()) {
            throw new IllegalStateException("benchmark target must be allowed: " + d);
        }
    }

    /** The decision for the configured kind. */
    @Benchmark
    public PolicyDecision decide() {
        return kind.takesUrl() ? policy.check(kind, target) : policy.checkAddress(kind, target, 9000);
    }
}
