package io.mpnet.lan;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.Target;
import io.mpnet.runtime.HostResolver;
import io.mpnet.runtime.NetworkState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Where a udp or tcp destination is sent (P-12, P-12u, N-5, P-11): the arguments checked, the address
 * judged by the policy as written, refused when the phone has no network, then dialled at the config's {@code hosts} mapping, else its IP
 * literal, else the resolver's answer, every answer checked against P-11. Nothing is sent to a
 * refused destination: the judgement comes before any socket operation.
 */
final class Destinations {

    private final NetworkPolicy policy;
    private final HostResolver resolver;
    private final NetworkState network;

    Destinations(NetworkPolicy policy, HostResolver resolver, NetworkState network) {
        this.policy = policy;
        this.resolver = resolver;
        this.network = network;
    }

    /**
     * Where a destination is dialled.
     *
     * @param address the vetted socket address
     * @param mapped whether the config's {@code hosts} map put it there (replies then come from there)
     */
    record Vetted(InetSocketAddress address, boolean mapped) {
    }

    /** The vetted address of {@code address:port}, or an {@link MpNetException} naming the rule. */
    Mono<Vetted> vet(ApiKind api, String address, int port) {
        return Mono.defer(() -> {
            Target t = judge(api, address, port);
            Optional<InetAddress> mapped = policy.config().mappedAddress(t.host());
            if (mapped.isPresent()) {
                return Mono.just(new Vetted(new InetSocketAddress(mapped.get(), port), true)); // operator's choice (P-11)
            }
            InetAddress literal = t.literalAddress();
            if (literal != null) {
                return Mono.just(new Vetted(new InetSocketAddress(literal, port), false)); // judged as written above
            }
            return resolver.resolve(t.host())
                    .defaultIfEmpty(List.of()) // a resolver that completes empty has no address either
                    .onErrorMap(e -> !(e instanceof MpNetException), e -> new MpNetException(api, FailReason.NETWORK,
                            rule(api), "cannot resolve '" + t.host() + "' (" + e.getMessage() + "); check the name"
                            + " and the DNS, or map it in the config's hosts", e))
                    .map(all -> pick(api, t, all, port));
        });
    }

    /** Judges the arguments (E-3), the policy (P-12, P-12u) and the phone's network (N-5); throws the refusal. */
    Target judge(ApiKind api, String address, int port) {
        Arguments.destination(api, address, port);
        Target t = policy.checkAddress(api, address, port).orThrow();
        network.check(api); // after the policy, as the runtime's stages order them
        return t;
    }

    private Vetted pick(ApiKind api, Target t, List<InetAddress> all, int port) {
        if (all.isEmpty()) {
            throw new MpNetException(api, FailReason.NETWORK, rule(api), "'" + t.host() + "' has no address; check"
                    + " the name and the DNS, or map it in the config's hosts");
        }
        // every answer is judged, not only the one dialled: a rebinding answer set is refused whole;
        // the address dialled is the one judged (an IPv4-mapped answer is its IPv4 address)
        InetAddress first = policy.dialled(api, t, all.get(0), false);
        for (InetAddress a : all.subList(1, all.size())) {
            policy.dialled(api, t, a, false);
        }
        return new Vetted(new InetSocketAddress(first, port), false);
    }

    static String rule(ApiKind api) {
        return api == ApiKind.UDP ? "N-2" : "N-3";
    }
}
