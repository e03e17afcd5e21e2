package io.mpnet.policy;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" hints for unknown names (C-3); public so the load scenario reader words its unknown
 * fields the same way. Hand-written: the optimal-string-alignment
 * distance is twenty lines, not worth a dependency in a module that has only Jackson.
 */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The known name closest to {@code unknown}, when it is close enough to be a typo: the same
     * letters in another case, or at most a third of its letters (at least one, at most three)
     * wrong, missing, extra or swapped.
     */
    public static Optional<String> closest(String unknown, Collection<String> known) {
        String u = unknown.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, u.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(u, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** The hint to append to a message: {@code did you mean 'domains'?} or the list of known names. */
    public static String hint(String unknown, Collection<String> known) {
        return closest(unknown, known)
                .map(k -> "did you mean '" + k + "'?")
                .orElseGet(() -> "known: " + String.join(", ", known));
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
