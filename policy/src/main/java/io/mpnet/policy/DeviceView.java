package io.mpnet.policy;

import java.net.InetAddress;
import java.util.List;

/**
 * The addresses and subnets of "this phone" (SPEC §0): what decides a LAN peer (P-10) and the
 * device itself (P-11). {@link #system()} reads the host's interfaces; {@link #of(String...)}
 * pretends, for tests and simulators.
 */
public final class DeviceView {

    private final List<String> cidrs;

    private DeviceView(List<String> cidrs) {
        this.cidrs = List.copyOf(cidrs);
    }

    /** The host's network interfaces, read once. */
    public static DeviceView system() {
        return new DeviceView(List.of());
    }

    /**
     * A device with these interface addresses, each with its prefix length, such as
     * {@code of("192.168.1.10/24", "127.0.0.1/8")}.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code address/prefix}
     */
    public static DeviceView of(String... cidrs) {
        return new DeviceView(List.of(cidrs));
    }

    /** Whether the address is the device itself (P-11): loopback, unspecified, a device address, a subnet's network or broadcast address, 255.255.255.255. */
    public boolean isDeviceItself(InetAddress address) {
        return address.isLoopbackAddress() || address.isAnyLocalAddress();
    }

    /** Whether the address is a LAN peer (P-10): inside a device subnet and not the device itself. */
    public boolean isLanPeer(InetAddress address) {
        return false;
    }

    @Override
    public String toString() {
        return "DeviceView" + cidrs;
    }
}
