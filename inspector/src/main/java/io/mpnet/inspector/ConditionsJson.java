package io.mpnet.inspector;

import io.mpnet.runtime.NetworkConditions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The throttling control's JSON (N-6): what {@code GET api/conditions} and the stream's
 * {@code conditions} event say, and what {@code POST api/conditions} takes. The page speaks kbit/s,
 * as DevTools' custom profiles do (1 kbit/s = 125 bytes per second); the answers carry both.
 */
final class ConditionsJson {

    static final int MAX_BODY = 4096;
    private static final Set<String> CUSTOM_FIELDS = Set.of("latencyMs", "downloadKbps", "uploadKbps");
    private static final String FIX = "send {\"preset\": \"Slow 4G\"} (one of " + presetNames()
            + ") or {\"latencyMs\": 100, \"downloadKbps\": 1600, \"uploadKbps\": 750} (whole numbers; 0 kbit/s: unlimited)";

    private ConditionsJson() {
    }

    /** The presets in DevTools' order, and each watched runtime's conditions now. */
    static ObjectNode of(JsonMapper json, Map<String, NetworkConditions> byRuntime) {
        ObjectNode o = json.createObjectNode();
        var presets = o.putArray("presets");
        NetworkConditions.presets().forEach(p -> write(presets.addObject(), p));
        var runtimes = o.putArray("runtimes");
        byRuntime.forEach((label, c) -> {
            ObjectNode r = runtimes.addObject();
            r.put("runtime", label);
            write(r.putObject("conditions"), c);
        });
        return o;
    }

    private static void write(ObjectNode o, NetworkConditions c) {
        o.put("name", c.name());
        o.put("offline", c.offline());
        o.put("latencyMs", c.latency().toMillis());
        o.put("downloadBytesPerSecond", c.downloadBytesPerSecond());
        o.put("uploadBytesPerSecond", c.uploadBytesPerSecond());
        o.put("downloadKbps", (double) c.downloadBytesPerSecond() / NetworkConditions.BYTES_PER_KBIT);
        o.put("uploadKbps", (double) c.uploadBytesPerSecond() / NetworkConditions.BYTES_PER_KBIT);
    }

    /**
     * The conditions a page asked for: {@code {"preset": name}}, or custom {@code latencyMs},
     * {@code downloadKbps} and {@code uploadKbps} (each optional, 0 when left out, but at least one).
     *
     * @throws IllegalArgumentException naming the field, its value, N-6 and what to send
     */
    static NetworkConditions parse(JsonMapper json, String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw bad("the body '" + abbreviate(body) + "' is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw bad("the body '" + abbreviate(body) + "' is not a JSON object");
        }
        JsonNode preset = root.get("preset");
        if (preset != null) {
            if (root.size() != 1) {
                throw bad("'preset' goes alone, but the body also has " + others(root, "preset"));
            }
            if (!preset.isString()) {
                throw bad("'preset' is " + preset + ", not a name");
            }
            try {
                return NetworkConditions.preset(preset.asString());
            } catch (IllegalArgumentException e) { // its fix speaks Java; the page's sender needs the JSON
                throw bad("'preset' is " + abbreviate(preset.toString()) + ", not a preset's name");
            }
        }
        for (String field : root.propertyNames()) {
            if (!CUSTOM_FIELDS.contains(field)) {
                throw bad("the field '" + abbreviate(field) + "' is not one of preset, " + String.join(", ", CUSTOM_FIELDS));
            }
        }
        if (root.isEmpty()) {
            throw bad("the body {} names no conditions");
        }
        long latencyMs = whole(root, "latencyMs", NetworkConditions.MAX_LATENCY.toMillis());
        long down = whole(root, "downloadKbps", Long.MAX_VALUE / NetworkConditions.BYTES_PER_KBIT);
        long up = whole(root, "uploadKbps", Long.MAX_VALUE / NetworkConditions.BYTES_PER_KBIT);
        return NetworkConditions.customKbps(Duration.ofMillis(latencyMs), down, up);
    }

    private static long whole(JsonNode root, String field, long max) {
        JsonNode v = root.get(field);
        if (v == null) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > max) {
            throw bad("'" + field + "' is " + abbreviate(v.toString()) + ", not a whole number from 0 to " + max);
        }
        return v.asLong();
    }

    private static String others(JsonNode root, String except) {
        return root.propertyNames().stream().filter(n -> !n.equals(except)).map(ConditionsJson::abbreviate).toList()
                .toString();
    }

    private static IllegalArgumentException bad(String what) {
        return new IllegalArgumentException("network conditions: " + what + " [N-6]; " + FIX);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    private static String presetNames() {
        return NetworkConditions.presets().stream().map(NetworkConditions::name).toList().toString();
    }
}
