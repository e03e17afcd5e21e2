package io.mpnet.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The tags of the interval histograms, the one vocabulary the run writes and the reports and
 * {@code merge} read: {@code latency|step}, {@code queue|step}, {@code wire|step},
 * {@code error|step|errMsg|rule|errno} and {@code programs}. An interval log's tag may not hold a
 * comma or white space, so each part is percent-encoded.
 */
final class Tags {

    static final String LATENCY = "latency";
    static final String QUEUE = "queue";
    static final String WIRE = "wire";
    static final String ERROR = "error";
    static final String PROGRAMS = "programs";

    private Tags() {
    }

    static String latency(String step) {
        return LATENCY + "|" + encode(step);
    }

    static String queue(String step) {
        return QUEUE + "|" + encode(step);
    }

    static String wire(String step) {
        return WIRE + "|" + encode(step);
    }

    static String error(String step, Failure f) {
        return ERROR + "|" + encode(step) + "|" + encode(f.errMsg()) + "|" + encode(f.rule()) + "|"
                + (f.errno().isPresent() ? f.errno().getAsInt() : "-");
    }

    /** The decoded parts of a tag: its kind first. */
    static List<String> parts(String tag) {
        List<String> out = new ArrayList<>();
        for (String p : tag.split("\\|", -1)) {
            out.add(decode(p));
        }
        return out;
    }

    /**
     * Why a call failed, as reports group failures.
     *
     * @param errMsg the platform's errMsg, or what the generator saw (a status not expected)
     * @param rule the rule id that decided, or {@code -}
     * @param errno the platform's errno, where it defines one
     */
    record Failure(String errMsg, String rule, OptionalInt errno) {
        static Failure of(List<String> tagParts) {
            String n = tagParts.get(4);
            return new Failure(tagParts.get(2), tagParts.get(3),
                    n.equals("-") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(n)));
        }
    }

    private static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == '/' || c == ':' || c == '[' || c == ']') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
