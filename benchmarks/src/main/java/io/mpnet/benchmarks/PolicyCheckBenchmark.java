package io.mpnet.benchmarks;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.PolicyDecision;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
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
 * {@link NetworkPolicy#check} on an allowed URL, against the baseline a developer would write
 * with {@code java.net.URI}: parse, lower-case the host, look it up in a set, check scheme and port.
 * Run with {@code -prof gc} for the bytes allocated per check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyCheckBenchmark {

    /** Domains configured per API kind; 20 is the platform maximum (P-7). */
    @Param({"1", "5", "20"})
    int domains;

    private NetworkPolicy policy;
    private Set<String> uriBaselineHosts;
    private String url;

    @Setup
    public void setUp() {
        NetworkConfig.Builder builder = NetworkConfig.builder().appId("wx0123456789abcdef");
        uriBaselineHosts = new HashSet<>();
        for (int i = 0; i < domains; i++) {
            builder.domains(ApiKind.REQUEST, "https://api-" + i + ".example.com");
            builder.domains(ApiKind.UPLOAD_FILE, "https://upload-" + i + ".example.com");
            builder.domains(ApiKind.DOWNLOAD_FILE, "https://cdn-" + i + ".example.com");
            builder.domains(ApiKind.CONNECT_SOCKET, "wss://ws-" + i + ".example.com");
            builder.domains(ApiKind.TCP, "tcp-" + i + ".example.com");
            uriBaselineHosts.add("api-" + i + ".example.com");
        }
        policy = NetworkPolicy.of(builder.build(), DeviceView.of("192.168.1.10/24"));
        url = "https://API-" + (domains - 1) + ".example.com/v1/users?id=42&lang=zh_CN";
        if (!policy.check(ApiKind.REQUEST, url).allowed() || !uriBaseline()) {
            throw new IllegalStateException("benchmark URL must be allowed by both");
        }
    }

    /** The policy's decision, target included. */
    @Benchmark
    public PolicyDecision policyCheck() {
        return policy.check(ApiKind.REQUEST, url);
    }

    /** The baseline: what {@code java.net.URI} costs for a looser version of the same question. */
    @Benchmark
    public boolean uriBaseline() {
        try {
            URI uri = new URI(url);
            String host = uri.getHost();
            return "https".equalsIgnoreCase(uri.getScheme()) && host != null && uri.getPort() == -1
                    && uriBaselineHosts.contains(host.toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
