package io.mpnet.runtime.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/** X-4: the certificate authorities refused even when trusted; data, read from {@code distrusted-cas.txt}. */
final class DistrustList {

    static final DistrustList DEFAULT = read("/io/mpnet/runtime/distrusted-cas.txt");

    private final Set<X500Principal> names;
    private final Set<String> sha256;

    private DistrustList(Set<X500Principal> names, Set<String> sha256) {
        this.names = Set.copyOf(names);
        this.sha256 = Set.copyOf(sha256);
    }

    static DistrustList read(String resource) {
        Set<X500Principal> names = new HashSet<>();
        Set<String> sha = new HashSet<>();
        try (InputStream in = DistrustList.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the distrust list " + resource + " is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (t.toLowerCase(Locale.ROOT).startsWith("sha256:")) {
                    sha.add(t.substring(7).replace(":", "").toLowerCase(Locale.ROOT));
                } else {
                    names.add(new X500Principal(t));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DistrustList(names, sha);
    }

    /** The distrusted name that {@code cert} is or is issued by, or null. */
    @Nullable String distrusted(X509Certificate cert) {
        for (X500Principal p : new X500Principal[] {cert.getIssuerX500Principal(), cert.getSubjectX500Principal()}) {
            if (names.contains(p)) {
                return p.getName(X500Principal.RFC2253);
            }
        }
        if (!sha256.isEmpty()) {
            try {
                String fp = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
                if (sha256.contains(fp)) {
                    return "sha256:" + fp;
                }
            } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
                throw new IllegalStateException(e); // SHA-256 is in every JDK; a parsed certificate re-encodes
            }
        }
        return null;
    }
}
