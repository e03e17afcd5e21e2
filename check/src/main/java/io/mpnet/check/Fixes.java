package io.mpnet.check;

/**
 * The fix of a failure whose message carries none, by rule: the "Fix" of the rule in docs/RULES.md,
 * in one sentence.
 */
final class Fixes {

    private Fixes() {
    }

    static String of(String rule) {
        return switch (rule) {
            case "P-1" -> "use https:// (wss:// for sockets) and serve TLS on the backend";
            case "P-2" -> "add the exact host to the kind's domains, or call a host that is configured";
            case "P-4" -> "call the configured port, or configure the domain with the port you call";
            case "P-5" -> "drop the port from the URL, or configure the domain with it";
            case "P-8" -> "call this API from your backend, never from the mini program";
            case "P-11" -> "publish the server's public address in DNS";
            case "P-12", "P-12u" -> "configure the host in domains.tcp, or connect to a LAN peer";
            case "P-12p" -> "serve the protocol on a port outside the refused list (for example 9000)";
            case "X-1" -> "enable TLS 1.2 and 1.3 on the server";
            case "X-2" -> "serve the full chain (leaf and intermediates) of a certificate for this host, in date";
            case "X-3" -> "serve a certificate issued by a CA";
            case "X-4" -> "get a certificate from a CA that is not distrusted";
            case "S-1" -> "answer the WebSocket upgrade with 101 and one of the sub-protocols offered";
            default -> "see " + rule + " in docs/RULES.md";
        };
    }
}
