package io.mpnet.runtime.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager (X-2: chain to a trusted root, validity, host name, no fetching of
 * missing intermediates) followed by the platform's extra refusals: a self-signed leaf and a
 * distrusted CA anywhere in the chain. Client side only.
 */
final class StrictTrustManager extends X509ExtendedTrustManager {

    /** A refusal by one of the rules this class adds; {@link TlsRules#classify} reads its rule. */
    static final class RuleRefusal extends CertificateException {
        private static final long serialVersionUID = 1L;
        final String rule;

        RuleRefusal(String rule, String message) {
            super(message);
            this.rule = rule;
        }
    }

    private final X509ExtendedTrustManager pkix;
    private final DistrustList distrust;

    StrictTrustManager(X509ExtendedTrustManager pkix, DistrustList distrust) {
        this.pkix = pkix;
        this.distrust = distrust;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        refuseByRule(chain); // first: a trusted self-signed leaf passes PKIX, so PKIX must not decide alone
        pkix.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        refuseByRule(chain);
        pkix.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        refuseByRule(chain);
        pkix.checkServerTrusted(chain, authType);
    }

    private void refuseByRule(X509Certificate[] chain) throws CertificateException {
        if (chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        X509Certificate leaf = chain[0];
        if (leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()) && signsItself(leaf)) {
            throw new RuleRefusal("X-3", "the server's certificate '" + leaf.getSubjectX500Principal().getName()
                    + "' is self-signed, which is refused even when trusted");
        }
        for (X509Certificate c : chain) {
            String name = distrust.distrusted(c);
            if (name != null) {
                throw new RuleRefusal("X-4", "the chain goes through the distrusted CA '" + name + "'");
            }
        }
    }

    private static boolean signsItself(X509Certificate c) {
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("mpnet is a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("mpnet is a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("mpnet is a client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
