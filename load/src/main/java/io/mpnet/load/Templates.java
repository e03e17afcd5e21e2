package io.mpnet.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/** {@code ${var}} in a step's strings, filled from a program's variables when the step runs. */
final class Templates {

    private Templates() {
    }

    static String fill(String text, Map<String, String> vars) {
        if (text.indexOf("${") < 0) {
            return text;
        }
        Matcher m = ScenarioReader.VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = vars.get(m.group(1));
            if (v == null) { // the reader checked the name is defined; a failed extraction leaves it unset
                throw new IllegalStateException("${" + m.group(1) + "} has no value: the step that sets it failed");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code map} with its values filled in; {@code map} itself when none has a {@code ${var}}, as most have none. */
    static Map<String, String> fill(Map<String, String> map, Map<String, String> vars) {
        if (!templated(map)) {
            return map;
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, fill(v, vars)));
        return out;
    }

    /** A JSON payload's strings filled in, keys and structure as they are; the payload itself when it has no {@code ${var}}. */
    static @Nullable Object fillData(@Nullable Object data, Map<String, String> vars) {
        if (!templated(data)) {
            return data; // no copy per call of a payload that never changes
        }
        if (data instanceof String s) {
            return fill(s, vars);
        }
        if (data instanceof Map<?, ?> m) {
            Map<Object, @Nullable Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, fillData(v, vars)));
            return out;
        }
        if (data instanceof List<?> l) {
            List<@Nullable Object> out = new ArrayList<>();
            l.forEach(v -> out.add(fillData(v, vars)));
            return out;
        }
        return data;
    }

    /** Whether {@code data} (a string, or a JSON object or array of them) holds a {@code ${var}} anywhere. */
    private static boolean templated(@Nullable Object data) {
        if (data instanceof String s) {
            return s.contains("${");
        }
        if (data instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (templated(v)) {
                    return true;
                }
            }
        } else if (data instanceof List<?> l) {
            for (Object v : l) {
                if (templated(v)) {
                    return true;
                }
            }
        }
        return false;
    }
}
