package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The device view that decides P-10 (a LAN peer) and P-11 (the device itself). */
class DeviceViewTest {

    static final DeviceView VIEW = DeviceView.of("192.168.1.10/24", "10.1.0.5/16", "fe80::10/64", "172.16.0.9/31");

    @ParameterizedTest(name = "{0}: itself={1} peer={2}")
    @CsvSource({
        "192.168.1.10,   true,  false",
        "192.168.1.0,    true,  false",
        "192.168.1.255,  true,  false",
        "192.168.1.20,   false, true",
        "192.168.2.20,   false, false",
        "10.1.200.7,     false, true",
        "10.1.255.255,   true,  false",
        "10.2.0.1,       false, false",
        "127.0.0.1,      true,  false",
        "127.9.9.9,      true,  false",
        "0.0.0.0,        true,  false",
        "255.255.255.255,true,  false",
        "::1,            true,  false",
        "::,             true,  false",
        "fe80::10,       true,  false",
        "fe80::20,       false, true",
        "fe81::20,       false, false",
        "172.16.0.9,     true,  false",
        "172.16.0.8,     false, true",
    })
    @DisplayName("P-10, P-11 device addresses, network and broadcast addresses, loopback; peers in the subnets")
    void classify(String address, boolean itself, boolean peer) throws Exception {
        InetAddress a = InetAddress.getByName(address);
        assertThat(VIEW.isDeviceItself(a)).isEqualTo(itself);
        assertThat(VIEW.isLanPeer(a)).isEqualTo(peer);
    }

    @ParameterizedTest(name = "{0}: itself={1} peer={2}")
    @CsvSource({
        "0:0:0:0:0:ffff:7f00:1,   true,  false",
        "0:0:0:0:0:ffff:0:0,      true,  false",
        "0:0:0:0:0:ffff:c0a8:10a, true,  false",
        "0:0:0:0:0:ffff:c0a8:114, false, true",
        "64:ff9b::7f00:1,         true,  false",
        "64:ff9b::c0a8:10a,       true,  false",
        "64:ff9b::c0a8:114,       false, false",
        "2002:7f00:1::,           true,  false",
        "2002:c0a8:1ff::,         true,  false",
        "2002:c0a8:114::,         false, false",
        "2002::,                  true,  false",
    })
    @DisplayName("P-11 an Inet6Address spelling an IPv4 address (mapped, NAT64, 6to4) is judged by that address")
    void ipv6SpellingsOfIpv4(String address, boolean itself, boolean peer) throws Exception {
        java.net.Inet6Address a = io.mpnet.testing.BuiltAddresses.v6(address);
        assertThat(VIEW.isDeviceItself(a)).isEqualTo(itself);
        assertThat(VIEW.isLanPeer(a)).isEqualTo(peer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.10", "192.168.1.10/33", "fe80::1/129", "host/24", "1.2.3.4/x", "/24", "127.1/8"})
    @DisplayName("P-10 a device entry that is not address/prefix is refused, naming it")
    void badEntries(String cidr) {
        assertThatThrownBy(() -> DeviceView.of(cidr)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cidr);
    }

    @Test
    @DisplayName("P-11 the system view knows this host's own interface addresses")
    void system() throws Exception {
        DeviceView v = DeviceView.system();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp()) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    assertThat(v.isDeviceItself(a)).as(a.toString()).isTrue();
                }
            }
        }
        assertThat(v.isDeviceItself(InetAddress.getByName("127.0.0.1"))).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "'127.0.0.1/8,fe80::10/64,192.168.1.10/24', 192.168.1.10, 255.255.255.0",
        "'169.254.3.4/16,10.1.0.5/16',               10.1.0.5,     255.255.0.0",
        "'172.16.0.9/31',                            172.16.0.9,   255.255.255.254",
        "'10.0.0.1/32',                              10.0.0.1,     255.255.255.255",
    })
    @DisplayName("N-5 localAddress is the first IPv4 address that is neither loopback nor link-local, with its prefix as a netmask")
    void localAddress(String cidrs, String address, String netmask) {
        assertThat(DeviceView.of(cidrs.split(",")).localAddress())
                .contains(new DeviceView.LocalAddress(address, netmask));
    }

    @Test
    @DisplayName("N-5 a view with only loopback, link-local or IPv6 addresses has no localAddress")
    void noLocalAddress() {
        assertThat(DeviceView.of("127.0.0.1/8", "169.254.1.1/16", "fe80::1/64", "2001:db8::1/64").localAddress())
                .isEmpty();
    }
}
