package io.mpnet.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.NetworkConfig;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class TimeLimitTest {

    @Test
    @DisplayName("T-1 a target whose DNS never answers fails its own time limit, in virtual time, and the others go on")
    void dnsNeverAnswers() {
        NetworkConfig config = NetworkConfig.builder().appId("wx0123456789abcdef").version("0")
                .domains(ApiKind.REQUEST, "https://slow.example.com", "https://nxdomain.example.com").build();
        StepVerifier.withVirtualTime(() -> ComplianceCheck.builder(config)
                        .resolver(host -> host.startsWith("slow") ? Mono.never()
                                : Mono.error(new java.net.UnknownHostException(host + ": NXDOMAIN")))
                        .timeout(Duration.ofSeconds(5))
                        .scheduler(VirtualTimeScheduler.get())
                        .build()
                        .run())
                .thenAwait(Duration.ofSeconds(5))
                .assertNext(report -> {
                    TargetReport slow = report.target("https://slow.example.com/");
                    assertThat(slow.with(Status.FAIL)).extracting(CheckResult::rule).containsExactly("T-1");
                    TargetReport nx = report.target("https://nxdomain.example.com/");
                    assertThat(nx.with(Status.FAIL)).extracting(CheckResult::rule).containsExactly("R-4");
                    assertThat(nx.with(Status.FAIL).get(0).seen()).contains("NXDOMAIN");
                })
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("T-1 targets are probed concurrently, at most `concurrency` at once, each within its own limit")
    void boundedConcurrency() {
        NetworkConfig.Builder b = NetworkConfig.builder().appId("wx0123456789abcdef").version("0");
        java.util.List<String> targets = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            b.domains(ApiKind.REQUEST, "https://slow" + i + ".example.com");
            targets.add("https://slow" + i + ".example.com/");
        }
        NetworkConfig config = b.build();
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        StepVerifier.withVirtualTime(() -> ComplianceCheck.builder(config)
                        .resolver(host -> Mono.<java.util.List<java.net.InetAddress>>never()
                                .doOnSubscribe(s -> most.accumulateAndGet(inFlight.incrementAndGet(), Math::max))
                                .doOnCancel(inFlight::decrementAndGet))
                        .concurrency(3)
                        .timeout(Duration.ofSeconds(5))
                        .scheduler(VirtualTimeScheduler.get())
                        .build()
                        .run(targets))
                .thenAwait(Duration.ofSeconds(15))
                .then(() -> assertThat(inFlight.get()).as("three rounds of three done, the tenth running").isEqualTo(1))
                .thenAwait(Duration.ofSeconds(5))
                .assertNext(report -> {
                    assertThat(report.targets()).extracting(TargetReport::target).containsExactlyElementsOf(targets);
                    assertThat(report.targets()).allSatisfy(t ->
                            assertThat(t.with(Status.FAIL)).extracting(CheckResult::rule).containsExactly("T-1"));
                })
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        assertThat(most.get()).as("at most 3 targets at once").isEqualTo(3);
    }
}
