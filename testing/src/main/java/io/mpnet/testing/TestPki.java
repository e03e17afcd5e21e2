package io.mpnet.testing;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A throwaway PKI for TLS tests, made fresh in memory on every run (no key is checked in): a root CA,
 * an intermediate CA under it, a CA whose name is on the default distrust list, and server
 * certificates of every {@link Leaf} kind for the DNS names (or IP literals) a test asks for. Keys are
 * EC P-256 so a whole PKI takes milliseconds. Validity dates are relative to the instant the PKI was
 * made, so an expired or not-yet-valid certificate is so whatever the day.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create();
 * DisposableServer s = HttpServer.create().secure(spec -> spec.sslContext(
 *         pki.serverContext(TestPki.Leaf.GOOD, "api.example.com"))) ... ;
 * MiniProgramNetwork net = MiniProgramNetwork.builder(config).trustStore(pki.trustStore()).build();
 * }</pre>
 *
 * <p>Thread-safe; one instance per test class is plenty.
 */
public final class TestPki {

    /** The password of the file {@link #trustStoreFile(Path)} writes. */
    public static final String PASSWORD = "changeit";

    /** The name of the file {@link #trustStoreFile(Path)} writes. */
    public static final String TRUST_STORE_FILE = "test-root.p12";

    /** The subject of the CA that is on the default distrust list (an intermediate under the test root). */
    public static final String DISTRUSTED_CA_SUBJECT = "CN=WoSign CA Free SSL Certificate G2, O=WoSign CA Limited, C=CN";

    /** The only name a {@link Leaf#WRONG_HOST} certificate carries. */
    public static final String WRONG_HOST_NAME = "wrong-host.example.net";

    /** What kind of server certificate (and chain as sent) to issue. */
    public enum Leaf {
        /** Valid now, for the names asked, sent with its intermediate: passes every check. */
        GOOD,
        /** Its validity ended a day ago. */
        EXPIRED,
        /** Its validity starts tomorrow. */
        NOT_YET_VALID,
        /** Valid and well chained, but only for {@link #WRONG_HOST_NAME} (X-2 host name). */
        WRONG_HOST,
        /** Issued by itself, not by a CA; put it in a trust store with {@link #trustStore(X509Certificate...)}. */
        SELF_SIGNED,
        /** Issued by the intermediate, but the server sends the leaf alone (X-2 complete chain). */
        INCOMPLETE_CHAIN,
        /** Issued by {@link #DISTRUSTED_CA_SUBJECT}, which chains to the trusted root. */
        DISTRUSTED_CA
    }

    private static final Duration DAY = Duration.ofDays(1);
    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

    private final Instant now;
    private final Ca root;
    private final Ca intermediate;
    private final Ca distrusted;

    private TestPki(Instant now) {
        this.now = now;
        this.root = selfSignedCa("CN=mpnet Test Root CA, O=mpnet tests");
        this.intermediate = ca("CN=mpnet Test Intermediate CA, O=mpnet tests", root);
        this.distrusted = ca(DISTRUSTED_CA_SUBJECT, root);
    }

    /** A new PKI whose dates are relative to now. */
    public static TestPki create() {
        return new TestPki(Instant.now());
    }

    /** The root CA certificate, the only trust anchor of {@link #trustStore(X509Certificate...)}. */
    public X509Certificate root() {
        return root.cert;
    }

    /** The intermediate CA certificate that issues the leaves. */
    public X509Certificate intermediate() {
        return intermediate.cert;
    }

    /** The CA named {@link #DISTRUSTED_CA_SUBJECT}, issued by the root. */
    public X509Certificate distrustedCa() {
        return distrusted.cert;
    }

    /**
     * A PKCS12 key store trusting the root (and so every chain under it, the distrusted CA's too) and
     * {@code alsoTrusted}, such as a self-signed leaf to prove X-3 refuses it even when trusted.
     */
    public KeyStore trustStore(X509Certificate... alsoTrusted) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("mpnet-test-root", root.cert);
            for (int i = 0; i < alsoTrusted.length; i++) {
                ks.setCertificateEntry("also-trusted-" + i, alsoTrusted[i]);
            }
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #trustStore(X509Certificate...)} written to {@code dir}/{@value #TRUST_STORE_FILE}, password {@value #PASSWORD}. */
    public Path trustStoreFile(Path dir, X509Certificate... alsoTrusted) {
        Path file = dir.resolve(TRUST_STORE_FILE);
        try (OutputStream out = Files.newOutputStream(file)) {
            trustStore(alsoTrusted).store(out, PASSWORD.toCharArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate of {@code kind} for {@code names} (DNS names or IP literals), with the chain its server sends. */
    public ServerCert issue(Leaf kind, String... names) {
        return issue(kind, (String) null, names);
    }

    /**
     * As {@link #issue(Leaf, String...)}, with an Authority Information Access "CA issuers" URL in the
     * leaf: a client that fetched missing intermediates would ask it (X-2 says it must not).
     */
    public ServerCert issueWithCaIssuers(Leaf kind, String caIssuersUrl, String... names) {
        return issue(kind, caIssuersUrl, names);
    }

    private ServerCert issue(Leaf kind, @Nullable String caIssuersUrl, String... names) {
        Objects.requireNonNull(kind, "kind");
        if (names.length == 0) {
            throw new IllegalArgumentException("give at least one DNS name or IP literal for the certificate");
        }
        KeyPair keys = newKeys();
        String[] sans = kind == Leaf.WRONG_HOST ? new String[] {WRONG_HOST_NAME} : names;
        X500Principal subject = new X500Principal("CN=" + sans[0] + ", O=mpnet tests");
        Instant from = now.minus(DAY);
        Instant to = now.plus(Duration.ofDays(90));
        if (kind == Leaf.EXPIRED) {
            from = now.minus(Duration.ofDays(90));
            to = now.minus(DAY);
        } else if (kind == Leaf.NOT_YET_VALID) {
            from = now.plus(DAY);
            to = now.plus(Duration.ofDays(90));
        }
        Ca issuer = kind == Leaf.DISTRUSTED_CA ? distrusted : intermediate;
        if (kind == Leaf.SELF_SIGNED) {
            X509Certificate cert = sign(builder(subject, subject, keys, from, to), keys.getPrivate(), keys, null, leaf(sans, caIssuersUrl));
            return new ServerCert(keys.getPrivate(), List.of(cert));
        }
        X509Certificate cert = sign(builder(issuer.cert.getSubjectX500Principal(), subject, keys, from, to),
                issuer.keys.getPrivate(), keys, issuer.cert, leaf(sans, caIssuersUrl));
        List<X509Certificate> sent = kind == Leaf.INCOMPLETE_CHAIN ? List.of(cert) : List.of(cert, issuer.cert);
        return new ServerCert(keys.getPrivate(), sent);
    }

    /**
     * A builder of one server certificate for {@code names} with the faults a compliance check looks
     * for (each off by default: a GOOD leaf, EC P-256, SHA-256, 90 days, sent with its intermediate).
     */
    public LeafBuilder leaf(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("give at least one DNS name or IP literal for the certificate");
        }
        return new LeafBuilder(names);
    }

    /** A server certificate with chosen faults; see {@link TestPki#leaf(String...)}. Not thread-safe. */
    public final class LeafBuilder {

        private final String[] names;
        private Instant from = now.minus(DAY);
        private Instant to = now.plus(Duration.ofDays(90));
        private int rsaBits;
        private String algorithm = "SHA256withECDSA";
        private boolean incomplete;
        private boolean scts;
        private boolean distrustedIssuer;
        private @Nullable String onlyName;

        private LeafBuilder(String[] names) {
            this.names = names.clone();
        }

        /** Valid from a day ago until {@code left} from now (a negative {@code left} makes it expired). */
        public LeafBuilder expiresIn(Duration left) {
            this.from = now.minus(DAY);
            this.to = now.plus(left);
            return this;
        }

        /** Valid from a day ago for {@code lifetime} in all (notAfter - notBefore). */
        public LeafBuilder lifetime(Duration lifetime) {
            this.from = now.minus(DAY);
            this.to = from.plus(lifetime);
            return this;
        }

        /** An RSA key of {@code bits} instead of EC P-256. */
        public LeafBuilder rsa(int bits) {
            this.rsaBits = bits;
            return this;
        }

        /** Signed by the intermediate with SHA-1 ({@code SHA1withECDSA}) instead of SHA-256. */
        public LeafBuilder sha1() {
            this.algorithm = "SHA1withECDSA";
            return this;
        }

        /** The server sends the leaf alone, without the intermediate that issued it. */
        public LeafBuilder incompleteChain() {
            this.incomplete = true;
            return this;
        }

        /** For {@code name} only, not the names the builder was made with. */
        public LeafBuilder onlyFor(String name) {
            this.onlyName = name;
            return this;
        }

        /** Issued by the CA on the distrust list ({@link #DISTRUSTED_CA_SUBJECT}). */
        public LeafBuilder distrustedIssuer() {
            this.distrustedIssuer = true;
            return this;
        }

        /**
         * With an embedded Certificate Transparency SCT list extension, as publicly trusted CAs issue. Its
         * content is well formed but made up: no log signed it.
         */
        public LeafBuilder scts() {
            this.scts = true;
            return this;
        }

        /** The certificate and the chain its server sends. */
        public ServerCert issue() {
            KeyPair keys = newKeys(rsaBits);
            String[] sans = onlyName != null ? new String[] {onlyName} : names;
            X500Principal subject = new X500Principal("CN=" + sans[0] + ", O=mpnet tests");
            Ca issuer = distrustedIssuer ? distrusted : intermediate;
            Extensions base = leaf(sans, null);
            Extensions ext = !scts ? base : (b, utils) -> {
                base.add(b, utils);
                b.addExtension(SCT_LIST, false, new DEROctetString(madeUpSctList()));
            };
            X509Certificate cert = sign(builder(issuer.cert.getSubjectX500Principal(), subject, keys, from, to),
                    issuer.keys.getPrivate(), keys, issuer.cert, ext, algorithm);
            return new ServerCert(keys.getPrivate(), incomplete ? List.of(cert) : List.of(cert, issuer.cert));
        }
    }

    /** The X.509 extension holding embedded SCTs (RFC 6962, 3.3). */
    private static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");

    /** A TLS-encoded SignedCertificateTimestampList of one v1 SCT with a random log id and signature. */
    private static byte[] madeUpSctList() {
        byte[] logId = new byte[32];
        byte[] signature = new byte[70];
        ThreadLocalRandom.current().nextBytes(logId);
        ThreadLocalRandom.current().nextBytes(signature);
        int sctLength = 1 + 32 + 8 + 2 + 2 + 2 + signature.length;
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + sctLength);
        b.putShort((short) (2 + sctLength)).putShort((short) sctLength);
        b.put((byte) 0).put(logId).putLong(System.currentTimeMillis()).putShort((short) 0);
        b.put((byte) 4).put((byte) 3).putShort((short) signature.length).put(signature); // sha256, ecdsa
        return b.array();
    }

    /** A server context (HTTP/1.1) presenting a certificate of {@code kind} for {@code names}. */
    public SslContext serverContext(Leaf kind, String... names) {
        return issue(kind, names).sslContext(false);
    }

    /** A server context that also offers h2 by ALPN (for {@code HttpServer.protocol(H2, HTTP11)}). */
    public SslContext h2ServerContext(Leaf kind, String... names) {
        return issue(kind, names).sslContext(true);
    }

    /**
     * A server certificate and the chain its server sends, leaf first.
     *
     * @param key the leaf's private key
     * @param chain the certificates as the server sends them, leaf first
     */
    public record ServerCert(PrivateKey key, List<X509Certificate> chain) {

        public ServerCert {
            chain = List.copyOf(chain);
        }

        /** The server's own certificate. */
        public X509Certificate leaf() {
            return chain.get(0);
        }

        /**
         * A Netty server context (JDK provider, TLS 1.3 and 1.2) sending {@link #chain()}; with {@code h2},
         * ALPN offers h2 then http/1.1 and the ciphers are those HTTP/2 allows.
         */
        public SslContext sslContext(boolean h2) {
            return sslContext(h2, List.of("TLSv1.3", "TLSv1.2"), null);
        }

        /**
         * As {@link #sslContext(boolean)}, accepting only {@code protocols} and, when {@code ciphers} is not
         * null, only those cipher suites (JDK names; TLS 1.3 suites included), for servers of a chosen fault.
         */
        public SslContext sslContext(boolean h2, List<String> protocols, @Nullable List<String> ciphers) {
            SslContextBuilder b = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                    .sslProvider(SslProvider.JDK)
                    .protocols(protocols.toArray(String[]::new));
            if (ciphers != null) {
                b.ciphers(ciphers);
            }
            if (h2) {
                if (ciphers == null) {
                    b.ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
                }
                b.applicationProtocolConfig(new ApplicationProtocolConfig(
                                ApplicationProtocolConfig.Protocol.ALPN,
                                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                                ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
            }
            try {
                return b.build();
            } catch (SSLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private record Ca(KeyPair keys, X509Certificate cert) {
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder b, JcaX509ExtensionUtils utils) throws CertIOException, GeneralSecurityException;
    }

    private Ca selfSignedCa(String name) {
        KeyPair keys = newKeys();
        X500Principal subject = new X500Principal(name);
        X509Certificate cert = sign(builder(subject, subject, keys, now.minus(DAY), now.plus(Duration.ofDays(3650))),
                keys.getPrivate(), keys, null, caExtensions(1));
        return new Ca(keys, cert);
    }

    private Ca ca(String name, Ca issuer) {
        KeyPair keys = newKeys();
        X509Certificate cert = sign(builder(issuer.cert.getSubjectX500Principal(), new X500Principal(name), keys,
                now.minus(DAY), now.plus(Duration.ofDays(1825))), issuer.keys.getPrivate(), keys, issuer.cert, caExtensions(0));
        return new Ca(keys, cert);
    }

    private static Extensions caExtensions(int pathLength) {
        return (b, utils) -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        };
    }

    private static Extensions leaf(String[] names, @Nullable String caIssuersUrl) {
        return (b, utils) -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            List<GeneralName> sans = new ArrayList<>();
            for (String n : names) {
                sans.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            if (caIssuersUrl != null) {
                b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        AccessDescription.id_ad_caIssuers, new GeneralName(GeneralName.uniformResourceIdentifier, caIssuersUrl)));
            }
        };
    }

    private static boolean isIpLiteral(String name) {
        if (!name.matches("[0-9.]+|.*:.*")) {
            return false;
        }
        try {
            InetAddress.getByName(name); // a literal only: the pattern above keeps names away from DNS
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static JcaX509v3CertificateBuilder builder(X500Principal issuer, X500Principal subject, KeyPair keys,
            Instant from, Instant to) {
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(from), Date.from(to), subject, keys.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey signer, KeyPair subjectKeys,
            @Nullable X509Certificate issuerCert, Extensions extensions) {
        return sign(b, signer, subjectKeys, issuerCert, extensions, "SHA256withECDSA");
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey signer, KeyPair subjectKeys,
            @Nullable X509Certificate issuerCert, Extensions extensions, String algorithm) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, issuerCert != null
                    ? utils.createAuthorityKeyIdentifier(issuerCert)
                    : utils.createAuthorityKeyIdentifier(subjectKeys.getPublic()));
            extensions.add(b, utils);
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(algorithm).build(signer)));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeys() {
        return newKeys(0);
    }

    /** EC P-256 keys, or RSA keys of {@code rsaBits} when above 0. */
    private static KeyPair newKeys(int rsaBits) {
        try {
            if (rsaBits > 0) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(rsaBits);
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
