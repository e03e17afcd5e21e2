package io.mpnet.policy;

/**
 * Reads a URL strictly (docs/RULES.md, "Reading a URL", steps 1 to 3 of the order): nothing is trimmed,
 * repaired or decoded into an allowed host. Refusals throw {@link RuleViolation}.
 *
 * <p>Hand-written because {@code java.net.URI} and {@code URL} are lenient where a browser and
 * the platform are not (userinfo, backslashes, numeric hosts, dropped {@code :443}), and because
 * this runs on every call and every redirect hop: an ordinary URL is judged without copying.
 */
final class UrlReader {

    private UrlReader() {
    }

    /**
     * The target a URL names, not yet judged against any domain list.
     *
     * @throws RuleViolation P-2 for control characters and syntax, P-1 for a missing or foreign scheme
     */
    static Target read(String url, ApiKind api) {
        refuseInvisible(url);
        int colon = schemeEnd(url);
        String scheme = colon < 0 ? null : family(url, colon, api);
        if (scheme == null) {
            throw new RuleViolation("P-1", colon < 0
                    ? "the URL has no scheme; " + api.apiName() + " needs " + secureScheme(api) + "://"
                    : "'" + url.substring(0, colon) + "' is not a scheme of " + api.apiName() + ", which needs "
                            + secureScheme(api) + "://");
        }
        if (!url.startsWith("//", colon + 1)) {
            throw new RuleViolation("P-2", "'" + scheme + ":' must be followed by '//' and the host");
        }
        int authStart = colon + 3;
        int authEnd = authorityEnd(url, authStart);
        int hostEnd;
        int portStart = -1;
        if (authStart < authEnd && url.charAt(authStart) == '[') {
            int close = url.indexOf(']', authStart);
            if (close < 0 || close >= authEnd) {
                throw new RuleViolation("P-2", "the IPv6 address has no closing ']'");
            }
            hostEnd = close + 1;
            if (hostEnd < authEnd) {
                if (url.charAt(hostEnd) != ':') {
                    throw new RuleViolation("P-2", "only ':' and a port may follow the IPv6 address");
                }
                portStart = hostEnd + 1;
            }
        } else {
            int c = url.indexOf(':', authStart);
            hostEnd = c >= 0 && c < authEnd ? c : authEnd;
            portStart = c >= 0 && c < authEnd ? c + 1 : -1;
        }
        if (hostEnd == authStart) {
            throw new RuleViolation("P-2", "the URL has no host");
        }
        boolean explicitPort = portStart >= 0;
        int port = explicitPort ? port(url, portStart, authEnd) : defaultPort(scheme);
        // one trailing dot is ignored (P-2); a second one is left for HostReader to refuse
        int nameEnd = hostEnd - authStart > 1 && url.charAt(hostEnd - 1) == '.' ? hostEnd - 1 : hostEnd;
        if (HostReader.isPlainName(url, authStart, nameEnd)) {
            return new Target(url, scheme, url, authStart, nameEnd, port, explicitPort, false, null, authEnd);
        }
        HostReader.Host h = HostReader.read(url.substring(authStart, hostEnd));
        return new Target(url, scheme, h.name(), 0, h.name().length(), port, explicitPort, false, h.literal(), authEnd);
    }

    /** Control characters, Unicode whitespace and invisible format characters, anywhere (step 1). */
    static void refuseInvisible(String s) {
        int i = firstInvisible(s, 0);
        if (i >= 0) {
            throw new RuleViolation("P-2", "the URL holds a control, whitespace or invisible character (U+"
                    + HostReader.hex(s.charAt(i)) + ") at index " + i + "; URLs are never trimmed or repaired, remove it");
        }
    }

    /** The index of the first character step 1 refuses in {@code s} from {@code from}, or -1. */
    static int firstInvisible(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c == 0x7f || (c >= 0x80 && (c <= 0x9f || Character.isSpaceChar(c)
                    || Character.isWhitespace(c) || Character.getType(c) == Character.FORMAT))) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the ':' ending a scheme ({@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}), or -1. */
    private static int schemeEnd(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == ':') {
                return i > 0 ? i : -1;
            }
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
                return -1;
            }
        }
        return -1;
    }

    /** The scheme in lower case when it belongs to the API's family (http/https, or ws/wss), else null. */
    private static String family(String url, int colon, ApiKind api) {
        String secure = secureScheme(api);
        String plain = api == ApiKind.CONNECT_SOCKET ? "ws" : "http";
        if (colon == secure.length() && url.regionMatches(true, 0, secure, 0, colon)) {
            return secure;
        }
        if (colon == plain.length() && url.regionMatches(true, 0, plain, 0, colon)) {
            return plain;
        }
        return null;
    }

    static String secureScheme(ApiKind api) {
        return api == ApiKind.CONNECT_SOCKET ? "wss" : "https";
    }

    static int defaultPort(String scheme) {
        return scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
    }

    private static int authorityEnd(String url, int from) {
        for (int i = from; i < url.length(); i++) {
            char c = url.charAt(i);
            switch (c) {
                case '/', '?', '#' -> {
                    return i;
                }
                // a browser reads '\' as '/', a server as part of the host: refused, never guessed
                case '\\' -> throw new RuleViolation("P-2", "the URL's authority holds a backslash");
                case '@' -> throw new RuleViolation("P-2", "the URL carries userinfo ('@' in the authority);"
                        + " credentials in URLs are refused, send them in a header");
                default -> {
                }
            }
        }
        return url.length();
    }

    /** A port as written: 1 to 65535, digits only. */
    static int port(String s, int from, int to) {
        if (from == to) {
            throw new RuleViolation("P-2", "the port after ':' is empty; remove the ':' or write a port");
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new RuleViolation("P-2", "the port '" + s.substring(from, to) + "' is not a number");
            }
            v = v * 10 + (c - '0');
            if (v > 65535) {
                throw new RuleViolation("P-2", "the port '" + s.substring(from, to) + "' is above 65535");
            }
        }
        if (v == 0) {
            throw new RuleViolation("P-2", "port 0 cannot be dialled; write a port from 1 to 65535");
        }
        return v;
    }
}
