package io.mpnet.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The configured domains of one API kind, found by host in constant time without copying the
 * host out of the URL (P-2): an open-addressing table keyed by the ASCII-lower-case hash of a
 * region. Hand-written because a {@code HashMap<String, ...>} would need the host as a new String
 * on every call; with at most 20 domains (P-7) the table is tiny. Immutable.
 */
final class DomainTable {

    private static final ServerDomain[] NONE = new ServerDomain[0];

    private final String[] hosts;
    private final ServerDomain[][] domains;
    private final int mask;

    DomainTable(List<ServerDomain> list) {
        Map<String, List<ServerDomain>> byHost = new LinkedHashMap<>();
        for (ServerDomain d : list) {
            byHost.computeIfAbsent(d.host(), h -> new ArrayList<>()).add(d);
        }
        int size = Integer.highestOneBit(Math.max(2, byHost.size() * 4 - 1)) << 1;
        hosts = new String[size];
        domains = new ServerDomain[size][];
        mask = size - 1;
        byHost.forEach((host, ds) -> {
            int i = hash(host, 0, host.length()) & mask;
            while (hosts[i] != null) {
                i = (i + 1) & mask;
            }
            hosts[i] = host;
            domains[i] = ds.toArray(NONE);
        });
    }

    /** The domains configured for the host {@code s[from, to)} (ASCII, compared in ASCII lower case), or null. */
    ServerDomain @Nullable [] find(String s, int from, int to) {
        for (int i = hash(s, from, to) & mask; hosts[i] != null; i = (i + 1) & mask) {
            String h = hosts[i];
            if (HostReader.regionEqualsLower(s, from, to, h)) {
                return domains[i];
            }
        }
        return null;
    }

    private static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + lower(s.charAt(i));
        }
        return h ^ (h >>> 16);
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
