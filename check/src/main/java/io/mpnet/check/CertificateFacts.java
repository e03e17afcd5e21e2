package io.mpnet.check;

import io.mpnet.runtime.spi.TlsChecks;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks of the certificates a server sends that the phones make and the runtime does not:
 * expiry within 30 days (a warning under X-2), key size, signature hash, lifetime
 * embedded SCTs. Pure functions of the chain as sent and the time.
 */
final class CertificateFacts {

    /** A certificate expiring sooner than this is a warning. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    /** Apple refuses TLS server certificates issued on or after this day with a longer lifetime. */
    static final Instant LIFETIME_RULE_FROM = LocalDate.of(2020, 9, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    /** the longest lifetime Apple accepts. */
    static final Duration MAX_LIFETIME = Duration.ofDays(398);
    static final int MIN_RSA_BITS = 2048;
    static final int MIN_EC_BITS = 256;
    /** RFC 6962: the X.509 extension holding embedded SCTs. */
    static final String SCT_LIST_OID = "1.3.6.1.4.1.11129.2.4.2";

    private CertificateFacts() {
    }

    /**
     * The checks of {@code chain} (leaf first, as sent) at {@code now}; {@code publicAnchors} when the
     * chain is judged against the JDK's public roots (SCTs are required only of publicly trusted certificates).
     */
    static List<CheckResult> judge(List<X509Certificate> chain, Instant now, boolean publicAnchors) {
        List<CheckResult> out = new ArrayList<>();
        if (chain.isEmpty()) {
            return out;
        }
        X509Certificate leaf = chain.get(0);
        validity(leaf, now, out);
        out.add(keys(chain));
        out.add(signatures(chain));
        out.add(lifetime(leaf));
        out.add(scts(leaf, publicAnchors));
        return out;
    }

    /** X-2 as a warning: in date, but not for long. Out of date is the runtime's X-2 refusal, not repeated here. */
    private static void validity(X509Certificate leaf, Instant now, List<CheckResult> out) {
        Instant from = leaf.getNotBefore().toInstant();
        Instant to = leaf.getNotAfter().toInstant();
        if (now.isBefore(from) || now.isAfter(to)) {
            return;
        }
        Duration left = Duration.between(now, to);
        if (left.compareTo(EXPIRY_WARNING) < 0) {
            out.add(CheckResult.warn("certificate expiry", "X-2", "it expires on " + to + ", in " + left.toDays()
                    + " days", "renew the certificate before " + to + "; the phones refuse it from then on"));
        } else {
            out.add(CheckResult.pass("certificate expiry", "X-2", "valid until " + to + " (" + left.toDays() + " days left)"));
        }
    }

    private static CheckResult keys(List<X509Certificate> chain) {
        List<String> weak = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (X509Certificate c : chain) {
            String key = describe(c.getPublicKey());
            seen.add(key);
            if (isWeak(c.getPublicKey())) {
                weak.add("'" + c.getSubjectX500Principal().getName() + "' has " + key);
            }
        }
        return weak.isEmpty() ? CheckResult.pass("key size", "X-8", "keys as sent: " + String.join(", ", seen))
                : CheckResult.fail("key size", "X-8", String.join("; ", weak) + ", below RSA " + MIN_RSA_BITS
                        + " or EC " + MIN_EC_BITS + " bits", "reissue the certificate with an RSA key of at least 2048 bits"
                        + " or an EC key of at least 256 bits");
    }

    private static CheckResult signatures(List<X509Certificate> chain) {
        List<String> weak = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (TlsChecks.isSelfSigned(c)) { // X-3's own test, from the runtime
                continue; // a root's signature on itself is not checked by anyone
            }
            String alg = c.getSigAlgName();
            seen.add(alg);
            String upper = alg.toUpperCase(Locale.ROOT);
            if (upper.contains("SHA1") || upper.contains("SHA-1") || upper.contains("MD5") || upper.contains("MD2")) {
                weak.add("'" + c.getSubjectX500Principal().getName() + "' is signed with " + alg);
            }
        }
        return weak.isEmpty() ? CheckResult.pass("signature", "X-9", seen.isEmpty() ? "no CA signature sent (self-signed)"
                : "signatures: " + String.join(", ", seen))
                : CheckResult.fail("signature", "X-9", String.join("; ", weak),
                        "reissue the certificate signed with SHA-256 or better");
    }

    private static CheckResult lifetime(X509Certificate leaf) {
        Instant from = leaf.getNotBefore().toInstant();
        Duration life = Duration.between(from, leaf.getNotAfter().toInstant());
        String seen = "valid for " + life.toDays() + " days, from " + from + " to " + leaf.getNotAfter().toInstant();
        if (!from.isBefore(LIFETIME_RULE_FROM) && life.compareTo(MAX_LIFETIME) > 0) {
            return CheckResult.fail("certificate lifetime", "X-10", seen + ": more than " + MAX_LIFETIME.toDays()
                    + " days, issued after 2020-09-01", "reissue the certificate with a lifetime of at most 398 days");
        }
        return CheckResult.pass("certificate lifetime", "X-10", seen);
    }

    private static CheckResult scts(X509Certificate leaf, boolean publicAnchors) {
        if (leaf.getExtensionValue(SCT_LIST_OID) != null) {
            return CheckResult.pass("certificate transparency", "X-11", "the certificate embeds SCTs");
        }
        if (!publicAnchors) {
            return CheckResult.pass("certificate transparency", "X-11", "no embedded SCTs; not required of a private"
                    + " CA (the trust store given)");
        }
        return CheckResult.warn("certificate transparency", "X-11", "the certificate embeds no SCTs (SCTs in the"
                + " handshake or in a stapled OCSP answer are not looked at)", "use a CA that embeds SCTs in its"
                + " certificates, as Apple platforms require of publicly trusted ones");
    }

    static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return "EC " + ec.getParams().getCurve().getField().getFieldSize();
        }
        return key.getAlgorithm();
    }

    private static boolean isWeak(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength() < MIN_RSA_BITS;
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() < MIN_EC_BITS;
        }
        return false; // EdDSA and others: no size rule
    }
}
