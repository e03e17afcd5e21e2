package io.mpnet.runtime.internal.http;

import io.mpnet.runtime.internal.call.CallRequest;
import io.mpnet.runtime.internal.call.CallState;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.Target;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The address a call dials without a lookup (the hosts map, an IP literal), and what its profile reports. */
class AddressVettingTest {

    final NetworkPolicy policy = NetworkPolicy.of(NetworkConfig.builder().appId("wx0123456789abcdef")
            .domains(ApiKind.REQUEST, "https://api.example.com:8443", "https://cdn.example.com")
            .host("api.example.com", "10.1.2.3").build(), DeviceView.of("192.168.50.10/24"));
    final AtomicInteger lookups = new AtomicInteger();
    final AddressVetting vetting = new AddressVetting(policy, host -> {
        lookups.incrementAndGet();
        return Mono.just(List.of());
    });

    CallState call(Target target) {
        CallState call = new CallState(new CallRequest(ApiKind.REQUEST, target.url(), "GET", Map.of(), new byte[0], null));
        call.start(target);
        return call;
    }

    @Test
    @DisplayName("P-11 a name in hosts is dialled at its mapped address under its own name, every call's profile told")
    void mappedNameKeepsItsName() {
        Target t = policy.check(ApiKind.REQUEST, "https://api.example.com:8443/v1").orThrow();
        CallState first = call(t);
        InetSocketAddress a = vetting.vetWithoutLookup(first, t);
        assertThat(a.getHostString()).isEqualTo("api.example.com");
        assertThat(a.getAddress().getHostAddress()).isEqualTo("10.1.2.3");
        assertThat(a.getPort()).isEqualTo(8443);
        assertThat(a.isUnresolved()).isFalse();
        CallState second = call(t);
        assertThat(vetting.vetWithoutLookup(second, t)).as("remembered for the same target").isSameAs(a);
        for (CallState c : List.of(first, second)) {
            assertThat(c.profile().snapshot().peerIP()).isEqualTo("10.1.2.3");
            assertThat(c.profile().snapshot().port()).isEqualTo(8443);
            assertThat(c.profile().snapshot().domainLookUpEnd()).isGreaterThanOrEqualTo(c.profile().snapshot().domainLookUpStart());
        }
        assertThat(lookups).hasValue(0);
    }

    @Test
    @DisplayName("P-10 a LAN literal is dialled as written, without a lookup")
    void literalWithoutLookup() {
        Target t = policy.check(ApiKind.REQUEST, "http://192.168.50.20:8080/x").orThrow();
        InetSocketAddress a = vetting.vetWithoutLookup(call(t), t);
        assertThat(a.getAddress().getHostAddress()).isEqualTo("192.168.50.20");
        assertThat(a.getPort()).isEqualTo(8080);
        assertThat(lookups).hasValue(0);
    }

    @Test
    @DisplayName("P-11 a name outside hosts needs the resolver: nothing is remembered for it")
    void otherNamesNeedTheResolver() {
        Target t = policy.check(ApiKind.REQUEST, "https://cdn.example.com/a.js").orThrow();
        assertThat(vetting.vetWithoutLookup(call(t), t)).isNull();
        assertThat(vetting.vetWithoutLookup(call(t), t)).isNull();
    }

    @Test
    @DisplayName("past its bound the memory starts over, and the address is still right")
    void bounded() {
        Target t = policy.check(ApiKind.REQUEST, "https://api.example.com:8443/v1").orThrow();
        InetSocketAddress first = vetting.vetWithoutLookup(call(t), t);
        for (int i = 0; i < AddressVetting.MAX_REMEMBERED; i++) {
            Target other = policy.check(ApiKind.REQUEST, "http://192.168.50.20:" + (1000 + i) + "/x").orThrow();
            vetting.vetWithoutLookup(call(other), other);
            assertThat(vetting.remembered().size()).isLessThanOrEqualTo(AddressVetting.MAX_REMEMBERED);
        }
        InetSocketAddress again = vetting.vetWithoutLookup(call(t), t);
        assertThat(again).isNotSameAs(first).isEqualTo(first);
        assertThat(again.getHostString()).isEqualTo("api.example.com");
    }

    @Test
    @DisplayName("E-3 the memory is keyed by host and port: long paths and queries add no key and keep no URL")
    void keyedByHostAndPort() {
        String query = "?q=" + "x".repeat(16_000);
        InetSocketAddress first = null;
        for (int i = 0; i < 64; i++) {
            Target t = policy.check(ApiKind.REQUEST, "https://api.example.com:8443/v" + i + query).orThrow();
            InetSocketAddress a = vetting.vetWithoutLookup(call(t), t);
            first = first == null ? a : first;
            assertThat(a).isSameAs(first);
        }
        assertThat(vetting.remembered()).containsExactly(new AddressVetting.Key("api.example.com", 8443));
    }
}
