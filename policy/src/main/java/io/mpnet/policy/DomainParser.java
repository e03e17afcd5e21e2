package io.mpnet.policy;

import java.util.Locale;

/** Reads configured server domains. STUB: replaced by the strict parser. */
final class DomainParser {

    private DomainParser() {
    }

    static ServerDomain parseServerDomain(ApiKind kind, String text, Profile profile) {
        String scheme = null;
        String rest = text;
        int sep = text.indexOf("://");
        if (sep >= 0) {
            scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
            rest = text.substring(sep + 3);
        }
        int port = -1;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            port = Integer.parseInt(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        return new ServerDomain(scheme, rest.toLowerCase(Locale.ROOT), port);
    }
}
