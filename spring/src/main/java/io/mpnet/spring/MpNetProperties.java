package io.mpnet.spring;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.ConfigException;
import io.mpnet.policy.ConfigProblem;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.NetworkConditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code mpnet.*} properties: either {@code mpnet.config-file} (the path of an {@code mpnet.json},
 * or of a mini-program project folder, C-1), or the configuration fields as properties. Unknown
 * {@code mpnet.*} keys fail start-up, as unknown fields of {@code mpnet.json} do (C-3).
 *
 * <pre>
 * mpnet.app-id=wx0123456789abcdef
 * mpnet.domains.request[0]=https://api.example.com
 * mpnet.network-timeout.request=10s
 * mpnet.hosts.[api.example.com]=127.0.0.1
 * mpnet.user-agent=Mozilla/5.0 (Linux; Android 14; wv) ... MiniProgramEnv/android
 * mpnet.max-response-bytes=16MB
 * </pre>
 *
 * @param configFile an {@code mpnet.json} file or a project folder; then no configuration field may be set here
 * @param appId the appid ({@code appId} in mpnet.json)
 * @param version the version in the Referer ({@code version})
 * @param profile {@code wechat} or {@code appservice} ({@code profile})
 * @param urlCheck {@code false} turns the domain and certificate checks off (P-13)
 * @param domains the server domains per API ({@code domains})
 * @param prefetchDns names resolved at start (P-14)
 * @param networkTimeout default timeouts per API (T-1)
 * @param hosts names mapped to addresses before DNS ({@code hosts}; bracket keys with dots: {@code mpnet.hosts.[a.example.com]})
 * @param tls a PKCS12 trust store used instead of the JDK's ({@code tls})
 * @param userAgent the User-Agent every call sends instead of the profile's ({@code userAgent}, R-3u)
 * @param maxResponseBytes the most of a response body a request may hold (R-12, {@code maxResponseBytes}):
 *        {@code 16MB}, {@code 1048576} (bytes); {@code -1} for no limit; default 16 MiB
 * @param rejectWhenFull fail an eleventh call at once instead of queueing it (L-1)
 * @param keepAlive exempt calls from the background interruption, as a pinned chat is (B-3)
 * @param networkConditions the developer tools' throttling preset the runtime starts with (N-6):
 *        {@code Fast 4G}, {@code Slow 4G}, {@code 3G}, {@code Offline} or {@code No throttling}; a
 *        runtime setting, not a field of {@code mpnet.json}, so it goes with {@code mpnet.config-file} too
 * @param inspector the network inspector ({@code mpnet.inspector.*}, {@code mpnet-inspector}), off by default
 */
@ConfigurationProperties(prefix = "mpnet", ignoreUnknownFields = false)
public record MpNetProperties(
        @Nullable Path configFile,
        @Nullable String appId,
        @Nullable String version,
        @Nullable String profile,
        @Nullable Boolean urlCheck,
        @DefaultValue Domains domains,
        @DefaultValue List<String> prefetchDns,
        @DefaultValue NetworkTimeout networkTimeout,
        @DefaultValue Map<String, String> hosts,
        @Nullable Tls tls,
        @Nullable String userAgent,
        @Nullable DataSize maxResponseBytes,
        boolean rejectWhenFull,
        boolean keepAlive,
        @Nullable String networkConditions,
        @DefaultValue Inspector inspector) {

    static final String SOURCE = "Spring properties mpnet.*";

    /**
     * The conditions {@code mpnet.network-conditions} names (N-6), {@link NetworkConditions#NONE} when unset.
     *
     * @throws ConfigException naming the property, the value, N-6 and the presets when it names none
     */
    public NetworkConditions conditions() {
        if (networkConditions == null) {
            return NetworkConditions.NONE;
        }
        try {
            return NetworkConditions.preset(networkConditions);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(new ConfigProblem(SOURCE, "network-conditions", networkConditions, "N-6",
                    "not one of the developer tools' presets; use one of " + NetworkConditions.presets().stream()
                            .map(NetworkConditions::name).toList() + ", or set custom ones in code on networkState()")));
        }
    }

    /**
     * Server domains per API, as in {@code mpnet.json}.
     *
     * @param request {@code domains.request}
     * @param uploadFile {@code domains.uploadFile}
     * @param downloadFile {@code domains.downloadFile}
     * @param socket {@code domains.socket}
     * @param udp {@code domains.udp}
     * @param tcp {@code domains.tcp}
     */
    public record Domains(@DefaultValue List<String> request, @DefaultValue List<String> uploadFile,
            @DefaultValue List<String> downloadFile, @DefaultValue List<String> socket,
            @DefaultValue List<String> udp, @DefaultValue List<String> tcp) {

        Map<ApiKind, List<String>> byKind() {
            Map<ApiKind, List<String>> all = new LinkedHashMap<>();
            all.put(ApiKind.REQUEST, request);
            all.put(ApiKind.UPLOAD_FILE, uploadFile);
            all.put(ApiKind.DOWNLOAD_FILE, downloadFile);
            all.put(ApiKind.CONNECT_SOCKET, socket);
            all.put(ApiKind.UDP, udp);
            all.put(ApiKind.TCP, tcp);
            return all;
        }
    }

    /**
     * Default timeouts per API (T-1); unset ones take the profile's default.
     *
     * @param request {@code networkTimeout.request}
     * @param connectSocket {@code networkTimeout.connectSocket}
     * @param uploadFile {@code networkTimeout.uploadFile}
     * @param downloadFile {@code networkTimeout.downloadFile}
     */
    public record NetworkTimeout(@Nullable Duration request, @Nullable Duration connectSocket,
            @Nullable Duration uploadFile, @Nullable Duration downloadFile) {

        Map<ApiKind, @Nullable Duration> byKind() {
            Map<ApiKind, @Nullable Duration> all = new LinkedHashMap<>();
            all.put(ApiKind.REQUEST, request);
            all.put(ApiKind.CONNECT_SOCKET, connectSocket);
            all.put(ApiKind.UPLOAD_FILE, uploadFile);
            all.put(ApiKind.DOWNLOAD_FILE, downloadFile);
            return all;
        }
    }

    /**
     * The network inspector ({@code mpnet-inspector} on the class path), off unless enabled; see
     * {@code MpNetInspectorAutoConfiguration}.
     *
     * @param enabled mount the inspector (default {@code false}): on a WebFlux application's server at
     *        {@code <path>/<token>/}, else on a loopback server of its own; either way its URL is logged
     * @param path where a WebFlux application mounts it; starts with {@code /}, no trailing {@code /}
     * @param masking mask {@code Authorization}, {@code Cookie} and {@code Set-Cookie} values (default {@code true})
     * @param capacity how many calls it keeps (default 1 000)
     */
    public record Inspector(boolean enabled, @DefaultValue("/mpnet/inspector") String path,
            @DefaultValue("true") boolean masking, @DefaultValue("1000") int capacity) {

        /** Checks the path, so a mistake fails start-up naming the property and the fix. */
        public Inspector {
            if (!path.startsWith("/") || path.endsWith("/") || path.contains("{") || path.contains("*")) {
                throw new IllegalArgumentException("mpnet.inspector.path=" + path + " is not a plain path: start it"
                        + " with /, end it without /, and use no pattern (e.g. /mpnet/inspector)");
            }
        }
    }

    /**
     * A PKCS12 trust store used instead of the JDK's.
     *
     * @param trustStore its path
     * @param password its password
     */
    public record Tls(Path trustStore, @DefaultValue("") String password) {
    }

    /**
     * The configuration these properties describe, validated like a file (C-2): every problem is
     * reported at once, naming the field, the value, the rule and the fix.
     *
     * @throws ConfigException when a value breaks a rule, or the file cannot be read
     */
    public NetworkConfig toConfig() {
        conditions(); // a bad preset fails start-up with the configuration's other problems' wording
        if (configFile != null) {
            List<String> alsoSet = fieldsSet();
            if (!alsoSet.isEmpty()) {
                throw new ConfigException(List.of(new ConfigProblem(SOURCE, "config-file", configFile.toString(), "C-2",
                        "set together with " + String.join(", ", alsoSet) + "; give the configuration in one place:"
                        + " move those into the file, or remove mpnet.config-file")));
            }
            // a mini-program project folder (C-1), else an mpnet.json or a folder holding one
            return Files.isRegularFile(configFile.resolve("project.config.json"))
                    ? NetworkConfig.fromProject(configFile) : NetworkConfig.load(configFile);
        }
        NetworkConfig.Builder b = NetworkConfig.builder().source(SOURCE);
        if (appId != null) {
            b.appId(appId);
        }
        if (version != null) {
            b.version(version);
        }
        if (profile != null) {
            b.profile(profile);
        }
        if (urlCheck != null) {
            b.urlCheck(urlCheck);
        }
        domains.byKind().forEach((kind, list) -> b.domains(kind, list.toArray(String[]::new)));
        b.prefetchDns(prefetchDns.toArray(String[]::new));
        networkTimeout.byKind().forEach((kind, timeout) -> {
            if (timeout != null) {
                b.networkTimeout(kind, timeout);
            }
        });
        hosts.forEach(b::host);
        if (tls != null) {
            b.trustStore(tls.trustStore(), tls.password());
        }
        b.userAgent(userAgent);
        if (maxResponseBytes != null) {
            b.maxResponseBytes(maxResponseBytes.toBytes());
        }
        return b.build();
    }

    private List<String> fieldsSet() {
        List<String> set = new ArrayList<>();
        if (appId != null) {
            set.add("mpnet.app-id");
        }
        if (version != null) {
            set.add("mpnet.version");
        }
        if (profile != null) {
            set.add("mpnet.profile");
        }
        if (urlCheck != null) {
            set.add("mpnet.url-check");
        }
        domains.byKind().forEach((kind, list) -> {
            if (!list.isEmpty()) {
                set.add("mpnet.domains." + kind.configKey());
            }
        });
        if (!prefetchDns.isEmpty()) {
            set.add("mpnet.prefetch-dns");
        }
        networkTimeout.byKind().forEach((kind, t) -> {
            if (t != null) {
                set.add("mpnet.network-timeout." + kind.apiName());
            }
        });
        if (!hosts.isEmpty()) {
            set.add("mpnet.hosts");
        }
        if (tls != null) {
            set.add("mpnet.tls");
        }
        if (userAgent != null) {
            set.add("mpnet.user-agent");
        }
        if (maxResponseBytes != null) {
            set.add("mpnet.max-response-bytes");
        }
        return set;
    }
}
