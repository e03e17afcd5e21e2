package io.mpnet.examples;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
import javax.net.ssl.SSLException;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The demo's throwaway CA, made in memory at start (no key is checked in or kept): a root CA and
 * one server certificate, issued by it, for the example names the backend answers. EC P-256 keys,
 * so it takes milliseconds.
 *
 * <p>Why not {@code io.mpnet.testing.TestPki}: it lives in the {@code mpnet-testing} module (test code,
 * with a leaf of every kind the TLS rules refuse), and a runnable example must not need a test
 * artifact; moving it into the runtime's main code would put BouncyCastle on every user's classpath.
 * This class is the one good-chain path the demo needs.
 */
final class DemoPki {

    /** The password of the trust store file {@link #writeTrustStore(Path)} writes. */
    static final String PASSWORD = "changeit";

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final X509Certificate root;
    private final KeyPair serverKeys;
    private final X509Certificate server;

    private DemoPki(String... serverNames) {
        Instant now = Instant.now();
        X500Principal rootName = new X500Principal("CN=mpnet Demo Root CA (throwaway), O=mpnet examples");
        KeyPair rootKeys = newKeys();
        this.root = sign(builder(rootName, rootName, rootKeys, now, Duration.ofDays(30)),
                rootKeys.getPrivate(), rootKeys, null, true, serverNames);
        this.serverKeys = newKeys();
        this.server = sign(builder(rootName, new X500Principal("CN=" + serverNames[0] + ", O=mpnet examples"),
                serverKeys, now, Duration.ofDays(7)), rootKeys.getPrivate(), serverKeys, root, false, serverNames);
    }

    /** A new CA and a server certificate for {@code serverNames} (DNS names). */
    static DemoPki create(String... serverNames) {
        if (serverNames.length == 0) {
            throw new IllegalArgumentException("name at least one server");
        }
        return new DemoPki(serverNames);
    }

    /** The root CA certificate. */
    X509Certificate root() {
        return root;
    }

    /** A Netty server context presenting the server certificate (TLS 1.3 and 1.2, as X-1 asks). */
    SslContext serverContext() {
        try {
            return SslContextBuilder.forServer(serverKeys.getPrivate(), server)
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS12 trust store holding only the root. */
    KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("mpnet-demo-root", root);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #trustStore()} written to {@code file} with {@link #PASSWORD}, as {@code tls.trustStore} reads it. */
    Path writeTrustStore(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                trustStore().store(out, PASSWORD.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JcaX509v3CertificateBuilder builder(X500Principal issuer, X500Principal subject, KeyPair keys,
            Instant now, Duration validity) {
        // valid from yesterday: a clock a little behind does not see a not-yet-valid certificate
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validity)), subject, keys.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey signer, KeyPair subjectKeys,
            @Nullable X509Certificate issuer, boolean ca, String... serverNames) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, issuer != null
                    ? utils.createAuthorityKeyIdentifier(issuer)
                    : utils.createAuthorityKeyIdentifier(subjectKeys.getPublic()));
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                GeneralName[] sans = new GeneralName[serverNames.length];
                for (int i = 0; i < serverNames.length; i++) {
                    sans[i] = new GeneralName(GeneralName.dNSName, serverNames[i]);
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
