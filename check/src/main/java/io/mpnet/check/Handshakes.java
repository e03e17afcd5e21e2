package io.mpnet.check;

import io.mpnet.runtime.spi.TlsChecks;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.TcpClient;

/**
 * The TLS handshakes a target gets, each on its own connection through Reactor Netty (non-blocking):
 * one per version alone and one with only forward-secret AEAD suites on TLS 1.2, which trust anything
 * so the chain as sent can be read whatever is wrong with it; and one with the runtime's own context
 * ({@link TlsChecks#clientContext}), whose refusal is the verdict of X-1..X-4.
 */
final class Handshakes {

    /** the suites App Transport Security accepts on TLS 1.2 (ECDHE with AES-GCM or ChaCha20-Poly1305). */
    static final List<String> FORWARD_SECRET_AEAD = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** The suites the JDK enables by default, all versions. */
    private static final List<String> JDK_SUITES = jdkSuites();

    private static List<String> jdkSuites() {
        try {
            return List.of(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /** The outcome of one handshake: the session's facts, or the error it failed with. */
    record Outcome(@Nullable String protocol, @Nullable String cipher, @Nullable String alpn,
            List<X509Certificate> chain, @Nullable Throwable error) {

        boolean ok() {
            return error == null;
        }
    }

    private final SslContext tls13;
    private final SslContext tls12;
    private final SslContext forwardSecret12;
    private final SslContext rules;
    private final SslContext tls11;
    private final SslContext tls10;

    Handshakes(@Nullable KeyStore trustStore) {
        this.tls13 = probe(List.of("TLSv1.3"), null);
        this.tls12 = probe(List.of("TLSv1.2"), null);
        // Old versions only say which a failing server accepts; the JDK refuses them unless
        // jdk.tls.disabledAlgorithms was changed, and then the handshake fails on this side.
        this.tls11 = probe(List.of("TLSv1.1"), null);
        this.tls10 = probe(List.of("TLSv1"), null);
        this.forwardSecret12 = probe(List.of("TLSv1.2"), FORWARD_SECRET_AEAD);
        this.rules = TlsChecks.clientContext(trustStore, true); // as the runtime's https calls: h2 offered
    }

    Mono<Outcome> tls13(InetSocketAddress at, Duration limit) {
        return handshake(tls13, at, limit);
    }

    Mono<Outcome> tls12(InetSocketAddress at, Duration limit) {
        return handshake(tls12, at, limit);
    }

    Mono<Outcome> forwardSecret12(InetSocketAddress at, Duration limit) {
        return handshake(forwardSecret12, at, limit);
    }

    Mono<Outcome> tls11(InetSocketAddress at, Duration limit) {
        return handshake(tls11, at, limit);
    }

    Mono<Outcome> tls10(InetSocketAddress at, Duration limit) {
        return handshake(tls10, at, limit);
    }

    /**
     * Whether this JVM offers {@code version} at all: the JDK refuses what {@code jdk.tls.disabledAlgorithms}
     * names (TLS 1.0 and 1.1 by default) whatever a context asks.
     */
    static boolean enabledHere(String version) {
        String disabled = String.valueOf(Security.getProperty("jdk.tls.disabledAlgorithms"));
        for (String entry : disabled.split(",")) {
            if (entry.trim().equalsIgnoreCase(version)) {
                return false;
            }
        }
        return true;
    }

    Mono<Outcome> runtimeRules(InetSocketAddress at, Duration limit) {
        return handshake(rules, at, limit);
    }

    /**
     * One handshake to {@code at}, whose address carries the host name (SNI and the host-name check
     * use it) and the vetted address dialled; the connection is closed once the session is read.
     */
    private static Mono<Outcome> handshake(SslContext context, InetSocketAddress at, Duration limit) {
        return TcpClient.newConnection()
                .remoteAddress(() -> at)
                .secure(spec -> spec.sslContext(context).handshakeTimeout(limit))
                .connect()
                .map(connection -> {
                    try {
                        SslHandler ssl = connection.channel().pipeline().get(SslHandler.class);
                        SSLSession session = ssl.engine().getSession();
                        return new Outcome(session.getProtocol(), session.getCipherSuite(), ssl.applicationProtocol(),
                                chain(session), null);
                    } finally {
                        connection.dispose();
                    }
                })
                .onErrorResume(e -> Mono.just(new Outcome(null, null, null, List.of(), e)));
    }

    private static List<X509Certificate> chain(SSLSession session) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) { // as the server sent them, leaf first
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // no certificate: nothing to judge
        }
        return out;
    }

    /** A context that trusts any chain (only to read it; the verdict on trust is the runtime's context's). */
    private static SslContext probe(List<String> protocols, @Nullable List<String> ciphers) {
        SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(protocols.toArray(String[]::new))
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .endpointIdentificationAlgorithm(null)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
        // Netty's default list leaves out suites the JDK offers (ECDHE_ECDSA with CBC, for one): a probe offers
        // every suite the JDK enables, so a refusal is the server's.
        b.ciphers(ciphers != null ? ciphers : JDK_SUITES);
        try {
            return b.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a TLS probe context: " + e.getMessage(), e);
        }
    }
}
