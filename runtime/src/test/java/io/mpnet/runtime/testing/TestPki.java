package io.mpnet.runtime.testing;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway public-key infrastructure made at run time with BouncyCastle (no keys are checked
 * in): a root, an intermediate under it, a second root named like a distrusted CA, and leaf
 * certificates of every kind the TLS rules (SPEC §7) must refuse or accept. EC P-256 keeps it fast.
 */
public final class TestPki {

    /** The password of {@link #trustStoreFile}. */
    public static final String PASSWORD = "changeit";
    /** The subject of the CA that the default distrust list names. */
    public static final String DISTRUSTED_CA = "CN=WoSign CA Free SSL Certificate G2, O=WoSign CA Limited, C=CN";

    /** The kinds of server certificate a test can ask for. */
    public enum Leaf {
        /** Valid, for the names asked, chained through the intermediate to the root. */
        GOOD,
        /** Past its validity period. */
        EXPIRED,
        /** Not valid yet. */
        NOT_YET_VALID,
        /** Valid, but for {@code wrong.example.net} instead of the names asked. */
        WRONG_HOST,
        /** Signed by its own key; put in the trust store too, to prove X-3 refuses it anyway. */
        SELF_SIGNED,
        /** Valid, but the server sends it without its intermediate. */
        INCOMPLETE_CHAIN,
        /** Valid, issued by the distrusted-but-trusted root. */
        DISTRUSTED_CA
    }

    /** A key and the chain a server sends, leaf first. */
    public record Identity(PrivateKey key, X509Certificate[] chain) {
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair rootKey;
    private final X509Certificate root;
    private final KeyPair intermediateKey;
    private final X509Certificate intermediate;
    private final KeyPair distrustedKey;
    private final X509Certificate distrusted;
    private final X509Certificate selfSignedTrusted;
    private final KeyPair selfSignedKey;
    private final Instant now = Instant.now();

    private TestPki() throws GeneralSecurityException {
        rootKey = keyPair();
        root = ca("CN=mpnet Test Root, O=mpnet tests", rootKey, "CN=mpnet Test Root, O=mpnet tests", rootKey);
        intermediateKey = keyPair();
        intermediate = ca("CN=mpnet Test Intermediate, O=mpnet tests", intermediateKey,
                "CN=mpnet Test Root, O=mpnet tests", rootKey);
        distrustedKey = keyPair();
        distrusted = ca(DISTRUSTED_CA, distrustedKey, DISTRUSTED_CA, distrustedKey);
        selfSignedKey = keyPair();
        selfSignedTrusted = leaf("CN=self-signed.example.com", selfSignedKey, "CN=self-signed.example.com", selfSignedKey,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), "api.example.com", "ws.example.com",
                "cdn.example.com", "upload.example.com", "localhost");
    }

    /** A new PKI. */
    public static TestPki create() {
        try {
            return new TestPki();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the test PKI", e);
        }
    }

    /** The root certificate. */
    public X509Certificate root() {
        return root;
    }

    /**
     * A trust store with the root, the distrusted root and the self-signed leaf, so that only the
     * rules, not a missing anchor, refuse the latter two.
     */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("root", root);
            ks.setCertificateEntry("distrusted", distrusted);
            ks.setCertificateEntry("self-signed", selfSignedTrusted);
            return ks;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #trustStore()} written as a PKCS12 file with password {@link #PASSWORD}. */
    public Path trustStoreFile(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            trustStore().store(out, PASSWORD.toCharArray());
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server identity of {@code kind} for {@code names} (DNS names in the certificate). */
    public Identity identity(Leaf kind, String... names) {
        try {
            Instant from = now.minus(Duration.ofDays(1));
            Instant to = now.plus(Duration.ofDays(30));
            KeyPair key = keyPair();
            return switch (kind) {
                case GOOD -> new Identity(key.getPrivate(), new X509Certificate[] {
                    issued(key, from, to, names), intermediate});
                case EXPIRED -> new Identity(key.getPrivate(), new X509Certificate[] {
                    issued(key, now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(30)), names), intermediate});
                case NOT_YET_VALID -> new Identity(key.getPrivate(), new X509Certificate[] {
                    issued(key, now.plus(Duration.ofDays(30)), now.plus(Duration.ofDays(60)), names), intermediate});
                case WRONG_HOST -> new Identity(key.getPrivate(), new X509Certificate[] {
                    issued(key, from, to, "wrong.example.net"), intermediate});
                case SELF_SIGNED -> new Identity(selfSignedKey.getPrivate(), new X509Certificate[] {selfSignedTrusted});
                case INCOMPLETE_CHAIN -> new Identity(key.getPrivate(), new X509Certificate[] {issued(key, from, to, names)});
                case DISTRUSTED_CA -> new Identity(key.getPrivate(), new X509Certificate[] {
                    leaf("CN=" + names[0], key, DISTRUSTED_CA, distrustedKey, from, to, names)});
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate issued(KeyPair key, Instant from, Instant to, String... names) throws GeneralSecurityException {
        return leaf("CN=" + names[0], key, "CN=mpnet Test Intermediate, O=mpnet tests", intermediateKey, from, to, names);
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private X509Certificate ca(String subject, KeyPair key, String issuer, KeyPair issuerKey) throws GeneralSecurityException {
        X509v3CertificateBuilder b = builder(subject, key, issuer, now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(365)));
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (org.bouncycastle.cert.CertIOException e) {
            throw new GeneralSecurityException(e);
        }
        return sign(b, issuerKey);
    }

    private X509Certificate leaf(String subject, KeyPair key, String issuer, KeyPair issuerKey, Instant from, Instant to,
            String... names) throws GeneralSecurityException {
        X509v3CertificateBuilder b = builder(subject, key, issuer, from, to);
        GeneralName[] san = new GeneralName[names.length];
        for (int i = 0; i < names.length; i++) {
            san[i] = new GeneralName(GeneralName.dNSName, names[i]);
        }
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
        } catch (org.bouncycastle.cert.CertIOException e) {
            throw new GeneralSecurityException(e);
        }
        return sign(b, issuerKey);
    }

    private static X509v3CertificateBuilder builder(String subject, KeyPair key, String issuer, Instant from, Instant to) {
        return new JcaX509v3CertificateBuilder(name(issuer), BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(from), Date.from(to), name(subject), key.getPublic());
    }

    /** The name as the JDK encodes RFC 2253 text (BouncyCastle's parser would keep the written order). */
    private static X500Name name(String rfc2253) {
        return X500Name.getInstance(new X500Principal(rfc2253).getEncoded());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuerKey) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
