package io.mpnet.policy;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code mpnet.json} and mini-program projects (C-1) into a {@link NetworkConfig.Builder},
 * noting syntax, type and unknown-field problems (C-2, C-3) for the validator to report with its
 * own. The file is read as a tree, not bound to a class, so that every unknown field can be named
 * with a "did you mean" hint.
 *
 * <p>Project precedence ({@link #fromProject}): {@code project.config.json} gives {@code appid}
 * and {@code setting.urlCheck}; {@code project.private.config.json} (the developer tools' local
 * override) wins for {@code setting.urlCheck}; {@code app.json} (or {@code game.json}) in the
 * {@code miniprogramRoot} gives {@code networkTimeout}; an {@code mpnet.json} in the project folder
 * wins over all of them, field by field ({@code networkTimeout} key by key).
 */
final class ConfigReader {

    static final List<String> TOP_LEVEL = List.of("appId", "version", "profile", "urlCheck", "domains",
            "prefetchDns", "networkTimeout", "hosts", "tls", "userAgent", "maxResponseBytes");
    static final List<String> DOMAIN_KEYS = List.of("request", "uploadFile", "downloadFile", "socket", "tcp", "udp");
    static final List<String> TLS_KEYS = List.of("trustStore", "password");

    static final String PROJECT_FILE = "project.config.json";
    static final String PRIVATE_PROJECT_FILE = "project.private.config.json";

    // duplicate keys would silently drop a value; trailing tokens mean a broken file
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ConfigReader() {
    }

    static NetworkConfig load(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(NetworkConfig.DEFAULT_FILE_NAME) : path;
        NetworkConfig.Builder b = NetworkConfig.builder().source(file.toString());
        Reading r = new Reading(file, b);
        JsonNode root = r.readObject(true);
        if (root != null) {
            applyMpnet(r, root, b, true);
        }
        return b.build();
    }

    static NetworkConfig fromProject(Path projectDir) {
        Path projectFile = projectDir.resolve(PROJECT_FILE);
        Path mpnetFile = projectDir.resolve(NetworkConfig.DEFAULT_FILE_NAME);
        NetworkConfig.Builder b = NetworkConfig.builder()
                .source((Files.exists(mpnetFile) ? mpnetFile : projectFile).toString());

        Reading project = new Reading(projectFile, b);
        JsonNode root = project.readObject(true);
        boolean appIdGiven = false;
        String miniprogramRoot = "";
        if (root != null) {
            JsonNode appid = root.get("appid");
            if (appid != null && !appid.isNull()) {
                Optional<String> s = project.string("appid", appid);
                s.ifPresent(v -> {
                    b.appId = v;
                    b.fieldSources.put("appId", project.source);
                });
                appIdGiven = s.isPresent();
            }
            readUrlCheckSetting(project, root, b);
            JsonNode mpRoot = root.get("miniprogramRoot");
            if (mpRoot != null && !mpRoot.isNull()) {
                miniprogramRoot = project.string("miniprogramRoot", mpRoot).orElse("");
            }
        }

        Path privateFile = projectDir.resolve(PRIVATE_PROJECT_FILE);
        if (Files.exists(privateFile)) {
            Reading priv = new Reading(privateFile, b);
            JsonNode privateRoot = priv.readObject(false);
            if (privateRoot != null) {
                readUrlCheckSetting(priv, privateRoot, b);
            }
        }

        Path appDir = projectDir.resolve(miniprogramRoot);
        Path appFile = appDir.resolve("app.json");
        if (!Files.exists(appFile) && Files.exists(appDir.resolve("game.json"))) {
            appFile = appDir.resolve("game.json");
        }
        if (Files.exists(appFile)) {
            Reading app = new Reading(appFile, b);
            JsonNode appRoot = app.readObject(false);
            JsonNode timeouts = appRoot == null ? null : appRoot.get("networkTimeout");
            if (timeouts != null && !timeouts.isNull()) {
                readTimeouts(app, timeouts, b);
            }
        }

        if (Files.exists(mpnetFile)) {
            Reading mpnet = new Reading(mpnetFile, b);
            JsonNode mpnetRoot = mpnet.readObject(false);
            if (mpnetRoot != null) {
                appIdGiven |= present(mpnetRoot, "appId");
                applyMpnet(mpnet, mpnetRoot, b, false);
            }
        }
        if (!appIdGiven && root != null) {
            project.add("appid", null, "C-1", "missing; the project's appid (or appId in mpnet.json) is"
                    + " part of every Referer (P-9): add \"appid\": \"wx0123456789abcdef\"");
        }
        return b.build();
    }

    private static void readUrlCheckSetting(Reading r, JsonNode root, NetworkConfig.Builder b) {
        JsonNode setting = root.get("setting");
        if (setting == null || setting.isNull()) {
            return;
        }
        if (!setting.isObject()) {
            r.typeProblem("setting", setting, "an object");
            return;
        }
        JsonNode urlCheck = setting.get("urlCheck");
        if (urlCheck != null && !urlCheck.isNull()) {
            r.bool("setting.urlCheck", urlCheck).ifPresent(v -> {
                b.urlCheck = v;
                b.fieldSources.put("urlCheck", r.source);
            });
        }
    }

    private static boolean present(JsonNode root, String field) {
        JsonNode v = root.get(field);
        return v != null && !v.isNull();
    }

    /** Reads the fields of an {@code mpnet.json} object; {@code null} values count as absent. */
    private static void applyMpnet(Reading r, JsonNode root, NetworkConfig.Builder b, boolean appIdRequired) {
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (TOP_LEVEL.contains(name)) {
                b.fieldSources.put(name, r.source);
            }
            switch (name) {
                case "appId" -> r.string(name, v).ifPresent(s -> b.appId = s);
                case "version" -> r.string(name, v).ifPresent(s -> b.version = s);
                case "profile" -> r.string(name, v).ifPresent(s -> b.profile = s);
                case "urlCheck" -> r.bool(name, v).ifPresent(x -> b.urlCheck = x);
                case "domains" -> readDomains(r, v, b);
                case "prefetchDns" -> readStrings(r, name, v, b.prefetchDns);
                case "networkTimeout" -> readTimeouts(r, v, b);
                case "hosts" -> readHosts(r, v, b);
                case "tls" -> readTls(r, v, b);
                case "userAgent" -> r.string(name, v).ifPresent(s -> b.userAgent = s);
                case "maxResponseBytes" -> readMaxResponseBytes(r, v, b);
                default -> r.unknown(name, name, TOP_LEVEL);
            }
        }
        if (appIdRequired && !present(root, "appId")) {
            r.add("appId", null, "C-2", "missing; name the mini program, such as \"appId\": \"wx0123456789abcdef\""
                    + " (it is part of every Referer, P-9)");
        }
    }

    private static void readDomains(Reading r, JsonNode node, NetworkConfig.Builder b) {
        if (!node.isObject()) {
            r.typeProblem("domains", node, "an object such as {\"request\": [\"https://api.example.com\"]}");
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            String path = "domains." + key;
            ApiKind kind = null;
            for (ApiKind k : ApiKind.values()) {
                if (k.configKey().equals(key)) {
                    kind = k;
                }
            }
            if (kind == null) {
                r.unknown(path, key, DOMAIN_KEYS);
                continue;
            }
            if (e.getValue().isNull()) {
                continue;
            }
            List<String> list = b.domains.computeIfAbsent(kind, k -> new java.util.ArrayList<>());
            readStrings(r, path, e.getValue(), list);
        }
    }

    /**
     * Appends the strings of an array; a non-string element is reported and kept as {@code null}
     * so that the validator's indexes ({@code domains.request[2]}) still match the file.
     */
    private static void readStrings(Reading r, String path, JsonNode node, List<String> into) {
        if (!node.isArray()) {
            r.typeProblem(path, node, "an array of strings");
            return;
        }
        int i = 0;
        for (JsonNode element : node) {
            if (element.isString()) {
                into.add(element.stringValue());
            } else {
                r.typeProblem(path + "[" + i + "]", element, "a string");
                into.add(null);
            }
            i++;
        }
    }

    private static void readTimeouts(Reading r, JsonNode node, NetworkConfig.Builder b) {
        if (!node.isObject()) {
            r.typeProblem("networkTimeout", node, "an object such as {\"request\": 10000}");
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            String path = "networkTimeout." + key;
            ApiKind kind = ConfigValidator.TIMEOUT_KEYS.get(key);
            JsonNode v = e.getValue();
            if (kind == null) {
                r.unknown(path, key, List.copyOf(ConfigValidator.TIMEOUT_KEYS.keySet()));
            } else if (v.isNull()) {
                continue;
            } else if (!v.isNumber()) {
                r.typeProblem(path, v, "a number of milliseconds");
            } else if (!v.isIntegralNumber() && !(v.canConvertToExactIntegral())) {
                r.add(path, v.toString(), "T-1", "a timeout is a whole number of milliseconds, such as 10000");
            } else if (!v.canConvertToLong()) {
                r.add(path, v.toString(), "T-1", "too large; a timeout is at most 60000 ms (T-1)");
            } else {
                b.networkTimeoutMillis.put(kind, v.longValue());
                b.fieldSources.put(path, r.source);
            }
        }
    }

    private static void readMaxResponseBytes(Reading r, JsonNode v, NetworkConfig.Builder b) {
        if (!v.isNumber()) {
            r.typeProblem("maxResponseBytes", v, "a number of bytes, such as 16777216, or -1 for no limit");
        } else if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            r.add("maxResponseBytes", v.toString(), "R-12", "a whole number of bytes, such as 16777216, or -1 for no limit");
        } else {
            b.maxResponseBytes = v.longValue();
        }
    }

    private static void readHosts(Reading r, JsonNode node, NetworkConfig.Builder b) {
        if (!node.isObject()) {
            r.typeProblem("hosts", node, "an object such as {\"api.example.com\": \"127.0.0.1\"}");
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String path = "hosts[\"" + e.getKey() + "\"]";
            r.string(path, e.getValue()).ifPresent(address -> b.hosts.put(e.getKey(), address));
        }
    }

    private static void readTls(Reading r, JsonNode node, NetworkConfig.Builder b) {
        if (!node.isObject()) {
            r.typeProblem("tls", node, "an object such as {\"trustStore\": \"certs/root.p12\", \"password\": \"changeit\"}");
            return;
        }
        String trustStore = null;
        String password = "";
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String path = "tls." + e.getKey();
            switch (e.getKey()) {
                case "trustStore" -> trustStore = r.string(path, e.getValue()).orElse(null);
                case "password" -> password = r.string(path, e.getValue()).orElse("");
                default -> r.unknown(path, e.getKey(), TLS_KEYS);
            }
        }
        if (trustStore == null) {
            if (!present(node, "trustStore")) {
                r.add("tls.trustStore", null, "C-2", "missing; name a PKCS12 trust store, or remove tls to use the JDK's");
            }
            return;
        }
        try {
            Path store = Path.of(trustStore);
            b.tls = new TlsConfig(store.isAbsolute() ? store : r.folder.resolve(store).normalize(), password);
        } catch (InvalidPathException ex) {
            r.add("tls.trustStore", trustStore, "C-2", "not a valid path: " + ex.getReason());
        }
    }

    /** One file being read: where problems go and how they are worded. */
    private static final class Reading {
        final String source;
        final Path file;
        final Path folder;
        final NetworkConfig.Builder b;

        Reading(Path file, NetworkConfig.Builder b) {
            this.file = file;
            this.source = file.toString();
            Path parent = file.toAbsolutePath().getParent();
            this.folder = parent == null ? Path.of("").toAbsolutePath() : parent;
            this.b = b;
        }

        void add(String field, @Nullable String value, String rule, String message) {
            b.readProblems.add(new ConfigProblem(source, field, value, rule, message));
        }

        /** The file's top-level object, or {@code null} after noting why there is none. */
        @Nullable JsonNode readObject(boolean required) {
            if (!Files.isRegularFile(file)) {
                if (required) {
                    add("(file)", null, "C-1", Files.exists(file) ? "not a regular file" : "no such file");
                }
                return null;
            }
            JsonNode root;
            try {
                root = MAPPER.readTree(file);
            } catch (JacksonException e) {
                TokenStreamLocation at = e.getLocation();
                String where = at == null || at.getLineNr() < 0 ? "(file)"
                        : "line " + at.getLineNr() + ", column " + at.getColumnNr();
                add(where, null, "C-2", "not valid JSON: " + e.getOriginalMessage() + "; fix the syntax there");
                return null;
            }
            if (root == null || root.isMissingNode()) {
                add("(file)", null, "C-2", "the file is empty; it must hold one JSON object {...}");
                return null;
            }
            if (!root.isObject()) {
                add("(file)", JsonValues.display(root), "C-2", "the file must hold one JSON object {...}, not "
                        + JsonValues.typeName(root));
                return null;
            }
            return root;
        }

        Optional<String> string(String field, JsonNode v) {
            if (v.isString()) {
                return Optional.of(v.stringValue());
            }
            typeProblem(field, v, "a string");
            return Optional.empty();
        }

        Optional<Boolean> bool(String field, JsonNode v) {
            if (v.isBoolean()) {
                return Optional.of(v.booleanValue());
            }
            typeProblem(field, v, "true or false");
            return Optional.empty();
        }

        void typeProblem(String field, JsonNode v, String expected) {
            add(field, JsonValues.display(v), "C-2", "must be " + expected + ", not " + JsonValues.typeName(v));
        }

        void unknown(String field, String name, List<String> known) {
            add(field, null, "C-3", "unknown field; " + Suggestions.hint(name, known));
        }
    }

}
