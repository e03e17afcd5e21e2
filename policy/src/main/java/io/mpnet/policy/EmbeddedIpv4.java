package io.mpnet.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * IPv6 spellings of an IPv4 address (P-11): what an answer of a resolver really reaches. The JDK
 * turns a mapped address it parses into IPv4, but a resolver (the public {@code HostResolver}
 * seam) may hand over an {@link Inet6Address} built from bytes, which stays IPv6 to the JDK's
 * checks ({@code ::ffff:127.0.0.1} is not {@code isLoopbackAddress()}) while a dual-stack socket
 * dials the IPv4 address it maps. Hand-written: the JDK has no public test for a mapped
 * {@code Inet6Address}, and the policy module has no Netty.
 */
final class EmbeddedIpv4 {

    private static final byte[] NAT64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private EmbeddedIpv4() {
    }

    /**
     * The one address judged and dialled for {@code address}: the IPv4 address an IPv4-mapped IPv6
     * address ({@code ::ffff:a.b.c.d}) stands for, else {@code address} itself.
     */
    static InetAddress canonical(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] a = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return address;
            }
        }
        return a[10] == -1 && a[11] == -1 ? v4(a, 12) : address;
    }

    /**
     * The IPv4 address an IPv6 address carries by a translation scheme that may lead back to it:
     * the NAT64 well-known prefix {@code 64:ff9b::/96} (RFC 6052, the last four bytes) and 6to4
     * {@code 2002::/16} (RFC 3056, bytes 2 to 5); else {@code null}. Such an address is dialled as it
     * is (on an IPv6-only network it is the only way out), but judged by the IPv4 one too.
     */
    static @Nullable InetAddress embedded(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] a = address.getAddress();
        if (a[0] == 0x20 && a[1] == 0x02) {
            return v4(a, 2);
        }
        for (int i = 0; i < NAT64.length; i++) {
            if (a[i] != NAT64[i]) {
                return null;
            }
        }
        return v4(a, 12);
    }

    private static Inet4Address v4(byte[] a, int from) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {a[from], a[from + 1], a[from + 2], a[from + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // unreachable: four bytes are always a valid length
        }
    }
}
