package io.mpnet.policy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a builder's raw values against the configuration rules (C) and the configuration-time rules of the policy (P-3, P-4,
 * P-7, P-8, P-12u, P-14), collecting every problem before throwing them together (C-2).
 */
final class ConfigValidator {

    /** The keys of {@code networkTimeout}, as in app.json. */
    static final Map<String, ApiKind> TIMEOUT_KEYS;

    static {
        Map<String, ApiKind> m = new LinkedHashMap<>();
        for (ApiKind k : List.of(ApiKind.REQUEST, ApiKind.CONNECT_SOCKET, ApiKind.UPLOAD_FILE, ApiKind.DOWNLOAD_FILE)) {
            m.put(k.apiName(), k);
        }
        TIMEOUT_KEYS = Collections.unmodifiableMap(m);
    }

    // appId and version become a path segment of the Referer (P-9): keep them to URL-safe characters
    private static final Pattern REFERER_SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");

    private ConfigValidator() {
    }

    static NetworkConfig validate(NetworkConfig.Builder b) {
        Problems problems = new Problems(b);
        checkReferSegment(problems, "appId", b.appId,
                "copy the appid from project.config.json or the mini-program console");
        checkReferSegment(problems, "version", b.version,
                "use 0 for develop/trial/review builds, devtools, or the release version such as 1.2.3");
        Profile profile = profile(problems, b.profile);
        Map<ApiKind, List<ServerDomain>> domains = domains(problems, b, profile);
        List<String> prefetch = prefetchDns(problems, b, profile);
        Map<ApiKind, Duration> timeouts = timeouts(problems, b);
        Map<String, InetAddress> hosts = hosts(problems, b);
        trustStore(problems, b.tls);
        String userAgent = userAgent(problems, b.userAgent, profile);
        maxResponseBytes(problems, b.maxResponseBytes);
        if (!problems.list.isEmpty()) {
            throw new ConfigException(problems.list);
        }
        return new NetworkConfig(b.appId, b.version, profile, b.urlCheck, domains, prefetch, timeouts, hosts, b.tls,
                userAgent, b.maxResponseBytes);
    }

    /** R-3u: the configured User-Agent, one valid header value, else the profile's. */
    private static String userAgent(Problems p, @Nullable String configured, Profile profile) {
        if (configured == null) {
            return profile.userAgent();
        }
        if (configured.isBlank()) {
            p.add("userAgent", configured, "R-3u", "a User-Agent must not be empty; remove userAgent to send the "
                    + profile.name() + " profile's");
            return profile.userAgent();
        }
        String problem = RequestHeaders.valueProblem(configured);
        if (problem != null) {
            p.add("userAgent", RequestHeaders.printable(configured), "R-3u", "the User-Agent header " + problem);
        }
        return configured;
    }

    private static void checkReferSegment(Problems p, String field, String value, String fix) {
        if (value.isEmpty()) {
            p.add(field, value, "C-2", field + " must not be empty; " + fix);
        } else if (!REFERER_SEGMENT.matcher(value).matches()) {
            p.add(field, value, "P-9", field + " is part of the Referer URL and may hold only letters, digits"
                    + " and . _ ~ -; " + fix);
        }
    }

    private static Profile profile(Problems p, String name) {
        try {
            return Profile.named(name);
        } catch (IllegalArgumentException e) {
            List<String> known = Profile.BUILT_IN.stream().map(Profile::name).toList();
            p.add("profile", name, "C-2", "unknown profile; " + Suggestions.hint(name, known));
            return Profile.WECHAT; // go on checking the rest under the default profile
        }
    }

    private static Map<ApiKind, List<ServerDomain>> domains(Problems p, NetworkConfig.Builder b, Profile profile) {
        Map<ApiKind, List<ServerDomain>> out = new EnumMap<>(ApiKind.class);
        for (ApiKind kind : ApiKind.values()) {
            List<String> raw = b.domains.getOrDefault(kind, List.of());
            if (raw.isEmpty()) {
                continue;
            }
            String base = "domains." + kind.configKey();
            if (kind == ApiKind.UDP && !profile.udpDomains()) {
                // the platform allows udp only to LAN peers on this profile: a list would be silently useless
                p.add(base, String.join(", ", raw), "P-12u", "the " + profile.name() + " profile allows udp only"
                        + " to LAN peers (P-10); remove domains.udp, or use the appservice profile");
                continue;
            }
            if (raw.size() > profile.maxDomainsPerApi()) {
                p.add(base, raw.size() + " entries", "P-7", "at most " + profile.maxDomainsPerApi()
                        + " domains per API kind; remove " + (raw.size() - profile.maxDomainsPerApi()));
            }
            List<ServerDomain> parsed = new ArrayList<>();
            Map<ServerDomain, Integer> seen = new HashMap<>();
            for (int i = 0; i < raw.size(); i++) {
                String text = raw.get(i);
                String field = base + "[" + i + "]";
                if (text == null) {
                    continue; // the reader already reported an element that is not a string
                }
                ServerDomain d;
                try {
                    d = ServerDomain.parse(kind, text, profile);
                } catch (RuleViolation v) {
                    p.add(field, text, v.rule(), withFix(v.reason(), domainFix(v.rule(), kind, profile)));
                    continue;
                } catch (RuntimeException e) {
                    // the parser's contract is RuleViolation; anything else is still bad syntax, never a crash
                    p.add(field, text, "P-2", "not a valid server domain (" + e + "); write one such as " + example(kind));
                    continue;
                }
                Integer first = seen.putIfAbsent(d, i);
                if (first != null) {
                    p.add(field, text, "C-2", "the same domain as " + base + "[" + first + "] ('" + raw.get(first)
                            + "'); remove one");
                } else {
                    parsed.add(d);
                }
            }
            out.put(kind, parsed);
        }
        return out;
    }

    private static String example(ApiKind kind) {
        return switch (kind) {
            case CONNECT_SOCKET -> "wss://ws.example.com";
            case TCP, UDP -> "tcp.example.com";
            default -> "https://api.example.com";
        };
    }

    private static String domainFix(String rule, ApiKind kind, Profile profile) {
        return switch (rule) {
            case "P-1" -> kind.takesUrl() ? "write it as " + example(kind) : "write a bare host name such as " + example(kind);
            case "P-2" -> "write a domain such as " + example(kind);
            case "P-3" -> "configure the server's domain name; a LAN device is reached by its address without"
                    + " configuration (P-10), and tests map a name to an address in 'hosts'";
            case "P-4" -> "remove the port: on " + profile.name() + " a URL may use any port of the domain (P-5)";
            case "P-8" -> "call " + NetworkPolicy.FORBIDDEN_HOST + " from your own server, which keeps the AppSecret";
            default -> "";
        };
    }

    private static String withFix(String reason, String fix) {
        return fix.isEmpty() ? reason : reason + "; " + fix;
    }

    private static List<String> prefetchDns(Problems p, NetworkConfig.Builder b, Profile profile) {
        List<String> raw = b.prefetchDns;
        if (raw.isEmpty()) {
            return List.of();
        }
        if (!profile.prefetchDns()) {
            p.add("prefetchDns", String.join(", ", raw), "P-14", "the " + profile.name()
                    + " profile does not support prefetchDns; remove it");
            return List.of();
        }
        if (raw.size() > profile.maxPrefetchDns()) {
            p.add("prefetchDns", raw.size() + " entries", "P-14", "at most " + profile.maxPrefetchDns()
                    + " host names; remove " + (raw.size() - profile.maxPrefetchDns()));
        }
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            String text = raw.get(i);
            String field = "prefetchDns[" + i + "]";
            if (text == null) {
                continue; // the reader already reported an element that is not a string
            }
            String host;
            try {
                host = DomainParser.parseHostName(text, "P-14", "a prefetchDns entry");
            } catch (RuleViolation v) {
                p.add(field, text, v.rule(), withFix(v.reason(), "prefetchDns takes host names under the"
                        + " server-domain rules (P-14), such as api.example.com"));
                continue;
            }
            Integer first = seen.putIfAbsent(host, i);
            if (first != null) {
                p.add(field, text, "C-2", "the same host as prefetchDns[" + first + "]; remove one");
            } else {
                out.add(host);
            }
        }
        return out;
    }

    private static Map<ApiKind, Duration> timeouts(Problems p, NetworkConfig.Builder b) {
        Map<ApiKind, Duration> out = new EnumMap<>(ApiKind.class);
        b.networkTimeoutMillis.forEach((kind, ms) -> {
            String field = "networkTimeout." + kind.apiName();
            if (!TIMEOUT_KEYS.containsValue(kind)) {
                p.add(field, String.valueOf(ms), "C-3", "networkTimeout has no " + kind.apiName() + "; known: "
                        + String.join(", ", TIMEOUT_KEYS.keySet()));
            } else if (ms <= 0) {
                p.add(field, String.valueOf(ms), "T-1", "a timeout is a positive number of milliseconds, such as 60000");
            } else {
                out.put(kind, Duration.ofMillis(ms));
            }
        });
        return out;
    }

    private static Map<String, InetAddress> hosts(Problems p, NetworkConfig.Builder b) {
        Map<String, InetAddress> out = new LinkedHashMap<>();
        Map<String, String> firstName = new HashMap<>();
        b.hosts.forEach((name, address) -> {
            String field = "hosts[\"" + name + "\"]";
            String key = null;
            try {
                key = checkedHostsKey(name);
            } catch (IllegalArgumentException e) {
                p.add(field, name, "C-2", "a hosts key is a host name or an IP literal: " + e.getMessage());
            }
            InetAddress target = IpLiteral.parse(address);
            if (target == null) {
                p.add(field, address, "C-2", "a hosts value is an IP address literal such as 127.0.0.1 or ::1"
                        + " (names are never looked up in DNS)");
            }
            if (key == null || target == null) {
                return;
            }
            String first = firstName.putIfAbsent(key, name);
            if (first != null) {
                p.add(field, name, "C-2", "the same host as hosts[\"" + first + "\"]; remove one");
            } else {
                out.put(key, target);
            }
        });
        return out;
    }

    /**
     * The key under which {@code hosts} stores a host: ASCII lower case without one trailing dot
     * and without IPv6 brackets; an IP literal in the JDK's canonical text.
     */
    static String hostsKey(String host) {
        InetAddress literal = IpLiteral.parse(host);
        if (literal != null) {
            return IpLiteral.canonical(literal);
        }
        String h = asciiLower(host);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static String checkedHostsKey(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("it is empty");
        }
        InetAddress literal = IpLiteral.parse(name);
        if (literal != null) {
            return IpLiteral.canonical(literal);
        }
        HostReader.Host h;
        try {
            h = HostReader.read(name);
        } catch (RuleViolation v) {
            throw new IllegalArgumentException(v.reason());
        }
        if (h.literal() != null) {
            // 127.1 or 0x7f.0.0.1 would be read as an address by a URL parser, not by a person
            throw new IllegalArgumentException("write an IPv4 address in dotted decimal, such as 192.168.1.20");
        }
        return h.name();
    }

    private static void trustStore(Problems p, @Nullable TlsConfig tls) {
        if (tls == null) {
            return;
        }
        Path file = tls.trustStore();
        String shown = file.toString();
        if (!Files.exists(file)) {
            p.add("tls.trustStore", shown, "C-2", "no such file; give a PKCS12 trust store (a relative path is"
                    + " read from the config file's folder)");
            return;
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            p.add("tls.trustStore", shown, "C-2", "not a readable file; give a readable PKCS12 trust store");
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, tls.password().toCharArray());
            boolean anyCertificate = false;
            for (String alias : Collections.list(store.aliases())) {
                anyCertificate |= store.isCertificateEntry(alias);
            }
            if (!anyCertificate) {
                p.add("tls.trustStore", shown, "C-2", "holds no trusted certificate; import the root with"
                        + " keytool -importcert -storetype PKCS12");
            }
        } catch (IOException | GeneralSecurityException e) {
            p.add("tls.trustStore", shown, "C-2", "cannot be read as a PKCS12 trust store with tls.password ("
                    + e.getMessage() + "); check the password, or convert the store with keytool -importkeystore"
                    + " -deststoretype PKCS12");
        }
    }

    private static void maxResponseBytes(Problems p, long max) {
        if (max == 0 || max < NetworkConfig.NO_RESPONSE_LIMIT) {
            p.add("maxResponseBytes", String.valueOf(max), "R-12", "the most bytes of a response a request may hold"
                    + " is a positive number, such as " + NetworkConfig.DEFAULT_MAX_RESPONSE_BYTES + " (16 MiB, the"
                    + " default), or -1 for no limit");
        }
    }

    /** Lower case in ASCII only: {@code toLowerCase} would map non-ASCII letters too. */
    static String asciiLower(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return sb.toString();
    }


    /** The problems found so far, each attributed to the file its field came from. */
    private static final class Problems {
        final List<ConfigProblem> list;
        final NetworkConfig.Builder b;

        Problems(NetworkConfig.Builder b) {
            this.b = b;
            this.list = new ArrayList<>(b.readProblems);
        }

        void add(String field, @Nullable String value, String rule, String message) {
            list.add(new ConfigProblem(sourceOf(field), field, value, rule, message));
        }

        private String sourceOf(String field) {
            String exact = b.fieldSources.get(field);
            if (exact != null) {
                return exact;
            }
            int end = field.length();
            for (char c : new char[] {'.', '['}) {
                int at = field.indexOf(c);
                if (at >= 0) {
                    end = Math.min(end, at);
                }
            }
            return b.fieldSources.getOrDefault(field.substring(0, end), b.source);
        }
    }
}
