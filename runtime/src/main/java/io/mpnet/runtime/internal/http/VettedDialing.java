package io.mpnet.runtime.internal.http;

import io.mpnet.runtime.internal.tls.TlsRules;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.runtime.MpNetResources;
import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Another HTTP client's dialling under this runtime's rules (a Spring {@code WebClient}'s connector):
 * a Netty resolver group whose every answer is vetted by {@link AddressVetting} (P-11: the hosts
 * map first, else the runtime's resolver, every DNS answer judged), and the Reactor Netty client
 * that dials through it with the runtime's TLS rules (X-1..X-4, {@link TlsRules}).
 *
 * <p>A Netty resolver is the only hook that client offers between the URL and the connect: it
 * sees the host and port alone, not a call, so the name is judged by
 * {@link NetworkPolicy#checkDialled} and its answers by the same vetting as the runtime's own calls.
 * Reactor Netty does not ask a resolver about an IP literal: a literal is judged by the policy
 * from the URL (the filter's {@code guard}), and the config's {@code hosts} map does not apply to it here.
 */
public final class VettedDialing extends AddressResolverGroup<InetSocketAddress> {

    private final NetworkPolicy policy;
    private final AddressVetting vetting;

    /** Dialling vetted by {@code vetting} under {@code policy}. */
    public VettedDialing(NetworkPolicy policy, AddressVetting vetting) {
        this.policy = policy;
        this.vetting = vetting;
    }

    /**
     * A Reactor Netty client on {@code resources}' loops and pool that resolves through this group
     * and speaks TLS 1.2/1.3 with the certificate rules over {@code trustStore} (the JDK's when
     * {@code null}), unless {@code verify} is false (urlCheck=false, P-13). HTTP/1.1, as the
     * runtime's own calls without {@code enableHttp2}.
     */
    public HttpClient client(MpNetResources resources, @Nullable KeyStore trustStore, boolean verify) {
        HttpClient base = HttpClient.create(resources.connectionProvider()).runOn(resources.loops()).resolver(this);
        // Reactor Netty uses the TLS configuration for https URLs only; http stays plain (a LAN peer, P-10).
        return HttpTransport.secure(base, TlsRules.clientContext(trustStore, verify, false), verify);
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new Vetted(executor);
    }

    /** The vetted address of {@code unresolved}, or the policy's {@code MpNetException} (P-8, P-11). */
    private Mono<InetSocketAddress> vet(InetSocketAddress unresolved) {
        return Mono.defer(() -> vetting.vet(ApiKind.REQUEST,
                policy.checkDialled(ApiKind.REQUEST, unresolved.getHostString(), unresolved.getPort()).orThrow()));
    }

    /** One event loop's resolver: never blocks it, the lookup is the runtime's non-blocking resolver. */
    private final class Vetted extends AbstractAddressResolver<InetSocketAddress> {

        Vetted(EventExecutor executor) {
            super(executor, InetSocketAddress.class);
        }

        @Override
        protected boolean doIsResolved(InetSocketAddress address) {
            return !address.isUnresolved();
        }

        @Override
        protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
            vet(unresolved).subscribe(promise::trySuccess, promise::tryFailure);
        }

        @Override
        protected void doResolveAll(InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
            // one address: the vetted one is the one dialled (P-11), nothing else is tried
            vet(unresolved).subscribe(a -> promise.trySuccess(List.of(a)), promise::tryFailure);
        }
    }
}
