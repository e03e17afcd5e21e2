package io.mpnet.check;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * Addresses a phone on the internet cannot reach: private (RFC 1918), shared (RFC 6598), link-local
 * and unique-local. The runtime refuses only the device itself (P-11); a checker of a public backend
 * refuses these too, and never dials them.
 */
final class PrivateAddresses {

    private PrivateAddresses() {
    }

    /** The name of the private range {@code a} is in; null when it is none of them. */
    static @Nullable String range(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int x = b[0] & 0xff;
            int y = b[1] & 0xff;
            if (x == 10) {
                return "10.0.0.0/8";
            }
            if (x == 172 && y >= 16 && y < 32) {
                return "172.16.0.0/12";
            }
            if (x == 192 && y == 168) {
                return "192.168.0.0/16";
            }
            if (x == 100 && y >= 64 && y < 128) {
                return "100.64.0.0/10, shared address space";
            }
            if (x == 169 && y == 254) {
                return "169.254.0.0/16, link-local";
            }
            return null;
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "fc00::/7, unique local";
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
                return "fe80::/10, link-local";
            }
        }
        return null;
    }
}
