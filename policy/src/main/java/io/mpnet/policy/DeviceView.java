package io.mpnet.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The addresses and subnets of "this phone" (docs/RULES.md, P-10): what decides a LAN peer (P-10) and the
 * device itself (P-11). {@link #system()} reads the host's interfaces; {@link #of(String...)}
 * pretends, for tests and simulators. Immutable.
 */
public final class DeviceView {

    private static final byte[] LIMITED_BROADCAST = {-1, -1, -1, -1};

    /** One interface address with its prefix length. */
    private record Subnet(byte[] address, int prefix) {

        boolean contains(byte[] a) {
            if (a.length != address.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit += 8) {
                int bits = Math.min(8, prefix - bit);
                int m = (0xff << (8 - bits)) & 0xff;
                if ((a[bit / 8] & m) != (address[bit / 8] & m)) {
                    return false;
                }
            }
            return true;
        }

        /** The device address, or (IPv4 with a prefix up to 30) the subnet's network or broadcast address. */
        boolean isOwn(byte[] a) {
            if (Arrays.equals(a, address)) {
                return true;
            }
            if (a.length != 4 || prefix > 30 || !contains(a)) {
                return false;
            }
            boolean network = true;
            boolean broadcast = true;
            for (int bit = prefix; bit < 32; bit++) {
                boolean set = (a[bit / 8] & (0x80 >>> (bit % 8))) != 0;
                network &= !set;
                broadcast &= set;
            }
            return network || broadcast;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(address).getHostAddress() + "/" + prefix;
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e); // the address came from an InetAddress
            }
        }
    }

    private final List<Subnet> subnets;

    private DeviceView(List<Subnet> subnets) {
        this.subnets = List.copyOf(subnets);
    }

    /**
     * The host's network interfaces that are up, read now. When the interfaces cannot be read,
     * the view holds none: nothing is a LAN peer and only loopback and unspecified addresses are
     * the device itself.
     */
    public static DeviceView system() {
        List<Subnet> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp()) {
                    continue;
                }
                for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                    out.add(new Subnet(ia.getAddress().getAddress(), ia.getNetworkPrefixLength()));
                }
            }
        } catch (SocketException e) {
            // an unreadable interface list leaves the view empty: stricter, never looser
        }
        return new DeviceView(out);
    }

    /**
     * A device with these interface addresses, each with its prefix length, such as
     * {@code of("192.168.1.10/24", "127.0.0.1/8")}.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code address/prefix}
     */
    public static DeviceView of(String... cidrs) {
        List<Subnet> out = new ArrayList<>();
        for (String cidr : cidrs) {
            int slash = cidr.indexOf('/');
            InetAddress a = slash > 0 ? IpLiteral.parse(cidr.substring(0, slash)) : null;
            int max = a instanceof Inet4Address ? 32 : 128;
            int prefix = -1;
            try {
                prefix = a == null ? -1 : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                // reported below
            }
            if (a == null || prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("device address '" + cidr + "' is not address/prefix, such as"
                        + " 192.168.1.10/24 or fe80::1/64");
            }
            out.add(new Subnet(a.getAddress(), prefix));
        }
        return new DeviceView(out);
    }

    /**
     * Whether the address is the device itself (P-11): loopback, unspecified, a device address, a
     * subnet's network or broadcast address, 255.255.255.255. An IPv6 spelling of an IPv4 address
     * is judged by that IPv4 address: mapped ({@code ::ffff:127.0.0.1}), and NAT64
     * ({@code 64:ff9b::7f00:1}) or 6to4 ({@code 2002:7f00:1::}), which are judged as themselves too.
     */
    public boolean isDeviceItself(InetAddress address) {
        InetAddress a = EmbeddedIpv4.canonical(address);
        if (isOwn(a)) {
            return true;
        }
        InetAddress embedded = EmbeddedIpv4.embedded(a);
        return embedded != null && isOwn(embedded);
    }

    private boolean isOwn(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        byte[] a = address.getAddress();
        if (Arrays.equals(a, LIMITED_BROADCAST)) {
            return true;
        }
        for (Subnet s : subnets) {
            if (s.isOwn(a)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the address is a LAN peer (P-10): inside a device subnet and not the device itself. */
    public boolean isLanPeer(InetAddress address) {
        if (isDeviceItself(address)) {
            return false;
        }
        byte[] a = EmbeddedIpv4.canonical(address).getAddress();
        for (Subnet s : subnets) {
            if (s.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The device's LAN address and netmask, as {@code wx.getLocalIPAddress} reports them
     * ({@code localip}, {@code netmask}).
     *
     * @param address the IPv4 address, such as {@code 192.168.1.10}
     * @param netmask its subnet mask, such as {@code 255.255.255.0}
     */
    public record LocalAddress(String address, String netmask) {
    }

    /**
     * The device's LAN address (N-5): its first IPv4 interface address that is neither loopback,
     * link-local nor unspecified, with its netmask; empty when it has none.
     */
    public Optional<LocalAddress> localAddress() {
        for (Subnet s : subnets) {
            InetAddress a = address(s.address());
            if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress()) {
                int mask = s.prefix() == 0 ? 0 : -1 << (32 - s.prefix());
                byte[] m = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
                return Optional.of(new LocalAddress(a.getHostAddress(), address(m).getHostAddress()));
            }
        }
        return Optional.empty();
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // four or sixteen bytes, always
        }
    }

    /** The subnets as text, such as {@code [192.168.1.10/24]}, for explanations. */
    String subnetsText() {
        return subnets.toString();
    }

    @Override
    public String toString() {
        return "DeviceView" + subnets;
    }
}
