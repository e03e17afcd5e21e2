package io.mpnet.policy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Where an allowed call goes, as the policy read it: the normalised scheme, ASCII host and port,
 * and whether it is a LAN peer. The runtime dials exactly this (no re-parsing of the URL).
 * Immutable and thread-safe.
 */
public final class Target {

    private final String source;
    private final String scheme;
    // The host is kept as a region of its source so that judging a URL copies nothing (the policy
    // runs on every call and every redirect); the String is made on first use.
    private final String hostSource;
    private final int hostStart;
    private final int hostEnd;
    private @Nullable String host;
    private @Nullable String authority;
    private @Nullable String pathAndQuery;
    private final int port;
    private final boolean explicitPort;
    private final boolean lan;
    private final @Nullable InetAddress literal;
    private final int pathStart;

    Target(String source, String scheme, String hostSource, int hostStart, int hostEnd, int port,
            boolean explicitPort, boolean lan, @Nullable InetAddress literal, int pathStart) {
        this.source = source;
        this.scheme = scheme;
        this.hostSource = hostSource;
        this.hostStart = hostStart;
        this.hostEnd = hostEnd;
        this.port = port;
        this.explicitPort = explicitPort;
        this.lan = lan;
        this.literal = literal;
        this.pathStart = pathStart;
    }

    /** An address for udp or tcp: no scheme, no path. */
    static Target address(String host, int port, boolean lan, @Nullable InetAddress literal) {
        return new Target(host, "", host, 0, host.length(), port, true, lan, literal, -1);
    }

    /**
     * The origin of {@code url} as written: its text up to the path, query or fragment
     * ({@code https://api.example.com:8443}), or {@code null} when it has no {@code ://}. The
     * policy's answer for a URL depends on this text alone, and on the rest only for the
     * characters it may not hold (P-2), so a cache of answers is keyed by it ({@link #originOnly},
     * {@link #at}): its size does not grow with the path or the query.
     */
    public static @Nullable String origin(String url) {
        int s = url.indexOf("://");
        if (s < 0) {
            return null;
        }
        for (int i = s + 3; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return url.substring(0, i);
            }
        }
        return url;
    }

    /**
     * This target as it would be read from its {@link #origin} alone, holding no reference to the
     * URL it was read from (whose path and query may be large): what a cache of answers keeps.
     */
    public Target originOnly() {
        if (pathStart < 0 || pathStart == source.length()) {
            return this;
        }
        String origin = source.substring(0, pathStart);
        Target t = new Target(origin, scheme, hostSource == source ? origin : hostSource, hostStart, hostEnd, port,
                explicitPort, lan, literal, pathStart);
        t.host = host();
        return t;
    }

    /**
     * The target of {@code url}, a URL whose {@link #origin} is exactly this target's: the same
     * judgement with {@code url}'s path and query; {@code null} when the rest of {@code url} holds a
     * control, whitespace or invisible character, which {@link NetworkPolicy#check} then refuses
     * naming it (P-2).
     *
     * @throws IllegalArgumentException when {@code url} does not begin with this target's origin
     */
    public @Nullable Target at(String url) {
        if (pathStart < 0 || url.length() < pathStart || !url.regionMatches(0, source, 0, pathStart)
                || (url.length() > pathStart && "/?#".indexOf(url.charAt(pathStart)) < 0)) {
            throw new IllegalArgumentException("'" + url + "' is not of the origin of " + this);
        }
        if (UrlReader.firstInvisible(url, pathStart) >= 0) {
            return null;
        }
        Target t = new Target(url, scheme, hostSource == source ? url : hostSource, hostStart, hostEnd, port,
                explicitPort, lan, literal, pathStart);
        t.host = host(); // read once per origin, not once per call
        t.authority = authority;
        return t;
    }

    /** This target marked as a LAN peer (P-10). */
    Target asLan() {
        return new Target(source, scheme, hostSource, hostStart, hostEnd, port, explicitPort, true, literal, pathStart);
    }

    /** Whether the host is {@code lower} (a lower-case name), without making the host's String. */
    boolean hostIs(String lower) {
        return HostReader.regionEqualsLower(hostSource, hostStart, hostEnd, lower);
    }

    /** Whether the host is {@code localhost} or under it (P-11), without making the host's String. */
    boolean hostIsLocalhost() {
        return HostReader.isLocalhostName(hostSource, hostStart, hostEnd);
    }

    String hostSource() {
        return hostSource;
    }

    int hostStart() {
        return hostStart;
    }

    int hostEnd() {
        return hostEnd;
    }

    /** Whether the scheme is {@code https} or {@code wss}. */
    public boolean secure() {
        return scheme.equals("https") || scheme.equals("wss");
    }

    /** {@code https}, {@code wss}, {@code http} or {@code ws} (the last two on the LAN only), or {@code ""} for udp/tcp. */
    public String scheme() {
        return scheme;
    }

    /** The ASCII host, lower case, without a trailing dot; an IPv6 literal without brackets. */
    public String host() {
        String h = host;
        if (h == null) {
            h = HostReader.asciiLower(hostStart == 0 && hostEnd == hostSource.length()
                    ? hostSource : hostSource.substring(hostStart, hostEnd));
            host = h; // a benign race, as String.hashCode: every thread computes the same value
        }
        return h;
    }

    /**
     * The host and, when the URL carried one, the port, as the Host header names them:
     * {@code api.example.com}, {@code api.example.com:8443}, {@code [fe80::1]:8080}.
     */
    public String authority() {
        String a = authority;
        if (a == null) {
            String h = host();
            a = h.indexOf(':') >= 0 ? "[" + h + "]" : h;
            a = explicitPort ? a + ":" + port : a;
            authority = a; // a benign race, as in host()
        }
        return a;
    }

    /** The port dialled: the URL's, or the scheme's default when the URL names none. */
    public int port() {
        return port;
    }

    /** Whether the URL text carried a port. */
    public boolean explicitPort() {
        return explicitPort;
    }

    /** Whether the host is a LAN peer (P-10). */
    public boolean lan() {
        return lan;
    }

    /** The address when the host is an IP literal, else {@code null}. */
    public @Nullable InetAddress literalAddress() {
        return literal;
    }

    /**
     * The path and query as written (at least {@code /}), without the fragment; characters that
     * may not appear in a request line (non-ASCII, quotes, braces...) percent-encoded as UTF-8.
     * Empty for udp and tcp.
     */
    public String pathAndQuery() {
        String p = pathAndQuery;
        if (p == null) {
            if (pathStart < 0) {
                p = "";
            } else {
                int end = source.indexOf('#', pathStart);
                p = source.substring(pathStart, end < 0 ? source.length() : end);
                p = encodeUnsafe(p.isEmpty() || p.charAt(0) == '?' ? "/" + p : p);
            }
            pathAndQuery = p; // a benign race, as in host()
        }
        return p;
    }

    /** The URL to dial, rebuilt from the normalised parts: {@code https://api.example.com/path?q}. */
    public String url() {
        String h = host();
        if (h.indexOf(':') >= 0) {
            h = "[" + h + "]";
        }
        if (pathStart < 0) {
            return h + ":" + port;
        }
        return scheme + "://" + h + (explicitPort ? ":" + port : "") + pathAndQuery();
    }

    private static String encodeUnsafe(String p) {
        int i = 0;
        while (i < p.length() && !unsafe(p.charAt(i))) {
            i++;
        }
        if (i == p.length()) {
            return p;
        }
        StringBuilder sb = new StringBuilder(p.length() + 16).append(p, 0, i);
        for (byte b : p.substring(i).getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (unsafe(c)) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean unsafe(char c) {
        return c >= 0x7f || c <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`'
                || c == '{' || c == '|' || c == '}';
    }

    @Override
    public String toString() {
        return url();
    }
}
