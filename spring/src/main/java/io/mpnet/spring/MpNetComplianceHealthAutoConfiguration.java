package io.mpnet.spring;

import io.mpnet.check.ComplianceCheck;
import io.mpnet.policy.NetworkConfig;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@code mpnetCompliance} health indicator: {@code mpnet-check}'s checks of the configured domains,
 * where {@code mpnet-check} and Spring Boot's health support are on the class path. Off by default (a
 * health check that probes every backend is a choice): {@code management.health.mpnet-compliance.enabled=true}
 * turns it on; {@code management.health.mpnet-compliance.cache-ttl} (default 10m) is how long a result is
 * reused, {@code management.health.mpnet-compliance.timeout} (default 10s) each domain's time limit.
 */
@AutoConfiguration(after = MpNetAutoConfiguration.class)
@ConditionalOnClass(name = {"io.mpnet.check.ComplianceCheck", "org.springframework.boot.health.contributor.HealthIndicator"})
@ConditionalOnBooleanProperty("management.health.mpnet-compliance.enabled")
public class MpNetComplianceHealthAutoConfiguration {

    /** The indicator, over the application's {@link NetworkConfig} (its domains, hosts and trust store). */
    @Bean("mpnetCompliance")
    @ConditionalOnMissingBean(name = "mpnetCompliance")
    public HealthIndicator mpnetCompliance(NetworkConfig config, Environment env) {
        // Bound as Boot binds properties, so "10m" and "30s" read as they do everywhere else.
        Binder binder = Binder.get(env);
        Duration ttl = binder.bind("management.health.mpnet-compliance.cache-ttl", Duration.class)
                .orElse(Duration.ofMinutes(10));
        Duration timeout = binder.bind("management.health.mpnet-compliance.timeout", Duration.class)
                .orElse(ComplianceCheck.DEFAULT_TIMEOUT);
        return new MpNetComplianceHealthIndicator(ComplianceCheck.builder(config).timeout(timeout).build(), ttl, timeout);
    }
}
