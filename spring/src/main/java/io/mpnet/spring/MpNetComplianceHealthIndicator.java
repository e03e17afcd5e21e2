package io.mpnet.spring;

import io.mpnet.check.CheckResult;
import io.mpnet.check.ComplianceCheck;
import io.mpnet.check.ComplianceReport;
import io.mpnet.check.Status;
import io.mpnet.check.TargetReport;
import java.time.Duration;
import java.util.stream.Collectors;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import reactor.core.publisher.Mono;

/**
 * UP when no check of the configured domains fails (warnings are details), DOWN naming each failing
 * target with its rule ids; the report is computed at most once per cache time, and concurrent health
 * requests share one run.
 */
final class MpNetComplianceHealthIndicator implements HealthIndicator {

    private final Mono<Health> cached;
    private final Duration wait;

    MpNetComplianceHealthIndicator(ComplianceCheck check, Duration ttl, Duration timeout) {
        this.cached = Mono.defer(check::run).map(MpNetComplianceHealthIndicator::health)
                .onErrorResume(e -> Mono.just(Health.down().withException(e).build()))
                .cache(h -> ttl, e -> Duration.ZERO, () -> Duration.ZERO);
        // every domain within its own limit, probed concurrently: a generous bound for the whole run
        this.wait = timeout.multipliedBy(check.configuredTargets().size() + 1L);
    }

    @Override
    public Health health() {
        Health h = cached.block(wait);
        return h != null ? h : Health.unknown().build();
    }

    private static Health health(ComplianceReport report) {
        Health.Builder b = report.failed() ? Health.down() : Health.up();
        b.withDetail("trustAnchors", report.trustAnchors());
        for (TargetReport t : report.targets()) {
            String notPassed = t.checks().stream().filter(c -> c.status() != Status.PASS)
                    .map(MpNetComplianceHealthIndicator::line).collect(Collectors.joining("; "));
            b.withDetail(t.target(), t.status() + (notPassed.isEmpty() ? "" : ": " + notPassed));
        }
        return b.build();
    }

    private static String line(CheckResult c) {
        return c.status() + " " + c.rule() + " " + c.name() + ": " + c.seen();
    }
}
