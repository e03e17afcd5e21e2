package io.mpnet.runtime.internal.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * The certificate rules (X) around the JDK's PKIX trust manager: X-3 (no self-signed leaf, even
 * trusted) and X-4 (no distrusted CA anywhere in the chain or as its anchor) first, then validity, and
 * the JDK's chain building and host-name check. The JDK builds the path from the certificates the
 * server sent and the trust store only: it fetches no missing intermediate unless the system property
 * {@code com.sun.security.enableAIAcaIssuers} is set, which mpnet never does. Each refusal is a
 * {@link TlsRuleViolation} naming its rule.
 */
final class StrictTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager pkix;
    private final DistrustList distrust;
    /** The trust anchors by subject, to judge the anchor a sent chain ends at. */
    private final Map<X500Principal, List<X509Certificate>> anchors = new HashMap<>();

    private StrictTrustManager(X509ExtendedTrustManager pkix, DistrustList distrust) {
        this.pkix = pkix;
        this.distrust = distrust;
        for (X509Certificate a : pkix.getAcceptedIssuers()) {
            anchors.computeIfAbsent(a.getSubjectX500Principal(), k -> new ArrayList<>(1)).add(a);
        }
    }

    /** The rules over {@code trustStore} (the JDK's default trust store when {@code null}). */
    static StrictTrustManager over(@Nullable KeyStore trustStore, DistrustList distrust) {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(trustStore);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new StrictTrustManager(x, distrust);
                }
            }
            throw new IllegalStateException("the JDK's " + f.getAlgorithm() + " trust manager factory has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the trust store (X-2): " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkOurs(chain);
        try {
            pkix.checkServerTrusted(chain, authType, engine); // host name too, when the engine asks for HTTPS identification
        } catch (CertificateException e) {
            throw x2(chain, engine.getPeerHost(), e);
        }
        checkAnchor(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkOurs(chain);
        try {
            pkix.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw x2(chain, null, e);
        }
        checkAnchor(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkOurs(chain);
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw x2(chain, null, e);
        }
        checkAnchor(chain);
    }

    // A client context never judges client certificates; these only keep the contract of the type.
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    /** and validity, decided on the chain as sent, before the JDK builds a path. */
    private void checkOurs(X509Certificate[] chain) throws TlsRuleViolation {
        if (chain.length == 0) {
            throw new TlsRuleViolation("X-2", "it sent no certificate", "configure a certificate on the server", null);
        }
        X509Certificate leaf = chain[0];
        if (isSelfSigned(leaf)) {
            // iOS rule: a self-signed leaf is refused even when the trust store holds it.
            throw new TlsRuleViolation("X-3", "its certificate '" + leaf.getSubjectX500Principal().getName()
                    + "' is self-signed (issued by itself, not by a CA), which is refused even when trusted",
                    "serve a certificate issued by a CA (a private CA in tls.trustStore will do); only a development"
                    + " build may skip this check with urlCheck=false (P-13)", null);
        }
        for (X509Certificate c : chain) {
            refuseIfDistrusted(c);
        }
        for (X509Certificate c : chain) {
            String which = c == leaf ? "its certificate '" : "the CA certificate '";
            try {
                c.checkValidity();
            } catch (CertificateExpiredException e) {
                throw new TlsRuleViolation("X-2", which + c.getSubjectX500Principal().getName() + "' expired on "
                        + c.getNotAfter().toInstant(), "renew the certificate on the server", e);
            } catch (CertificateNotYetValidException e) {
                throw new TlsRuleViolation("X-2", which + c.getSubjectX500Principal().getName()
                        + "' is not valid before " + c.getNotBefore().toInstant(),
                        "check the clocks of the server and of this machine, or reissue the certificate", e);
            }
        }
    }

    /** X-4 for the anchor the JDK chained to, which a server does not send. */
    private void checkAnchor(X509Certificate[] chain) throws TlsRuleViolation {
        X509Certificate last = chain[chain.length - 1];
        for (X509Certificate anchor : anchors.getOrDefault(last.getIssuerX500Principal(), List.of())) {
            refuseIfDistrusted(anchor);
        }
    }

    private void refuseIfDistrusted(X509Certificate c) throws TlsRuleViolation {
        Optional<String> entry = distrust.match(c);
        if (entry.isPresent()) {
            throw new TlsRuleViolation("X-4", "its chain involves a distrusted CA: '" + c.getSubjectX500Principal().getName()
                    + "' issued by '" + c.getIssuerX500Principal().getName() + "' matches the distrust list entry '"
                    + entry.get() + "'", "replace the certificate with one from a CA that is not distrusted", null);
        }
    }

    /** The JDK's refusal as X-2, worded by what failed: host name, chain or validity. */
    private static TlsRuleViolation x2(X509Certificate[] chain, @Nullable String host, CertificateException e) {
        if (e instanceof TlsRuleViolation v) {
            return v;
        }
        if (has(e, CertPathBuilderException.class)) {
            X509Certificate last = chain[chain.length - 1];
            String issuer = last.getIssuerX500Principal().getName();
            return new TlsRuleViolation("X-2", "its chain (" + chain.length + " certificate" + (chain.length == 1 ? "" : "s")
                    + " as sent) ends at '" + last.getSubjectX500Principal().getName() + "', issued by '" + issuer
                    + "', which the server did not send and the trust store does not hold",
                    "if '" + issuer + "' is an intermediate CA, make the server send it with its certificate (missing"
                    + " intermediates are never fetched); if it is a root, add it to the trust store (tls.trustStore)", e);
        }
        if (has(e, CertificateExpiredException.class) || has(e, CertificateNotYetValidException.class)) {
            return new TlsRuleViolation("X-2", "a certificate of its chain is outside its validity period ("
                    + e.getMessage() + ")", "renew the certificate on the server", e);
        }
        if (!has(e, CertPathValidatorException.class) && isHostMismatch(e)) {
            return new TlsRuleViolation("X-2", "its certificate is for " + names(chain[0]) + ", not for "
                    + (host != null ? host : "the host asked"),
                    "serve a certificate whose subjectAltName holds the host name of the URL", e);
        }
        return new TlsRuleViolation("X-2", "its certificate chain is not valid (" + e.getMessage() + ")",
                "serve a complete chain of valid certificates to a root in the trust store", e);
    }

    /** The JDK's host-name checker words its refusals "No subject alternative ... matching" or "No name matching". */
    private static boolean isHostMismatch(CertificateException e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith("No subject alternative") || m.startsWith("No name matching");
    }

    private static String names(X509Certificate leaf) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) { // dNSName, iPAddress
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException ignored) {
            // fall through to the subject name
        }
        return out.isEmpty() ? "'" + leaf.getSubjectX500Principal().getName() + "'" : out.toString();
    }

    /** whether {@code c} names itself as its issuer and is signed by its own key. */
    static boolean isSelfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false; // same name as its issuer but signed by another key: not self-signed
        }
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
