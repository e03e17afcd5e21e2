package io.mpnet.load;

import io.mpnet.policy.JsonValues;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.ConfigProblem;
import io.mpnet.policy.DataType;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.RequestHeaders;
import io.mpnet.policy.RequestMethod;
import io.mpnet.policy.Suggestions;
import io.mpnet.runtime.NetworkConditions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a scenario file as a tree, so that every problem is found at once and worded as the
 * configuration's are (file, field, value, rule, fix: C-2, unknown fields C-3 with a "did you mean"),
 * and a step's value that a call would refuse names that call's rule (R-1, R-3, T-1, U-1); network
 * conditions name N-6.
 * A {@code ${var}} must be defined before the step that uses it.
 */
final class ScenarioReader {

    static final List<String> TOP_LEVEL = List.of("config", "seed", "variables", "network", "steps");
    static final List<String> STEP_KINDS = List.of("request", "uploadFile", "downloadFile", "connectSocket",
            "think", "background", "foreground", "network", "loop", "parallel");
    static final List<String> REQUEST_KEYS = List.of("name", "method", "url", "header", "data", "expectStatus",
            "extract", "timeout", "dataType");
    static final List<String> UPLOAD_KEYS = List.of("name", "url", "file", "field", "formData", "header",
            "expectStatus");
    static final List<String> DOWNLOAD_KEYS = List.of("name", "url", "header", "expectStatus");
    static final List<String> SOCKET_KEYS = List.of("name", "url", "send", "await", "timeout");
    static final List<String> THINK_KEYS = List.of("fixed", "uniform", "exponential");
    static final List<String> LOOP_KEYS = List.of("times", "steps");
    static final List<String> PARALLEL_KEYS = List.of("times", "wait", "steps");
    static final List<String> NETWORK_KEYS = List.of("latencyMs", "downloadKbps", "uploadKbps");
    /** Variables every program has: its index in the whole run and its iteration. */
    static final List<String> BUILT_IN = List.of("program", "iteration");

    static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String source;
    private final Path folder;
    private final List<ConfigProblem> problems = new ArrayList<>();
    /** Variables defined so far, in file order: a use must come after its definition. */
    private final Set<String> defined = new LinkedHashSet<>(BUILT_IN);

    private ScenarioReader(String source, Path folder) {
        this.source = source;
        this.folder = folder;
    }

    static Scenario read(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        ScenarioReader r = new ScenarioReader(file.toString(), parent == null ? Path.of("") : parent);
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                r.add("(file)", null, "C-2", (Files.exists(file) ? "not a regular file" : "no such file")
                        + "; name a scenario file (JSON)");
                throw r.failure();
            }
            text = Files.readString(file);
        } catch (IOException e) {
            r.add("(file)", null, "C-2", "cannot be read: " + e.getMessage() + "; check its permissions");
            throw r.failure();
        }
        return r.parse(text);
    }

    static Scenario read(String json, String source, Path folder) {
        return new ScenarioReader(source, folder).parse(json);
    }

    private ScenarioException failure() {
        return new ScenarioException(problems);
    }

    private Scenario parse(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "(file)"
                    : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            add(where, null, "C-2", "not valid JSON: " + e.getOriginalMessage() + "; fix the syntax there");
            throw failure();
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            add("(file)", root == null || root.isMissingNode() ? null : JsonValues.display(root), "C-2",
                    "the file must hold one JSON object {\"steps\": [...]}");
            throw failure();
        }
        Path config = null;
        long seed = 1;
        Map<String, String> variables = new LinkedHashMap<>();
        List<Step> steps = List.of();
        NetworkConditions network = NetworkConditions.NONE;
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "config" -> config = path("config", v, false);
                case "seed" -> {
                    if (v.isIntegralNumber() && v.canConvertToLong()) {
                        seed = v.longValue();
                    } else {
                        type("seed", v, "a whole number");
                    }
                }
                case "variables" -> variables = variables(v);
                case "network" -> {
                    NetworkConditions n = network("network", v);
                    network = n == null ? network : n;
                }
                case "steps" -> { } // read after the variables, wherever it stands in the file
                default -> unknown(e.getKey(), e.getKey(), TOP_LEVEL);
            }
        }
        JsonNode stepsNode = root.get("steps");
        if (stepsNode == null) {
            add("steps", null, "C-2", "missing; give the steps each program runs, e.g. [{\"request\": {\"url\": ...}}]");
        } else {
            steps = steps("steps", stepsNode);
            if (stepsNode.isArray() && stepsNode.isEmpty()) {
                add("steps", "[]", "C-2", "empty; give at least one step");
            }
        }
        if (!problems.isEmpty()) {
            throw failure();
        }
        return new Scenario(source, config, seed, variables, steps, network);
    }

    private Map<String, String> variables(JsonNode v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!v.isObject()) {
            type("variables", v, "an object of names to strings");
            return out;
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String field = "variables." + e.getKey();
            if (BUILT_IN.contains(e.getKey())) {
                add(field, null, "C-2", "'" + e.getKey() + "' is built in (the program's index or iteration);"
                        + " choose another name");
            } else if (e.getValue().isString() || e.getValue().isNumber() || e.getValue().isBoolean()) {
                out.put(e.getKey(), e.getValue().asString());
                defined.add(e.getKey());
            } else {
                type(field, e.getValue(), "a string");
            }
        }
        return out;
    }

    private List<Step> steps(String field, JsonNode v) {
        List<Step> out = new ArrayList<>();
        if (!v.isArray()) {
            type(field, v, "an array of steps");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            Step s = step(field + "[" + i + "]", v.get(i));
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private @Nullable Step step(String field, JsonNode v) {
        if (!v.isObject() || v.size() != 1) {
            add(field, JsonValues.display(v), "C-2", "a step is an object with one key naming it, one of "
                    + String.join(", ", STEP_KINDS) + ", e.g. {\"think\": \"1s\"}");
            return null;
        }
        Map.Entry<String, JsonNode> only = v.properties().iterator().next();
        String kind = only.getKey();
        String at = field + "." + kind;
        JsonNode body = only.getValue();
        return switch (kind) {
            case "request" -> request(at, body);
            case "uploadFile" -> upload(at, body);
            case "downloadFile" -> download(at, body);
            case "connectSocket" -> socket(at, body);
            case "think" -> think(at, body);
            case "background" -> empty(at, body) ? new Step.Background() : null;
            case "foreground" -> empty(at, body) ? new Step.Foreground() : null;
            case "network" -> {
                NetworkConditions n = network(at, body);
                yield n == null ? null : new Step.Network(n);
            }
            case "loop" -> loop(at, body);
            case "parallel" -> parallel(at, body);
            default -> {
                add(field + "." + kind, null, "C-3", "unknown step; " + Suggestions.hint(kind, STEP_KINDS));
                yield null;
            }
        };
    }

    private @Nullable Step request(String at, JsonNode v) {
        if (!object(at, v, REQUEST_KEYS)) {
            return null;
        }
        String url = url(at, v);
        JsonNode m = v.get("method");
        String method = m == null ? null : string(at + ".method", m);
        if (method != null) {
            String named = method;
            rule(at + ".method", named, () -> RequestMethod.parse(ApiKind.REQUEST, named));
        }
        Map<String, String> header = headers(at + ".header", v.get("header"), ApiKind.REQUEST);
        Object data = null;
        JsonNode d = v.get("data");
        if (d != null && !d.isNull()) {
            if (d.isString()) {
                checkVariables(at + ".data", d.stringValue());
                data = d.stringValue();
            } else if (d.isContainer()) {
                checkVariables(at + ".data", d.toString());
                data = MAPPER.treeToValue(d, Object.class);
            } else {
                type(at + ".data", d, "a string, an object or an array");
            }
        }
        Integer status = status(at + ".expectStatus", v.get("expectStatus"));
        Duration timeout = timeout(at + ".timeout", v.get("timeout"), ApiKind.REQUEST);
        Map<String, String> extract = new LinkedHashMap<>();
        JsonNode x = v.get("extract");
        if (x != null) {
            if (!x.isObject()) {
                type(at + ".extract", x, "an object of variable names to JSON Pointers, e.g. {\"token\": \"/token\"}");
            } else {
                for (Map.Entry<String, JsonNode> e : x.properties()) {
                    String f = at + ".extract." + e.getKey();
                    String pointer = string(f, e.getValue());
                    if (pointer == null) {
                        continue;
                    }
                    try {
                        JsonPointer.compile(pointer);
                        extract.put(e.getKey(), pointer);
                    } catch (IllegalArgumentException ex) {
                        add(f, pointer, "C-2", "not a JSON Pointer (RFC 6901): " + ex.getMessage()
                                + "; write it as /field/0/name, starting with /");
                    }
                }
            }
        }
        DataType dataType = DataType.JSON;
        JsonNode dt = v.get("dataType");
        if (dt != null) {
            String s = string(at + ".dataType", dt);
            // the platform's rule (R-5): json parses, any other dataType leaves text
            dataType = s == null || s.equals("json") ? DataType.JSON : DataType.TEXT;
            if (dataType == DataType.TEXT && !extract.isEmpty()) {
                add(at + ".dataType", s, "R-5", "extract needs the JSON body; leave dataType out, or set it to json");
            }
        }
        String name = name(at, v, (method == null ? "GET" : method) + " " + pathOf(url));
        extract.keySet().forEach(defined::add); // defined for the steps after this one
        return url == null ? null : new Step.Request(name, method, url, header, data, status, extract, timeout, dataType);
    }

    private @Nullable Step upload(String at, JsonNode v) {
        if (!object(at, v, UPLOAD_KEYS)) {
            return null;
        }
        String url = url(at, v);
        Path file = null;
        JsonNode f = v.get("file");
        if (f == null) {
            add(at + ".file", null, "U-1", "missing; name the file to upload, relative to the scenario file");
        } else {
            file = path(at + ".file", f, true);
        }
        String field = "file";
        JsonNode fieldNode = v.get("field");
        if (fieldNode != null) {
            String s = string(at + ".field", fieldNode);
            if (s != null) {
                field = s;
            }
        }
        Map<String, String> form = strings(at + ".formData", v.get("formData"));
        Map<String, String> header = headers(at + ".header", v.get("header"), ApiKind.UPLOAD_FILE);
        Integer status = status(at + ".expectStatus", v.get("expectStatus"));
        String name = name(at, v, "upload " + pathOf(url));
        return url == null || file == null ? null : new Step.Upload(name, url, file, field, form, header, status);
    }

    private @Nullable Step download(String at, JsonNode v) {
        if (!object(at, v, DOWNLOAD_KEYS)) {
            return null;
        }
        String url = url(at, v);
        Map<String, String> header = headers(at + ".header", v.get("header"), ApiKind.DOWNLOAD_FILE);
        Integer status = status(at + ".expectStatus", v.get("expectStatus"));
        String name = name(at, v, "download " + pathOf(url));
        return url == null ? null : new Step.Download(name, url, header, status);
    }

    private @Nullable Step socket(String at, JsonNode v) {
        if (!object(at, v, SOCKET_KEYS)) {
            return null;
        }
        String url = url(at, v);
        List<String> send = new ArrayList<>();
        JsonNode s = v.get("send");
        if (s != null) {
            if (!s.isArray()) {
                type(at + ".send", s, "an array of text messages");
            } else {
                for (int i = 0; i < s.size(); i++) {
                    String msg = string(at + ".send[" + i + "]", s.get(i));
                    if (msg != null) {
                        checkVariables(at + ".send[" + i + "]", msg);
                        send.add(msg);
                    }
                }
            }
        }
        int await = send.size();
        JsonNode a = v.get("await");
        if (a != null) {
            if (a.isIntegralNumber() && a.canConvertToInt() && a.intValue() >= 0) {
                await = a.intValue();
            } else {
                add(at + ".await", JsonValues.display(a), "C-2", "must be a whole number of messages, 0 or more");
            }
        }
        Duration timeout = timeout(at + ".timeout", v.get("timeout"), ApiKind.CONNECT_SOCKET);
        String name = name(at, v, "socket " + pathOf(url));
        return url == null ? null : new Step.Socket(name, url, send, await, timeout);
    }

    private @Nullable Step think(String at, JsonNode v) {
        if (v.isString() || v.isNumber()) { // {"think": "2s"}: fixed
            Duration d = duration(at, v);
            return d == null ? null : new Step.Think(Step.Think.Distribution.FIXED, d, d);
        }
        if (!object(at, v, THINK_KEYS)) {
            return null;
        }
        if (v.size() != 1) {
            add(at, JsonValues.display(v), "C-2", "give exactly one of fixed, uniform or exponential,"
                    + " e.g. {\"uniform\": [\"1s\", \"3s\"]}");
            return null;
        }
        Map.Entry<String, JsonNode> e = v.properties().iterator().next();
        String f = at + "." + e.getKey();
        switch (e.getKey()) {
            case "fixed" -> {
                Duration d = duration(f, e.getValue());
                return d == null ? null : new Step.Think(Step.Think.Distribution.FIXED, d, d);
            }
            case "exponential" -> {
                Duration d = duration(f, e.getValue());
                return d == null ? null : new Step.Think(Step.Think.Distribution.EXPONENTIAL, d, d);
            }
            default -> { // uniform
                JsonNode u = e.getValue();
                if (!u.isArray() || u.size() != 2) {
                    add(f, JsonValues.display(u), "C-2", "must be [min, max], e.g. [\"1s\", \"3s\"]");
                    return null;
                }
                Duration min = duration(f + "[0]", u.get(0));
                Duration max = duration(f + "[1]", u.get(1));
                if (min == null || max == null) {
                    return null;
                }
                if (max.compareTo(min) < 0) {
                    add(f, JsonValues.display(u), "C-2", "the maximum is below the minimum; write [min, max]");
                    return null;
                }
                return new Step.Think(Step.Think.Distribution.UNIFORM, min, max);
            }
        }
    }

    private boolean empty(String at, JsonNode v) {
        if (v.isObject() && v.isEmpty()) {
            return true;
        }
        add(at, JsonValues.display(v), "C-2", "takes no fields; write {}");
        return false;
    }

    /**
     * Network conditions (N-6): a preset's name in any case, or {@code {"latencyMs", "downloadKbps",
     * "uploadKbps"}} in DevTools' units (ms, kbit/s; absent or 0 adds no latency and no limit).
     */
    private @Nullable NetworkConditions network(String at, JsonNode v) {
        if (v.isString()) {
            NetworkConditions p = NetworkSetting.preset(v.stringValue());
            if (p == null) {
                add(at, v.stringValue(), "N-6", NetworkSetting.notAPreset(v.stringValue(),
                        "{\"latencyMs\": 100, \"downloadKbps\": 1600, \"uploadKbps\": 750}"));
            }
            return p;
        }
        if (!v.isObject()) {
            add(at, JsonValues.display(v), "N-6", "must be a preset's name, e.g. \"Slow 4G\", or an object"
                    + " {\"latencyMs\": 100, \"downloadKbps\": 1600, \"uploadKbps\": 750}, not " + JsonValues.typeName(v));
            return null;
        }
        int before = problems.size();
        unknownKeys(at, v, NETWORK_KEYS); // C-3, as any unknown field of the file
        long latency = 0;
        JsonNode l = v.get("latencyMs");
        if (l != null) {
            if (l.isIntegralNumber() && l.canConvertToLong() && l.longValue() >= 0
                    && l.longValue() <= NetworkSetting.MAX_LATENCY_MS) {
                latency = l.longValue();
            } else {
                add(at + ".latencyMs", JsonValues.display(l), "N-6", "must be a whole number of milliseconds from 0"
                        + " (none) to " + NetworkSetting.MAX_LATENCY_MS + ", past which every request would time out (T-2)");
            }
        }
        double down = kbps(at + ".downloadKbps", v.get("downloadKbps"));
        double up = kbps(at + ".uploadKbps", v.get("uploadKbps"));
        return problems.size() > before ? null : NetworkConditions.customKbps(Duration.ofMillis(latency), down, up);
    }

    private double kbps(String field, @Nullable JsonNode v) {
        if (v == null) {
            return 0;
        }
        if (v.isNumber() && NetworkSetting.validKbps(v.doubleValue())) {
            return v.doubleValue();
        }
        add(field, JsonValues.display(v), "N-6", "must be a bandwidth in kbit/s (1 kbit/s = 125 bytes/s),"
                + " a number of 0 (unlimited) or more, e.g. 1600");
        return 0;
    }

    private @Nullable Step loop(String at, JsonNode v) {
        if (!object(at, v, LOOP_KEYS)) {
            return null;
        }
        int times = times(at + ".times", v.get("times"));
        List<Step> steps = nested(at, v);
        return times < 1 || steps.isEmpty() ? null : new Step.Loop(times, steps);
    }

    private @Nullable Step parallel(String at, JsonNode v) {
        if (!object(at, v, PARALLEL_KEYS)) {
            return null;
        }
        int times = times(at + ".times", v.get("times"));
        boolean wait = true;
        JsonNode w = v.get("wait");
        if (w != null) {
            if (w.isBoolean()) {
                wait = w.booleanValue();
            } else {
                type(at + ".wait", w, "true or false");
            }
        }
        List<Step> steps = nested(at, v);
        return times < 1 || steps.isEmpty() ? null : new Step.Parallel(times, wait, steps);
    }

    private List<Step> nested(String at, JsonNode v) {
        JsonNode s = v.get("steps");
        if (s == null || (s.isArray() && s.isEmpty())) {
            add(at + ".steps", s == null ? null : "[]", "C-2", "missing or empty; give the steps to repeat");
            return List.of();
        }
        return steps(at + ".steps", s);
    }

    private int times(String field, @Nullable JsonNode v) {
        if (v == null) {
            add(field, null, "C-2", "missing; give how many times, 1 or more");
            return 0;
        }
        if (v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 1) {
            return v.intValue();
        }
        add(field, JsonValues.display(v), "C-2", "must be a whole number, 1 or more");
        return 0;
    }

    // --- fields

    private boolean object(String at, JsonNode v, List<String> keys) {
        if (!v.isObject()) {
            type(at, v, "an object");
            return false;
        }
        unknownKeys(at, v, keys);
        return true;
    }

    /** C-3: each field of the object {@code v} at {@code at} that is not one of {@code keys}. */
    private void unknownKeys(String at, JsonNode v, List<String> keys) {
        for (String k : v.propertyNames()) {
            if (!keys.contains(k)) {
                unknown(at + "." + k, k, keys);
            }
        }
    }

    private @Nullable String url(String at, JsonNode v) {
        JsonNode u = v.get("url");
        if (u == null) {
            add(at + ".url", null, "C-2", "missing; give the URL to call");
            return null;
        }
        String s = string(at + ".url", u);
        if (s != null) {
            checkVariables(at + ".url", s);
        }
        return s;
    }

    private String name(String at, JsonNode v, String fallback) {
        JsonNode n = v.get("name");
        if (n == null) {
            return fallback;
        }
        String s = string(at + ".name", n);
        if (s != null && s.isBlank()) {
            add(at + ".name", s, "C-2", "blank; name the step, or leave the name out");
        }
        return s == null || s.isBlank() ? fallback : s;
    }

    private Map<String, String> headers(String field, @Nullable JsonNode v, ApiKind api) {
        Map<String, String> out = strings(field, v);
        out.forEach((name, value) -> {
            // a value with ${var} is checked when the call runs, once it holds its variables
            String checked = VARIABLE.matcher(value).find() ? "x" : value;
            rule(field + "." + name, value, () -> RequestHeaders.check(api, name, checked));
        });
        return out;
    }

    private Map<String, String> strings(String field, @Nullable JsonNode v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            type(field, v, "an object of names to strings");
            return out;
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String s = string(field + "." + e.getKey(), e.getValue());
            if (s != null) {
                checkVariables(field + "." + e.getKey(), s);
                out.put(e.getKey(), s);
            }
        }
        return out;
    }

    private @Nullable Integer status(String field, @Nullable JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 100 && v.intValue() <= 599) {
            return v.intValue();
        }
        add(field, JsonValues.display(v), "C-2", "must be an HTTP status from 100 to 599, e.g. 200");
        return null;
    }

    private @Nullable Duration timeout(String field, @Nullable JsonNode v, ApiKind api) {
        if (v == null) {
            return null;
        }
        Duration d = duration(field, v);
        if (d != null && d.isZero()) {
            add(field, JsonValues.display(v), "T-1", "a timeout must be above zero; leave it out to take the config's "
                    + api.apiName() + " timeout");
            return null;
        }
        return d;
    }

    /** {@code "250ms"}, {@code "2s"}, {@code "1.5m"}, {@code "1h"}, or a number of milliseconds. */
    private @Nullable Duration duration(String field, JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToLong() && v.longValue() >= 0) {
            return Duration.ofMillis(v.longValue());
        }
        if (v.isString()) {
            Duration d = parseDuration(v.stringValue());
            if (d != null) {
                return d;
            }
        }
        add(field, JsonValues.display(v), "C-2", "not a duration; write e.g. \"250ms\", \"2s\", \"1.5m\" or a number of milliseconds");
        return null;
    }

    /** A duration as the scenario and the command line write it, or {@code null}. */
    static @Nullable Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        double n = Double.parseDouble(m.group(1));
        double ms = switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
        return Duration.ofNanos(Math.round(ms * 1_000_000));
    }

    private @Nullable Path path(String field, JsonNode v, boolean mustBeReadable) {
        String s = string(field, v);
        if (s == null) {
            return null;
        }
        try {
            Path p = folder.resolve(s).normalize();
            if (mustBeReadable && !Files.isReadable(p)) {
                add(field, s, "U-1", "no readable file at " + p + "; name a file relative to the scenario file");
                return null;
            }
            return p;
        } catch (InvalidPathException e) {
            add(field, s, "C-2", "not a valid path: " + e.getReason());
            return null;
        }
    }

    private @Nullable String string(String field, JsonNode v) {
        if (v.isString()) {
            return v.stringValue();
        }
        type(field, v, "a string");
        return null;
    }

    /** Every {@code ${name}} in {@code text} must be defined before this step. */
    private void checkVariables(String field, String text) {
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            String var = m.group(1);
            if (!defined.contains(var)) {
                add(field, text, "C-2", "'${" + var + "}' is not defined before this step; define it in"
                        + " variables or extract it from an earlier response"
                        + Suggestions.closest(var, defined).map(k -> " (did you mean '${" + k + "}'?)").orElse(""));
            }
        }
    }

    /** Runs one of the policy's checks, noting its refusal under its own rule. */
    private void rule(String field, String value, Runnable check) {
        try {
            check.run();
        } catch (MpNetException e) {
            add(field, value, e.rule(), e.explanation());
        }
    }

    private void type(String field, JsonNode v, String expected) {
        add(field, JsonValues.display(v), "C-2", "must be " + expected + ", not " + JsonValues.typeName(v));
    }

    private void unknown(String field, String name, List<String> known) {
        add(field, null, "C-3", "unknown field; " + Suggestions.hint(name, known));
    }

    private void add(String field, @Nullable String value, String rule, String message) {
        problems.add(new ConfigProblem(source, field, value, rule, message));
    }

    private static String pathOf(@Nullable String url) {
        if (url == null) {
            return "";
        }
        try {
            String p = URI.create(url.replaceAll("\\$\\{[^}]*}", "_")).getRawPath();
            return p == null || p.isEmpty() ? "/" : p;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

}
