package io.mpnet.policy;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * Reads configured server domains and host names (P-1, P-3, P-4, P-8, P-12, P-14) with the same
 * strict readers the policy judges URLs with, so a configured host and a URL host normalise alike.
 */
final class DomainParser {

    private DomainParser() {
    }

    /**
     * One entry of {@code domains.<kind>}: {@code https://host[:port]} (or {@code wss://}) for URL
     * kinds, a bare host for tcp and udp.
     *
     * @throws RuleViolation naming the rule the entry breaks
     */
    static ServerDomain parseServerDomain(ApiKind kind, String text, Profile profile) {
        if (!kind.takesUrl()) {
            String host = parseHostName(text, kind == ApiKind.UDP ? "P-12u" : "P-12", "a " + kind.apiName()
                    + " domain");
            return new ServerDomain(null, host, -1);
        }
        Target t = UrlReader.read(text, kind);
        if (!t.secure()) {
            throw new RuleViolation("P-1", "a server domain of " + kind.apiName() + " must use "
                    + UrlReader.secureScheme(kind) + "://");
        }
        if (!t.pathAndQuery().equals("/") || text.indexOf('#') >= 0) {
            throw new RuleViolation("P-2", "a server domain is a scheme, a host and a port only; remove the path");
        }
        String host = t.host();
        refuseAddressOrForbidden(host, t.literalAddress());
        if (t.explicitPort() && kind != ApiKind.CONNECT_SOCKET && !profile.httpsPortsConfigurable()) {
            throw new RuleViolation("P-4", "the " + profile.name() + " profile does not allow a port on an https domain");
        }
        return new ServerDomain(t.scheme(), host, t.explicitPort() ? t.port() : -1);
    }

    /**
     * A host name without scheme or port (tcp and udp domains, prefetchDns), normalised.
     *
     * @param formRule the rule reported for a scheme or a port, which the context forbids
     * @throws RuleViolation naming the rule the text breaks
     */
    static String parseHostName(String text, String formRule, String what) {
        UrlReader.refuseInvisible(text);
        if (text.contains("://")) {
            throw new RuleViolation(formRule, what + " is a host name without a scheme");
        }
        boolean bracketed = text.startsWith("[");
        if (!bracketed && text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            throw new RuleViolation(formRule, what + " is a host name without a port (any port is allowed)");
        }
        HostReader.Host h = HostReader.read(!bracketed && text.indexOf(':') >= 0 ? "[" + text + "]" : text);
        refuseAddressOrForbidden(h.name(), h.literal());
        return h.name();
    }

    private static void refuseAddressOrForbidden(String host, @Nullable InetAddress literal) {
        if (literal != null) {
            throw new RuleViolation("P-3", "a server domain cannot be an IP address");
        }
        if (HostReader.isLocalhostName(host)) {
            throw new RuleViolation("P-3", "a server domain cannot be localhost");
        }
        if (host.indexOf('_') >= 0) {
            // URLs may carry '_' (browsers accept it), but a server's name is a host name: letters, digits, '-'
            throw new RuleViolation("P-2", "the label of '" + host + "' holds '_'; a server domain holds letters,"
                    + " digits and '-'");
        }
        if (host.equals(NetworkPolicy.FORBIDDEN_HOST)) {
            throw new RuleViolation("P-8", NetworkPolicy.FORBIDDEN_HOST + " can never be configured: it takes the"
                    + " AppSecret, which must stay on your server");
        }
    }
}
