package io.mpnet.lan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.mpnet.testing.LogCapture;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * N-1 where mDNS listens when the caller names no address: the host's interfaces are given to the
 * LAN as values ({@link Nic}), so these tests do not depend on the machine's own interfaces.
 */
class MdnsInterfacesTest extends LanTest {

    static final Nic LO = new Nic("lo", true, true, true, List.of(LOOPBACK, ipv6Loopback()));

    static InetAddress ipv6Loopback() {
        try {
            return InetAddress.getByName("::1");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @RegisterExtension
    final LogCapture log = LogCapture.of(LocalNetwork.class);

    List<String> warnings() {
        return log.warnings().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    LocalNetwork lan(List<Nic> hostInterfaces) {
        LocalNetwork lan = LocalNetwork.builder(runtime(lanConfig().build())).interfaces(hostInterfaces).build();
        toClose.add(lan);
        return lan;
    }

    @Test
    @DisplayName("N-1 a loopback-only host: discovery fails and one WARN line names the loopback interface and the fix")
    void loopbackOnlyHostWarnsOnce() {
        LocalNetwork lan = lan(List.of(LO));
        for (String type : new String[] {"_http._tcp.", "_ipp._tcp."}) {
            assertThatThrownBy(() -> lan.discover(type).blockFirst(WAIT))
                    .isInstanceOf(LocalServiceException.class)
                    .hasMessageContaining("mdnsAddresses");
        }
        assertThat(warnings()).as("one line per LAN, however many discoveries start").singleElement()
                .isEqualTo("mDNS discovery of _http._tcp. has no network interface to listen on: this host's"
                        + " interfaces of the device view are loopback only (lo), which mDNS skips by default;"
                        + " a simulator or CI machine with no other interface needs"
                        + " LocalNetwork.builder(net).mdnsAddresses(...), such as"
                        + " mdnsAddresses(InetAddress.getLoopbackAddress()) (N-1)");
    }

    @Test
    @DisplayName("N-1 a host with no interface of the device view: the WARN line names the device view and the fix")
    void noInterfaceOfTheDeviceView() throws Exception {
        Nic other = new Nic("eth0", true, true, false, List.of(InetAddress.getByName("10.1.2.3")));
        assertThatThrownBy(() -> lan(List.of(other)).discover("_http._tcp.").blockFirst(WAIT))
                .isInstanceOf(LocalServiceException.class);
        assertThat(warnings()).singleElement().asString()
                .contains("no interface of this host that is up and able to multicast has an IPv4 address of the"
                        + " device view")
                .contains("LocalNetwork.builder(net).mdnsAddresses(...)");
    }

    @Test
    @DisplayName("N-1 by default mDNS listens on the device view's IPv4 addresses of interfaces up and multicast, never loopback")
    void defaultChoice() throws Exception {
        InetAddress own = InetAddress.getByName("192.168.50.10");
        List<Nic> host = List.of(LO,
                new Nic("wlan0", true, true, false, List.of(own, InetAddress.getByName("fe80::1"))),
                new Nic("down0", false, true, false, List.of(InetAddress.getByName("192.168.50.11"))),
                new Nic("tun0", true, false, false, List.of(InetAddress.getByName("192.168.50.12"))),
                new Nic("eth1", true, true, false, List.of(InetAddress.getByName("10.9.9.9"))));
        assertThat(LocalNetwork.deviceInterfaces(DEVICE, host)).containsExactly(own);
        assertThat(LocalNetwork.deviceInterfaces(DEVICE, List.of(LO))).isEmpty();
    }

    @Test
    @DisplayName("N-1 addresses given with mdnsAddresses are used as they are: no WARN line, whatever the host has")
    void explicitAddressesNoWarning() {
        LocalNetwork lan = LocalNetwork.builder(runtime(lanConfig().build())).interfaces(List.of())
                .mdnsAddresses(LOOPBACK).build();
        toClose.add(lan);
        lan.discover("_http._tcp.").subscribe().dispose(); // starts and stops at once: nothing to warn about
        assertThat(warnings()).isEmpty();
    }
}
