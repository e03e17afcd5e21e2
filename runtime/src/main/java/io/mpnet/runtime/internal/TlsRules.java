package io.mpnet.runtime.internal;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The TLS rules of SPEC §7 as a Netty client context, and the one place where a TLS failure
 * becomes an error that names its rule and the host.
 */
public final class TlsRules {

    private static final Pattern VERSION = Pattern.compile("(TLS ?1\\.?[01]|SSL ?v?3|TLS1[01]|SSLv3)",
            Pattern.CASE_INSENSITIVE);

    private TlsRules() {
    }

    /**
     * A client context: TLS 1.2/1.3 only; certificates checked against {@code trustStore}
     * (the JDK's when {@code null}) with the chain, validity, self-signed and distrust rules
     * (X-2..X-4) unless {@code verify} is false (urlCheck=false, P-13); ALPN h2 when {@code http2}.
     * Host-name verification is the engine's (Reactor Netty turns it on; the transport turns it
     * off when {@code verify} is false).
     *
     * <p>With {@code verify} false the versions stay 1.2/1.3 all the same: the JDK disables older
     * ones in {@code java.security}, and a runtime should not weaken the JVM's settings.
     */
    public static SslContext clientContext(@Nullable KeyStore trustStore, boolean verify, boolean http2) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2");
            b = verify ? b.trustManager(strict(trustStore)) : b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            if (http2) {
                b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
            }
            return b.build();
        } catch (SSLException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS client context: " + e.getMessage(), e);
        }
    }

    private static TrustManager strict(@Nullable KeyStore trustStore) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(trustStore);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return new StrictTrustManager(x, DistrustList.DEFAULT);
            }
        }
        throw new GeneralSecurityException("the JDK offers no X509ExtendedTrustManager");
    }

    /** When {@code error} is a TLS failure, the exception naming the rule (X-1..X-4) and the host. */
    public static Optional<MpNetException> classify(ApiKind api, String host, Throwable error) {
        SSLException tls = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StrictTrustManager.RuleRefusal r) {
                return Optional.of(fail(api, r.rule, host, r.getMessage(), fix(r.rule), error));
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException
                    || (t instanceof CertPathValidatorException v
                            && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED)) {
                return Optional.of(fail(api, "X-2", host, "the server's certificate is outside its validity period ("
                        + t.getMessage() + ")", "renew the certificate", error));
            }
            if (t instanceof CertPathValidatorException v
                    && v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return Optional.of(fail(api, "X-2", host, "the server's certificate is not valid yet", "check the"
                        + " certificate's dates and the server's clock", error));
            }
            if (t instanceof SSLException s && tls == null) {
                tls = s;
            }
        }
        if (tls == null) {
            return Optional.empty();
        }
        String all = messages(error);
        String lower = all.toLowerCase(Locale.ROOT);
        if (lower.contains("protocol version") || lower.contains("no appropriate protocol")
                || lower.contains("not accepted by client preferences")) {
            Matcher m = VERSION.matcher(all);
            String offered = m.find() ? m.group(1) : "a version older than TLS 1.2";
            return Optional.of(fail(api, "X-1", host, "the server offers only " + offered + "; mini programs require"
                    + " TLS 1.2 or 1.3", "enable TLS 1.2 or 1.3 on the server", error));
        }
        if (lower.contains("no subject alternative") || lower.contains("no name matching")
                || lower.contains("subject alternative names")) {
            return Optional.of(fail(api, "X-2", host, "the server's certificate does not name " + host,
                    "serve a certificate whose subject alternative names include " + host, error));
        }
        if (lower.contains("notafter") || lower.contains("notbefore") || lower.contains("validity")) {
            return Optional.of(fail(api, "X-2", host, "the server's certificate is outside its validity period",
                    "renew the certificate", error));
        }
        if (lower.contains("pkix path") || lower.contains("unable to find valid certification path")
                || lower.contains("path does not chain")) {
            return Optional.of(fail(api, "X-2", host, "the server's certificate does not chain to a trusted root as"
                    + " sent (an intermediate may be missing: it is never fetched)", "send the full chain (leaf and"
                    + " intermediates) from the server, or trust its root with tls.trustStore", error));
        }
        return Optional.of(fail(api, "X-2", host, "the TLS handshake failed (" + tls.getMessage() + ")",
                "check the server's TLS configuration and certificate", error));
    }

    private static String fix(String rule) {
        return rule.equals("X-3") ? "serve a certificate issued by a CA (urlCheck=false accepts it in development only)"
                : "serve a certificate from another CA";
    }

    private static MpNetException fail(ApiKind api, String rule, String host, String what, String fix, Throwable cause) {
        return new MpNetException(api, FailReason.SSL_HANDSHAKE, rule, "TLS with " + host + ": " + what + "; " + fix
                + " (" + rule + ")", cause);
    }

    private static String messages(Throwable error) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
