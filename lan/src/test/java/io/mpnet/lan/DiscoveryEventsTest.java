package io.mpnet.lan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.DeviceView;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.List;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * N-1 what a discovery makes of JmDNS's callbacks, in virtual time and without the network: a
 * service seen but not resolved within the timeout is a ResolveFail; one that goes away first is
 * Lost, never a ResolveFail.
 */
class DiscoveryEventsTest {

    private static final String TYPE = "_ipp._tcp.";

    @Test
    @DisplayName("N-1 a service seen but not resolved in time is a resolveFail; one removed before is lost")
    void resolveFailAndLost() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        Discovery d = new Discovery(TYPE, TYPE, List.of(), Duration.ofSeconds(5), time);

        StepVerifier.create(d.run())
                .then(() -> d.serviceAdded(event("silent")))
                .then(() -> d.serviceAdded(event("gone")))
                .then(() -> time.advanceTimeBy(Duration.ofSeconds(4)))
                .then(() -> d.serviceRemoved(event("gone")))
                .expectNext(new LocalServiceEvent.Lost(TYPE, "gone"))
                .then(() -> time.advanceTimeBy(Duration.ofSeconds(1)))
                .expectNext(new LocalServiceEvent.ResolveFail(TYPE, "silent"))
                .then(() -> time.advanceTimeBy(Duration.ofMinutes(1)))
                .then(d::stop)
                .expectNext(new LocalServiceEvent.Stop(TYPE))
                .verifyComplete();
    }

    @Test
    @DisplayName("N-1 mDNS listens on the host's IPv4 addresses that the device view counts as its own, never loopback")
    void interfacesOfTheDeviceView() throws Exception {
        List<InetAddress> system = LocalNetwork.deviceInterfaces(DeviceView.system());
        assertThat(system).allSatisfy(a -> {
            assertThat(a).isInstanceOf(Inet4Address.class);
            assertThat(a.isLoopbackAddress()).isFalse();
            assertThat(NetworkInterface.getByInetAddress(a).supportsMulticast()).isTrue();
        });
        // a simulated device has no interface on this host: discovery then fails, naming the way out
        assertThat(LocalNetwork.deviceInterfaces(DeviceView.of("192.168.50.10/24"))).isEmpty();
    }

    private static ServiceEvent event(String name) {
        return new ServiceEvent(DiscoveryEventsTest.class) {
            @Override
            public JmDNS getDNS() {
                return null;
            }

            @Override
            public String getType() {
                return TYPE + "local.";
            }

            @Override
            public String getName() {
                return name;
            }

            @Override
            public ServiceInfo getInfo() {
                return ServiceInfo.create(getType(), name, 0, "");
            }
        };
    }
}
