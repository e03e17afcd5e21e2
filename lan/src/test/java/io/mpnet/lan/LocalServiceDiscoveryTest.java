package io.mpnet.lan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mpnet.policy.FailReason;
import io.mpnet.testing.Await;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import javax.jmdns.impl.JmDNSImpl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * N-1 local service discovery over mDNS on loopback: the runtime's discovery listens on 127.0.0.1,
 * where an {@link MdnsResponder} of the test announces and withdraws services with packets built by
 * JmDNS itself, sent straight to the discovery's port: no multicast needed. One smoke test (slow)
 * has a real JmDNS peer register a service over multicast; it needs multicast on {@code lo}
 * ({@code .ci/run} enables it when it may) and skips without.
 */
class LocalServiceDiscoveryTest extends LanTest {

    private static final Duration MDNS_WAIT = Duration.ofSeconds(20);

    /** Skips a test that needs mDNS packets on loopback when the machine does not allow it. */
    static void assumeMulticastOnLoopback() throws SocketException {
        NetworkInterface lo = NetworkInterface.getByInetAddress(LOOPBACK);
        assumeTrue(lo != null && lo.supportsMulticast(), "multicast is off on the loopback interface, so mDNS cannot"
                + " be tested here; enable it as root: ip link set lo multicast on; ip route add 224.0.0.0/4 dev lo");
    }

    LocalNetwork mdnsLan() {
        LocalNetwork lan = LocalNetwork.builder(runtime(lanConfig().build())).mdnsAddresses(LOOPBACK).build();
        toClose.add(lan);
        return lan;
    }

    JmDNS peer() throws Exception {
        JmDNS peer = JmDNS.create(LOOPBACK, "mpnet-test-peer");
        toClose.add(peer);
        return peer;
    }

    MdnsResponder responder() {
        MdnsResponder responder = MdnsResponder.start("mpnet-test-peer");
        toClose.add(responder);
        return responder;
    }

    /**
     * Runs the cache reaper of the discovery's JmDNS every 100 ms; JmDNS runs it every 10 s, and a
     * goodbye (TTL 0) makes a record expire 1 s after it arrives (RFC 6762 10.1), then the reaper
     * reports the service removed.
     */
    Disposable reaping(LocalNetwork lan, String type) {
        Disposable reaper = Flux.interval(Duration.ofMillis(100))
                .subscribe(tick -> lan.mdnsResponders(type).forEach(j -> ((JmDNSImpl) j).cleanCache()));
        toClose.add(reaper::dispose); // even when the test fails before it stops it
        return reaper;
    }

    @Test
    @Tag("slow")
    @DisplayName("N-1 a service registered on the LAN is found with its ip and port, lost when unregistered; stop ends"
            + " the discovery and frees its threads")
    void foundLostStop() {
        String type = "_mpnet._tcp.";
        MdnsResponder peer = responder();
        LocalNetwork lan = mdnsLan();
        Disposable[] reaper = new Disposable[1];

        StepVerifier.create(lan.discover(type))
                .then(() -> peer.announce(type, "printer", 4321))
                .expectNext(new LocalServiceEvent.Found(type, "printer", "127.0.0.1", 4321))
                .then(() -> peer.withdraw(type, "printer", 4321))
                .then(() -> reaper[0] = reaping(lan, type))
                .expectNext(new LocalServiceEvent.Lost(type, "printer"))
                .then(() -> reaper[0].dispose())
                .then(() -> assertThat(mdnsThreads()).isNotEmpty())
                .then(() -> lan.stopDiscovery(type).block(MDNS_WAIT))
                .expectNext(new LocalServiceEvent.Stop(type))
                .expectComplete()
                .verify(MDNS_WAIT);
        // the stop has closed JmDNS, whose timer threads end a moment later, on their own
        awaitNoMdnsThreads();
        assertThat(mdnsThreads()).as("threads of the discovery's JmDNS after stop").isEmpty();
        assertThat(lan.discoveries()).isEmpty();
    }

    @Test
    @Tag("slow")
    @DisplayName("N-1 smoke test over real multicast: a service a JmDNS peer registers on loopback is found with its"
            + " ip and port")
    void foundOverMulticast() throws Exception {
        assumeMulticastOnLoopback();
        String type = "_mpnet" + (System.nanoTime() % 100_000) + "._tcp.";
        JmDNS peer = peer();
        peer.registerService(ServiceInfo.create(type + "local.", "printer", 4321, "a test service"));
        LocalNetwork lan = mdnsLan();

        StepVerifier.create(lan.discover(type))
                .expectNext(new LocalServiceEvent.Found(type, "printer", "127.0.0.1", 4321))
                .then(() -> lan.stopDiscovery(type).block(MDNS_WAIT))
                .expectNext(new LocalServiceEvent.Stop(type))
                .expectComplete()
                .verify(MDNS_WAIT);
    }

    @Test
    @Tag("slow")
    @DisplayName("N-1 one discovery per service type at a time; cancelling stops it and frees its threads")
    void onePerType() {
        LocalNetwork lan = mdnsLan();
        var first = lan.discover("_http._tcp.").subscribe();

        assertThatThrownBy(() -> lan.discover("_HTTP._tcp").blockFirst(MDNS_WAIT))
                .isInstanceOf(LocalServiceException.class)
                .satisfies(e -> {
                    LocalServiceException l = (LocalServiceException) e;
                    assertThat(l.errMsg()).isEqualTo("startLocalServiceDiscovery:fail scan task already exist");
                    assertThat(l.rule()).isEqualTo("N-1");
                    assertThat(l.getMessage()).contains("_http._tcp.").contains("stop it first");
                });
        assertThat(lan.discoveries()).containsExactly("_http._tcp.");

        awaitMdnsThreads(); // started
        first.dispose(); // cancel = stop
        awaitNoMdnsThreads();
        assertThat(lan.discoveries()).isEmpty();
        var again = lan.discover("_http._tcp.").subscribe(); // the type is free again
        assertThat(lan.discoveries()).containsExactly("_http._tcp.");
        awaitMdnsThreads();
        again.dispose();
        awaitNoMdnsThreads();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http", "_http", "_http._tcp.local.", "http._tcp.", "_http._sctp.", "_-http._tcp.",
            "_a-very-long-service-name._tcp.", "_http ._tcp.", "_http._tcp.."})
    @DisplayName("N-1 a malformed service type fails clearly, naming the value and the expected form")
    void malformedType(String type) {
        assertThatThrownBy(() -> mdnsLan().discover(type).blockFirst(MDNS_WAIT))
                .isInstanceOf(LocalServiceException.class)
                .satisfies(e -> {
                    LocalServiceException l = (LocalServiceException) e;
                    assertThat(l.errMsg()).isEqualTo("startLocalServiceDiscovery:fail invalid param");
                    assertThat(l.reason()).isEqualTo(FailReason.INVALID_PARAMETER);
                    assertThat(l.explanation()).contains("serviceType: '" + type + "'").contains("'_http._tcp.'");
                });
    }

    @Test
    @DisplayName("N-1 stopping a discovery that does not run fails clearly")
    void stopWithoutDiscovery() {
        StepVerifier.create(mdnsLan().stopDiscovery("_http._tcp."))
                .expectErrorSatisfies(e -> assertThat(((LocalServiceException) e).errMsg())
                        .isEqualTo("stopLocalServiceDiscovery:fail task not found"))
                .verify(WAIT);
    }

    @Test
    @DisplayName("N-1 with no interface of the device view to listen on, discovery fails clearly")
    void noInterface() {
        LocalNetwork lan = LocalNetwork.of(runtime(lanConfig().build())); // 192.168.50.10 is no interface here
        toClose.add(lan);
        assertThatThrownBy(() -> lan.discover("_http._tcp.").blockFirst(MDNS_WAIT))
                .isInstanceOf(LocalServiceException.class)
                .hasMessageContaining("no network interface of this host belongs to the device view")
                .hasMessageContaining("mdnsAddresses");
    }

    /** Live threads of the runtime's mDNS responders (named after them). */
    static Set<String> mdnsThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.contains("mpnet-mdns-")).collect(Collectors.toSet());
    }

    static void awaitMdnsThreads() {
        Await.until(MDNS_WAIT, "threads of the discovery's JmDNS", LocalServiceDiscoveryTest::mdnsThreads, t -> !t.isEmpty());
        assertThat(mdnsThreads()).as("threads of the discovery's JmDNS").isNotEmpty();
    }

    static void awaitNoMdnsThreads() {
        Await.until(MDNS_WAIT, "no thread of the discovery's JmDNS", LocalServiceDiscoveryTest::mdnsThreads, Set::isEmpty);
        assertThat(mdnsThreads()).as("threads of the discovery's JmDNS").isEmpty();
    }
}
