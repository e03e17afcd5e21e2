package io.mpnet.policy;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One configured server domain, normalised: {@code https://pay.example.com:8443} is scheme
 * {@code https}, host {@code pay.example.com}, port 8443.
 *
 * @param scheme {@code https} or {@code wss}; {@code null} for tcp and udp hosts, which have none
 * @param host the ASCII host, lower case, without a trailing dot
 * @param port the configured port, or {@code -1} when none was configured
 */
public record ServerDomain(@Nullable String scheme, String host, int port) {

    public ServerDomain {
        Objects.requireNonNull(host, "host");
    }

    /** Whether a port was configured (P-4). */
    public boolean hasPort() {
        return port >= 0;
    }

    /**
     * Reads one entry of {@code domains.<kind>} under the profile's rules (P-1, P-3, P-4, P-8).
     *
     * @throws RuleViolation naming the rule the entry breaks
     */
    static ServerDomain parse(ApiKind kind, String text, Profile profile) {
        return DomainParser.parseServerDomain(kind, text, profile);
    }

    @Override
    public String toString() {
        return (scheme == null ? "" : scheme + "://") + host + (port >= 0 ? ":" + port : "");
    }
}
