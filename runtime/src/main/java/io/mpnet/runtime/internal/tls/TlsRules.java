package io.mpnet.runtime.internal.tls;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The TLS rules (X) as a Netty client context, and the wording of their failures.
 *
 * <ul>
 *   <li>X-1: TLS 1.3 and 1.2 only; a server that picks an older version fails the handshake.</li>
 *   <li>X-2: chain to the trust store, validity and host name (JDK PKIX, endpoint identification
 *       {@code HTTPS}), with the chain as sent (the JDK fetches no missing intermediate).</li>
 *   <li>X-3: no self-signed leaf, even trusted; X-4: no CA of the distrust list ({@link DistrustList}).</li>
 * </ul>
 */
public final class TlsRules {

    /** The contexts over the JDK's own trust anchors, by kind (verify, h2); see {@link #clientContext}. */
    private static final Map<Integer, SslContext> JDK_TRUST = new ConcurrentHashMap<>();

    /** the versions offered, newest first. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** "The server selected protocol version TLSv1.1 is not accepted by client preferences [TLSv1.3, TLSv1.2]" (JDK). */
    private static final Pattern SELECTED_VERSION = Pattern.compile("protocol version (\\S+) is not accepted");

    private static final Pattern JDK_VERSION_NAME = Pattern.compile("(TLS|SSL)v?(\\d)\\.?(\\d)?");

    private TlsRules() {
    }

    /** whether {@code certificate} is self-signed, as the runtime judges a leaf. */
    public static boolean isSelfSigned(X509Certificate certificate) {
        return StrictTrustManager.isSelfSigned(certificate);
    }

    /** the versions a client context offers, newest first (the JDK's names). */
    public static List<String> protocols() {
        return List.of(PROTOCOLS);
    }

    /**
     * A client context: TLS 1.2/1.3 only; certificates checked against {@code trustStore}
     * (the JDK's when {@code null}) with the chain, validity, host-name, self-signed and distrust rules
     * (X-2..X-4) unless {@code verify} is false (urlCheck=false, P-13); ALPN offering h2 then
     * http/1.1 when {@code http2}. Host names are checked by the engine (endpoint
     * identification {@code HTTPS}) against the host the engine is made for, which the transport
     * gives as the URL's host.
     *
     * @throws IllegalArgumentException when the trust store cannot be used
     */
    public static SslContext clientContext(@Nullable KeyStore trustStore, boolean verify, boolean http2) {
        if (trustStore == null) {
            // The JDK's anchors are the same for every runtime of the JVM, and a context indexes them all
            // (about 8 KiB): one context per kind for the whole JVM, not three per runtime. Contexts are
            // immutable and shared safely across channels.
            return JDK_TRUST.computeIfAbsent((verify ? 2 : 0) + (http2 ? 1 : 0),
                    k -> clientContext(null, verify, http2, DistrustList.defaults()));
        }
        return clientContext(trustStore, verify, http2, DistrustList.defaults());
    }


    static SslContext clientContext(@Nullable KeyStore trustStore, boolean verify, boolean http2, DistrustList distrust) {
        TrustManager trust = verify ? StrictTrustManager.over(trustStore, distrust)
                : InsecureTrustManagerFactory.INSTANCE.getTrustManagers()[0];
        SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK) // the rules live in JDK trust-manager and engine behaviour
                // P-13 says urlCheck=false skips the TLS-version check too, but the JDK disables TLS 1.0
                // and 1.1 (jdk.tls.disabledAlgorithms) whatever a context asks, so the versions stay.
                .protocols(PROTOCOLS)
                .trustManager(trust)
                // Netty 4.2 defaults to HTTPS for clients; said here so the X-2 host check does not
                // hang on a library default. P-13 turns it off with the certificate checks.
                .endpointIdentificationAlgorithm(verify ? "HTTPS" : null);
        if (http2) {
            b.ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(
                            ApplicationProtocolConfig.Protocol.ALPN,
                            // a server without ALPN gets http/1.1 (R-11: h2 only when offered)
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
        }
        try {
            return b.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS client context: " + e.getMessage(), e);
        }
    }

    /**
     * When {@code error} is a TLS failure, the exception naming the rule (X-1..X-4; {@code X-5} for a
     * TLS failure none of them explains) and the host; empty for any other error.
     */
    public static Optional<MpNetException> classify(ApiKind api, String host, Throwable error) {
        SSLException ssl = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TlsRuleViolation v) {
                return Optional.of(fail(api, v.rule(), "the TLS certificate of " + host + " is refused: " + v.problem()
                        + "; " + v.fix(), error));
            }
            if (ssl == null && t instanceof SSLException s) {
                ssl = s;
            }
        }
        if (ssl == null) {
            return Optional.empty();
        }
        String message = allMessages(error);
        Matcher selected = SELECTED_VERSION.matcher(message);
        if (selected.find()) {
            return Optional.of(fail(api, "X-1", "the server " + host + " offers only " + readable(selected.group(1))
                    + "; mini programs need TLS 1.2 or 1.3: enable TLS 1.2 and 1.3 on the server", error));
        }
        if (message.contains("protocol_version")) {
            return Optional.of(fail(api, "X-1", "the server " + host + " refused TLS 1.3 and TLS 1.2 (it answered with"
                    + " a protocol_version alert), so it offers only an older version; enable TLS 1.2 and 1.3 on the server",
                    error));
        }
        if (message.contains("handshake_failure") || message.contains("insufficient_security")) {
            return Optional.of(fail(api, "X-1", "the server " + host + " accepts none of the TLS versions (1.3, 1.2)"
                    + " and cipher suites this runtime offers; enable TLS 1.2 or 1.3 with modern cipher suites on"
                    + " the server", error));
        }
        if (ssl instanceof SslHandshakeTimeoutException) {
            return Optional.of(fail(api, "X-5", "the TLS handshake with " + host + " did not finish in time; the"
                    + " server accepted the connection but does not complete TLS", error));
        }
        if (message.contains("not an SSL/TLS record") || message.contains("Unsupported or unrecognized SSL message")) {
            return Optional.of(fail(api, "X-5", "the server " + host + " does not speak TLS on this port (it answered"
                    + " something else); serve https on the configured port", error));
        }
        return Optional.of(fail(api, "X-5", "the TLS handshake with " + host + " failed, though none of X-1..X-4 was"
                + " the reason: " + ssl.getMessage() + "; check the server's TLS configuration", error));
    }

    private static MpNetException fail(ApiKind api, String rule, String explanation, Throwable cause) {
        return new MpNetException(api, FailReason.SSL_HANDSHAKE, rule, explanation, cause);
    }

    /**
     * The JDK's protocol names as people say them: {@code TLS11} (how the JDK's messages print it) and
     * {@code TLSv1.1} are TLS 1.1, {@code TLSv1} is TLS 1.0, {@code SSL30} is SSL 3.0.
     */
    static String readable(String jdkName) {
        Matcher m = JDK_VERSION_NAME.matcher(jdkName);
        if (!m.matches()) {
            return jdkName;
        }
        return m.group(1) + " " + m.group(2) + "." + (m.group(3) != null ? m.group(3) : "0");
    }

    private static String allMessages(Throwable error) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
