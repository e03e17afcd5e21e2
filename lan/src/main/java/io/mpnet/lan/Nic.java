package io.mpnet.lan;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One network interface of the host, as the choice of mDNS addresses reads it
 * ({@link LocalNetwork#deviceInterfaces}): a value, so that a test can give the list a host would
 * have ({@link NetworkInterface} cannot be made) instead of depending on the machine it runs on.
 *
 * @param name the interface's name, such as {@code eth0} or {@code lo}
 * @param up whether it is up
 * @param multicast whether it supports multicast
 * @param loopback whether it is a loopback interface
 * @param addresses its addresses
 */
record Nic(String name, boolean up, boolean multicast, boolean loopback, List<InetAddress> addresses) {

    Nic {
        addresses = List.copyOf(addresses);
    }

    /** The host's interfaces now; none when they cannot be read (discovery then says so when asked). */
    static List<Nic> system() {
        List<Nic> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                List<InetAddress> addresses = new ArrayList<>();
                for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                    addresses.add(ia.getAddress());
                }
                out.add(new Nic(ni.getName(), ni.isUp(), ni.supportsMulticast(), ni.isLoopback(), addresses));
            }
        } catch (SocketException e) {
            // no readable interface: discovery fails clearly when asked
        }
        return out;
    }
}
