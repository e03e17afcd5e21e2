package io.mpnet.policy;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * Where an allowed call goes, as the policy read it: the normalised scheme, ASCII host and port,
 * and whether it is a LAN peer. The runtime dials exactly this (no re-parsing of the URL).
 */
public final class Target {

    private final String scheme;
    private final String host;
    private final int port;
    private final boolean explicitPort;
    private final boolean lan;
    private final @Nullable InetAddress literal;
    private final String pathAndQuery;

    Target(String scheme, String host, int port, boolean explicitPort, boolean lan,
            @Nullable InetAddress literal, String pathAndQuery) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.explicitPort = explicitPort;
        this.lan = lan;
        this.literal = literal;
        this.pathAndQuery = pathAndQuery;
    }

    /** {@code https}, {@code wss}, {@code http} or {@code ws} (the last two on the LAN only), or {@code ""} for udp/tcp. */
    public String scheme() {
        return scheme;
    }

    /** The ASCII host, lower case, without a trailing dot; an IPv6 literal without brackets. */
    public String host() {
        return host;
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

    /** The path and query as written (at least {@code /}), without the fragment. */
    public String pathAndQuery() {
        return pathAndQuery;
    }

    /** The URL to dial, rebuilt from the normalised parts: {@code https://api.example.com/path?q}. */
    public String url() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme + "://" + h + (explicitPort ? ":" + port : "") + pathAndQuery;
    }

    @Override
    public String toString() {
        return url();
    }
}
