package io.mpnet.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks a builder's raw values. STUB: replaced by the full C-2 validation. */
final class ConfigValidator {

    private ConfigValidator() {
    }

    static NetworkConfig validate(NetworkConfig.Builder b) {
        Profile profile = Profile.named(b.profile);
        Map<ApiKind, List<ServerDomain>> domains = new EnumMap<>(ApiKind.class);
        b.domains.forEach((kind, list) -> {
            List<ServerDomain> parsed = new ArrayList<>();
            for (String d : list) {
                parsed.add(ServerDomain.parse(kind, d, profile));
            }
            domains.put(kind, parsed);
        });
        Map<ApiKind, Duration> timeouts = new EnumMap<>(ApiKind.class);
        b.networkTimeoutMillis.forEach((k, v) -> timeouts.put(k, Duration.ofMillis(v)));
        Map<String, InetAddress> hosts = new LinkedHashMap<>();
        b.hosts.forEach((k, v) -> {
            try {
                hosts.put(k.toLowerCase(java.util.Locale.ROOT), InetAddress.getByName(v));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        });
        return new NetworkConfig(b.appId, b.version, profile, b.urlCheck, domains, b.prefetchDns,
                timeouts, hosts, b.tls);
    }
}
