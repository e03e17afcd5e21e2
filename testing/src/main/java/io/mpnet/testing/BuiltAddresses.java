package io.mpnet.testing;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Addresses built the way a custom resolver may build them, which the JDK's parser never would. */
public final class BuiltAddresses {

    private BuiltAddresses() {
    }

    /**
     * {@code text}, an IPv6 literal, as an {@code Inet6Address} built from its bytes. The JDK's parser
     * turns {@code ::ffff:a.b.c.d} into IPv4; a resolver that builds the address from bytes keeps it
     * IPv6, which is what the P-11 tests need to hand the runtime.
     */
    public static Inet6Address v6(String text) {
        try {
            byte[] bytes = new byte[16];
            byte[] parsed = InetAddress.getByName(text).getAddress(); // an IPv6 literal: no lookup
            System.arraycopy(parsed, 0, bytes, 16 - parsed.length, parsed.length);
            if (parsed.length == 4) { // the JDK read ::ffff:a.b.c.d as IPv4: put the mapping back
                bytes[10] = -1;
                bytes[11] = -1;
            }
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 literal: " + text, e);
        }
    }
}
