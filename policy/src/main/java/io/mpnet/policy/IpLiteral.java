package io.mpnet.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * Strict IP literals for configuration values ({@code hosts}): dotted-decimal IPv4 and IPv6
 * (with or without brackets). Never a DNS lookup: IPv4 is parsed here, and IPv6 is handed to the
 * JDK only in brackets and only when it holds nothing but hex digits, colons and dots, which the
 * JDK parses as a literal or refuses without asking DNS.
 */
final class IpLiteral {

    private IpLiteral() {
    }

    /** The address written, or {@code null} when the text is not a strict IP literal. */
    static @Nullable InetAddress parse(String text) {
        String t = text;
        if (t.startsWith("[") && t.endsWith("]") && t.length() > 2) {
            t = t.substring(1, t.length() - 1);
            return t.indexOf(':') >= 0 ? parseV6(t) : null;
        }
        return t.indexOf(':') >= 0 ? parseV6(t) : parseV4(t);
    }

    /** The canonical text of an address, used as the key of literal entries in {@code hosts}. */
    static String canonical(InetAddress address) {
        return address.getHostAddress();
    }

    private static @Nullable InetAddress parseV4(String t) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            // leading zeros are refused: a URL parser reads them as octal, a person as decimal
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            bytes[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null; // unreachable: four bytes are always a valid length
        }
    }

    private static @Nullable InetAddress parseV6(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return null; // also refuses a zone id (%eth0), which would consult the interfaces
            }
        }
        try {
            return InetAddress.getByName("[" + t + "]");
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
