package io.mpnet.policy;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing wrong in a configuration (C-2): where it is, what it holds, which rule it breaks and
 * how to fix it.
 *
 * @param source the file, such as {@code mpnet.json}, or {@code "builder"} for code
 * @param field the field's path, such as {@code domains.request[2]}, or {@code line 3, column 7}
 *        for JSON syntax
 * @param value the bad value as written, or {@code null} when there is none (a missing field, a
 *        file that does not parse)
 * @param rule the rule id, such as {@code "P-3"} or {@code "C-3"}
 * @param message what is wrong and the fix
 */
public record ConfigProblem(String source, String field, @Nullable String value, String rule, String message) {

    public ConfigProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    /** {@code mpnet.json: domains.request[2]: 'https://10.0.0.5' — a server domain cannot be an IP address (P-3)}. */
    @Override
    public String toString() {
        return source + ": " + field + ": " + (value == null ? "" : "'" + value + "' \u2014 ")
                + message + " (" + rule + ")";
    }
}
