package io.mpnet.policy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything a mini program configured for the network (docs/RULES.md, C rules), validated: a value built only
 * by {@link #load(Path)}, {@link #fromProject(Path)} or {@link #builder()}, each of which reports
 * every problem at once in a {@link ConfigException} (C-2) rather than on the first call.
 *
 * @param appId the mini program's appid, part of the Referer (P-9)
 * @param version {@code 0} for develop/trial/review builds, {@code devtools}, or the release version (P-9)
 * @param profile the platform whose rules apply
 * @param urlCheck {@code false} is development mode: domain, TLS-version and certificate checks off (P-13)
 * @param domains the server domains of each API kind, normalised (P-2..P-8, P-12)
 * @param prefetchDns host names resolved when the runtime starts (P-14)
 * @param networkTimeout per-kind default timeouts from {@code networkTimeout} (T-1); kinds absent take the profile's
 * @param hosts names (or IP literals) mapped to the address dialled instead, like {@code /etc/hosts}
 * @param tls a custom trust store, or {@code null} for the JDK's
 * @param userAgent the User-Agent every call sends (R-3u): {@code userAgent} as configured, else the profile's
 * @param maxResponseBytes the most bytes of a response body a {@code request} (or an upload's answer)
 *        may hold in memory; {@link #NO_RESPONSE_LIMIT} for no limit
 */
public record NetworkConfig(
        String appId,
        String version,
        Profile profile,
        boolean urlCheck,
        Map<ApiKind, List<ServerDomain>> domains,
        List<String> prefetchDns,
        Map<ApiKind, Duration> networkTimeout,
        Map<String, InetAddress> hosts,
        @Nullable TlsConfig tls,
        String userAgent,
        long maxResponseBytes) {

    /** The file name {@link #load(Path)} expects in a folder. */
    public static final String DEFAULT_FILE_NAME = "mpnet.json";

    /**
     * The default of {@code maxResponseBytes}: 16 MiB. The platform documents no size limit for
     * {@code wx.request}'s response (only {@code downloadFile}'s, which streams to a file); a body is
     * held whole in memory, so some bound is needed, and this one is far above any API answer a
     * mini program renders while ten calls at once (L-1) still hold at most 160 MiB. It is also the
     * Spring filter's buffer limit. Larger bodies belong to {@code downloadFile}.
     */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    /** {@code maxResponseBytes} meaning no limit: the body is held whatever its size. */
    public static final long NO_RESPONSE_LIMIT = -1;

    public NetworkConfig {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(userAgent, "userAgent");
        EnumMap<ApiKind, List<ServerDomain>> d = new EnumMap<>(ApiKind.class);
        for (ApiKind kind : ApiKind.values()) {
            d.put(kind, List.copyOf(domains.getOrDefault(kind, List.of())));
        }
        domains = java.util.Collections.unmodifiableMap(d);
        prefetchDns = List.copyOf(prefetchDns);
        networkTimeout = networkTimeout.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new EnumMap<>(networkTimeout));
        hosts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        if (maxResponseBytes < NO_RESPONSE_LIMIT || maxResponseBytes == 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive or " + NO_RESPONSE_LIMIT
                    + " (no limit), was " + maxResponseBytes);
        }
    }

    /** The Referer every call carries (P-9). */
    public String referer() {
        return profile.referer(appId, version);
    }

    /** The Referer (P-9) and the User-Agent (R-3u) every call carries, whatever its caller's headers say. */
    public FixedHeaders fixedHeaders() {
        return new FixedHeaders(referer(), userAgent);
    }

    /**
     * The address {@code hosts} maps this host to, if any: the host as a URL carries it (letter
     * case, one trailing dot and IPv6 brackets ignored; an IP literal matched by its address).
     */
    public Optional<InetAddress> mappedAddress(String host) {
        if (hosts.isEmpty()) {
            return Optional.empty(); // the common case, asked on every call: no normalising
        }
        InetAddress exact = hosts.get(host); // a policy Target's host is already in normal form
        return Optional.ofNullable(exact != null ? exact : hosts.get(ConfigValidator.hostsKey(host)));
    }

    /** The configured domains of one API kind, never {@code null}. */
    public List<ServerDomain> domains(ApiKind kind) {
        return domains.get(kind);
    }

    /**
     * Reads an {@code mpnet.json} file; a folder means its {@code mpnet.json}. The file must name
     * {@code appId}; the other fields are optional (C-3). A relative {@code tls.trustStore} is read
     * from the file's folder.
     *
     * @throws ConfigException naming every problem (C-2, C-3)
     */
    public static NetworkConfig load(Path file) {
        return ConfigReader.load(file);
    }

    /**
     * Reads a real mini-program project (C-1): {@code project.config.json} ({@code appid},
     * {@code setting.urlCheck}) and {@code app.json} or {@code game.json} ({@code networkTimeout}),
     * plus an {@code mpnet.json} beside them when present. Precedence, lowest first:
     * {@code project.config.json}, {@code project.private.config.json} (its {@code setting.urlCheck},
     * as in the developer tools), {@code app.json}/{@code game.json} in the {@code miniprogramRoot},
     * then {@code mpnet.json}, which wins field by field ({@code networkTimeout} key by key). Project
     * files may hold any other fields; only {@code mpnet.json} is strict about unknown ones (C-3).
     * The appid must be given by one of them.
     *
     * @throws ConfigException naming every problem
     */
    public static NetworkConfig fromProject(Path projectDir) {
        return ConfigReader.fromProject(projectDir);
    }

    /** A builder for configuration in code; {@link Builder#build()} validates like {@link #load(Path)}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Configuration in code. Setters record raw values; {@link #build()} checks them all and
     * reports every problem at once, with the field names of {@code mpnet.json}.
     */
    public static final class Builder {
        String source = "builder";
        String appId = "touristappid";
        String version = "0";
        String profile = Profile.WECHAT.name();
        boolean urlCheck = true;
        final Map<ApiKind, List<String>> domains = new EnumMap<>(ApiKind.class);
        final List<String> prefetchDns = new ArrayList<>();
        final Map<ApiKind, Long> networkTimeoutMillis = new EnumMap<>(ApiKind.class);
        final Map<String, String> hosts = new LinkedHashMap<>();
        @Nullable TlsConfig tls;
        @Nullable String userAgent;
        long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        /** Problems the file reader found before validation (syntax, types, unknown fields). */
        final List<ConfigProblem> readProblems = new ArrayList<>();
        /** Which file each field came from, when a project spreads over several (C-1). */
        final Map<String, String> fieldSources = new LinkedHashMap<>();

        Builder() {
        }

        /** The appid (default {@code touristappid}, the developer tools' placeholder). */
        public Builder appId(String appId) {
            this.appId = Objects.requireNonNull(appId, "appId");
            return this;
        }

        /** The version in the Referer (default {@code 0}). */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** The profile by name: {@code wechat} (default) or {@code appservice}. */
        public Builder profile(String profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** The profile. */
        public Builder profile(Profile profile) {
            return profile(profile.name());
        }

        /** {@code false} turns domain, TLS-version and certificate checks off (P-13); default {@code true}. */
        public Builder urlCheck(boolean urlCheck) {
            this.urlCheck = urlCheck;
            return this;
        }

        /** Adds server domains to an API kind, as written in {@code mpnet.json}. */
        public Builder domains(ApiKind kind, String... domains) {
            this.domains.computeIfAbsent(kind, k -> new ArrayList<>()).addAll(List.of(domains));
            return this;
        }

        /** Adds host names to resolve at start (P-14). */
        public Builder prefetchDns(String... hostNames) {
            this.prefetchDns.addAll(List.of(hostNames));
            return this;
        }

        /** The default timeout of one API kind (T-1). */
        public Builder networkTimeout(ApiKind kind, Duration timeout) {
            this.networkTimeoutMillis.put(kind, timeout.toMillis());
            return this;
        }

        /** Maps a host name or IP literal to the address dialled instead ({@code hosts} in mpnet.json). */
        public Builder host(String name, String address) {
            this.hosts.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(address, "address"));
            return this;
        }

        /** A PKCS12 trust store used instead of the JDK's. */
        public Builder tls(@Nullable TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** A PKCS12 trust store used instead of the JDK's. */
        public Builder trustStore(Path trustStore, String password) {
            return tls(new TlsConfig(trustStore, password));
        }

        /**
         * The User-Agent every call sends (R-3u), instead of the profile's (a WeChat Android
         * client's form on {@code wechat}); {@code null} for the profile's. One header line: no CR,
         * LF or other control characters, nothing above U+00FF.
         */
        public Builder userAgent(@Nullable String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        /**
         * The most bytes of a response body one {@code request} (or an upload's answer) may hold in
         * memory; past it the call fails and its connection is closed. {@code -1}
         * ({@link NetworkConfig#NO_RESPONSE_LIMIT}) means no limit. Default
         * {@link NetworkConfig#DEFAULT_MAX_RESPONSE_BYTES}. {@code downloadFile} streams to disk and is
         * not bound by it.
         */
        public Builder maxResponseBytes(long maxResponseBytes) {
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /**
         * Where the values come from, named in error messages ({@code builder} by default), such as
         * {@code "Spring properties mpnet.*"}.
         */
        public Builder source(String source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Validates every field and builds the configuration.
         *
         * @throws ConfigException naming every problem (C-2)
         */
        public NetworkConfig build() {
            return ConfigValidator.validate(this);
        }
    }
}
