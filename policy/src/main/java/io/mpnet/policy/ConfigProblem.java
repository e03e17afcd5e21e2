package io.mpnet.policy;

/**
 * One thing wrong in a configuration (C-2): where it is, what it holds, which rule it breaks and
 * how to fix it.
 *
 * @param source the file, such as {@code mpnet.json}, or {@code "builder"} for code
 * @param field the field's path, such as {@code domains.request[2]}
 * @param value the bad value as written
 * @param rule the SPEC id, such as {@code "P-3"} or {@code "C-3"}
 * @param message what is wrong and the fix
 */
public record ConfigProblem(String source, String field, String value, String rule, String message) {

    /** {@code mpnet.json: domains.request[2]: 'https://10.0.0.5' — a server domain cannot be an IP address (P-3)}. */
    @Override
    public String toString() {
        return source + ": " + field + ": '" + value + "' \u2014 " + message + " (" + rule + ")";
    }
}
