package io.mpnet.runtime.internal.http;

import io.mpnet.runtime.internal.call.CallRequest;
import io.mpnet.runtime.internal.call.CallProfile;
import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.Target;
import io.mpnet.runtime.HostResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Finds the address a target is dialled at (P-11): the configuration's {@code hosts} map first (an
 * operator's choice, also for IP literals), else the URL's literal address, else the resolver,
 * whose every answer must pass {@link NetworkPolicy#dialled}, which also names the address dialled
 * (the one it judged). The result is a resolved socket address that still carries the URL's host
 * name, so Reactor Netty neither resolves it again nor loses the name for the Host header, SNI and
 * certificate checks.
 *
 * <p>Done per call rather than in a Netty {@code AddressResolverGroup} because the P-11 check
 * needs the call's {@link Target}, which Netty's resolver API cannot carry.
 */
public final class AddressVetting {

    static final int MAX_REMEMBERED = 256;

    private final NetworkPolicy policy;
    private final Map<String, InetAddress> hosts;
    private final HostResolver resolver;
    // By host and port, the whole of what decides the outcome: the hosts map and literals never change,
    // and a mapped address is allowed whatever the API (NetworkPolicy.dialled). Not by Target, which
    // holds its URL: a key must not grow with a path or a query.
    private final Map<Key, Vetted> known = new ConcurrentHashMap<>();

    /** Vetting under {@code policy}, looking names up in the config's hosts map, then {@code resolver}. */
    public AddressVetting(NetworkPolicy policy, HostResolver resolver) {
        this.policy = policy;
        this.hosts = policy.config().hosts();
        this.resolver = resolver;
    }

    /** What a remembered address is found by: the target's host (at most 253 characters) and port. */
    record Key(String host, int port) {
        static Key of(Target target) {
            return new Key(target.host(), target.port());
        }
    }

    /** A vetted address and its IP as the profile reports it. */
    private record Vetted(InetSocketAddress address, String ip) {
        static Vetted of(InetSocketAddress address) {
            return new Vetted(address, address.getAddress().getHostAddress());
        }
    }

    /** The vetted address of {@code target}, or the policy's {@code MpNetException}. */
    public Mono<InetSocketAddress> vet(CallState call, Target target) {
        return Mono.defer(() -> {
            InetSocketAddress known = vetWithoutLookup(call, target);
            return known != null ? Mono.just(known)
                    : resolver.resolve(target.host())
                            .defaultIfEmpty(List.of()) // a resolver that completes empty has no address either
                            .map(all -> looked(call.profile(), Vetted.of(pick(call, target, all))));
        });
    }

    /**
     * The vetted address of {@code target} for a connection no call of this runtime makes (another
     * client's, through {@link VettedDialing}): the same vetting, timed into a profile nobody reads.
     */
    public Mono<InetSocketAddress> vet(ApiKind api, Target target) {
        return vet(new CallState(new CallRequest(api, target.url(), "GET", Map.of(), new byte[0], null)), target);
    }

    /**
     * The vetted address of {@code target} when no lookup is needed (the hosts map, an IP literal),
     * {@code null} when the resolver must be asked; throws the policy's {@code MpNetException}.
     * The common case of a call, so it costs no operator. Its outcome depends on the target and the
     * runtime's fixed configuration alone, so the addresses allowed are remembered (at most
     * {@value #MAX_REMEMBERED} hosts and ports, then it starts over); a refusal is judged every time.
     */
    public @Nullable InetSocketAddress vetWithoutLookup(CallState call, Target target) {
        CallProfile p = call.profile();
        p.lookUpStarted();
        Key key = Key.of(target);
        Vetted v = known.get(key);
        if (v == null) {
            InetAddress mapped = hosts.get(target.host());
            if (mapped != null) {
                mapped = policy.dialled(call.api(), target, mapped, true);
            } else {
                mapped = target.literalAddress(); // a literal was already judged as written by NetworkPolicy.check
                if (mapped == null) {
                    return null;
                }
            }
            v = Vetted.of(named(target, mapped));
            if (known.size() >= MAX_REMEMBERED) {
                known.clear();
            }
            known.put(key, v);
        }
        return looked(p, v);
    }

    private static InetSocketAddress looked(CallProfile p, Vetted v) {
        p.lookedUp(v.ip(), v.address().getPort());
        return v.address();
    }

    private InetSocketAddress pick(CallState call, Target target, List<InetAddress> all) {
        if (all.isEmpty()) {
            throw new MpNetException(call.api(), FailReason.NETWORK, "R-4", "DNS has no address for '" + target.host()
                    + "' (the resolver answered none); check the name and its DNS records, or map it in the config's"
                    + " hosts");
        }
        // Every answer is checked, not only the one dialled: a rebinding answer set is refused whole.
        // The address dialled is the one the policy judged (an IPv4-mapped answer is its IPv4 address).
        InetAddress first = policy.dialled(call.api(), target, all.get(0), false);
        for (InetAddress a : all.subList(1, all.size())) {
            policy.dialled(call.api(), target, a, false);
        }
        return named(target, first);
    }

    private static InetSocketAddress named(Target target, InetAddress address) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(target.host(), address.getAddress()), target.port());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a malformed address length, which InetAddress never has
        }
    }

    /** The hosts and ports remembered now, for tests of the bound. */
    Set<Key> remembered() {
        return Set.copyOf(known.keySet());
    }
}
