package io.mpnet.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of ports as the platform's documents write it ({@code 1-1023,1099,8000-8100}): data, so a
 * profile's list reads as the documents do and is checked in one place. Immutable.
 */
public final class PortRanges {

    /** No port. */
    public static final PortRanges NONE = new PortRanges("", new int[0]);

    private final String text;
    private final int[] bounds; // from, to, from, to...: inclusive, in the order written

    private PortRanges(String text, int[] bounds) {
        this.text = text;
        this.bounds = bounds;
    }

    /**
     * Reads ports and inclusive ranges separated by commas, such as {@code "1-1023,1099,8000-8100"}.
     *
     * @throws IllegalArgumentException naming the part that is not a port or a range of ports in 1-65535
     */
    public static PortRanges parse(String text) {
        List<Integer> b = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            int dash = p.indexOf('-');
            int from = port(dash < 0 ? p : p.substring(0, dash), text);
            int to = dash < 0 ? from : port(p.substring(dash + 1), text);
            if (to < from) {
                throw new IllegalArgumentException("'" + p + "' in '" + text + "' is an empty range");
            }
            b.add(from);
            b.add(to);
        }
        return new PortRanges(text, b.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int port(String s, String whole) {
        try {
            int p = Integer.parseInt(s.strip());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below with the whole text
        }
        throw new IllegalArgumentException("'" + s + "' in '" + whole + "' is not a port in 1-65535");
    }

    /** Whether {@code port} is one of these ports. */
    public boolean contains(int port) {
        for (int i = 0; i < bounds.length; i += 2) {
            if (port >= bounds[i] && port <= bounds[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** The ports as written, such as {@code 1-1023,1099,8000-8100}. */
    @Override
    public String toString() {
        return text;
    }
}
