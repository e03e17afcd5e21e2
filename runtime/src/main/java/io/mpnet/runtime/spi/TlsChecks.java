package io.mpnet.runtime.spi;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.internal.tls.TlsRules;
import io.netty.handler.ssl.SslContext;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's TLS rules (X-1..X-5) for tools that judge a server the way the runtime would (the
 * {@code check} module): the same client context and the same wording of a refusal, so a checker
 * and a call can never disagree about a handshake. The rules themselves stay in the runtime, in one
 * place; this type only hands them out.
 */
public final class TlsChecks {

    private TlsChecks() {
    }

    /** the TLS versions the runtime offers, newest first, in the JDK's names ({@code TLSv1.3}, {@code TLSv1.2}). */
    public static List<String> protocols() {
        return TlsRules.protocols();
    }

    /**
     * The context the runtime's calls use: X-1's versions, and the chain, validity, host name,
     * self-signed and distrust rules (X-2..X-4) against {@code trustStore} (the JDK's anchors when
     * {@code null}); ALPN offering h2 then http/1.1 when {@code http2}. The host name is checked
     * against the host the engine is made for.
     *
     * @throws IllegalArgumentException when the trust store cannot be used
     */
    public static SslContext clientContext(@Nullable KeyStore trustStore, boolean http2) {
        return TlsRules.clientContext(trustStore, true, http2);
    }

    /** whether {@code certificate} names itself as issuer and is signed by its own key, as the runtime judges it. */
    public static boolean isSelfSigned(X509Certificate certificate) {
        return TlsRules.isSelfSigned(certificate);
    }

    /**
     * The refusal the runtime reports for {@code error} on a call of kind {@code api} to {@code host}:
     * the rule (X-1..X-4, or X-5 when none of them explains a TLS failure) and an explanation naming
     * the host and the fix; empty when {@code error} is no TLS failure.
     */
    public static Optional<MpNetException> classify(ApiKind api, String host, Throwable error) {
        return TlsRules.classify(api, host, error);
    }
}
