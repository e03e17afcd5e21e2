package io.mpnet.policy;

import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * How a refused JSON value is named in a message (C-2, C-3): by what it is and, shortened, what it
 * says. Shared by the readers of {@code mpnet.json} and of other files in the same style (load
 * scenarios), so their messages read alike.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** {@code v} as written, at most 100 characters. */
    public static String display(JsonNode v) {
        String text = v.isString() ? v.stringValue() : v.toString();
        return text.length() > 100 ? text.substring(0, 97) + "..." : text;
    }

    /** What {@code v} is: "a string", "a number", "an array"... */
    public static String typeName(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
