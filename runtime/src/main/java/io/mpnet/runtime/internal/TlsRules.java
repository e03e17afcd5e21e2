package io.mpnet.runtime.internal;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/** The TLS rules of SPEC §7 as a Netty client context. STUB: full X-1..X-5 to come. */
public final class TlsRules {

    private TlsRules() {
    }

    /**
     * A client context: TLS 1.2/1.3 only; certificates checked against {@code trustStore}
     * (the JDK's when {@code null}) with the chain, validity, self-signed and distrust rules
     * (X-2..X-4) unless {@code verify} is false (urlCheck=false, P-13); ALPN h2 when {@code http2}.
     * Host-name verification is left to the engine (Reactor Netty turns it on).
     */
    public static SslContext clientContext(@Nullable KeyStore trustStore, boolean verify, boolean http2) {
        try {
            return SslContextBuilder.forClient().protocols("TLSv1.3", "TLSv1.2").build();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** When {@code error} is a TLS failure, the exception naming the rule (X-1..X-4) and the host. */
    public static Optional<MpNetException> classify(ApiKind api, String host, Throwable error) {
        return Optional.empty();
    }
}
