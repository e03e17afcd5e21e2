package io.mpnet.runtime.internal.tls;

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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The CAs refused even when trusted (X-4), read from data: the resource {@value #RESOURCE} by default.
 * An entry is an X.500 name, matched against the subject and the issuer of each certificate (every
 * attribute of the entry must be in the name, so {@code O=WoSign CA Limited} names all its CAs), or a
 * SHA-256 certificate fingerprint. Names are compared in the JDK's canonical form (case and spacing
 * folded), so the file need not match a certificate's spelling.
 */
final class DistrustList {

    static final String RESOURCE = "/io/mpnet/runtime/distrusted-cas.txt";

    private static final Pattern FINGERPRINT = Pattern.compile("(?i)(sha-?256:)?\\s*([0-9a-f]{2}(:?[0-9a-f]{2}){31})");

    private static final DistrustList DEFAULTS = load();

    /** Name entries as written, each with its attributes in canonical form. */
    private final Map<String, Set<Rdn>> names;
    /** Fingerprints (lower-case hex without colons) with the line that gave them. */
    private final Map<String, String> fingerprints;

    private DistrustList(Map<String, Set<Rdn>> names, Map<String, String> fingerprints) {
        this.names = names;
        this.fingerprints = fingerprints;
    }

    /** The list shipped in {@value #RESOURCE}. */
    static DistrustList defaults() {
        return DEFAULTS;
    }

    /**
     * The list in {@code lines} (lines starting with {@code #} and blank lines ignored).
     *
     * @throws IllegalArgumentException naming {@code source}, the line and its text when one is neither a name nor a fingerprint
     */
    static DistrustList parse(List<String> lines, String source) {
        Map<String, Set<Rdn>> names = new LinkedHashMap<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i));
            if (line.isEmpty()) {
                continue;
            }
            var fp = FINGERPRINT.matcher(line);
            if (fp.matches()) {
                fingerprints.put(fp.group(2).replace(":", "").toLowerCase(Locale.ROOT), line);
                continue;
            }
            try {
                names.put(line, Set.copyOf(canonical(new X500Principal(line))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": '" + line + "' is neither an X.500"
                        + " name (CN=..., O=...) nor a SHA-256 fingerprint (64 hex digits) (X-4)", e);
            }
        }
        return new DistrustList(Map.copyOf(names), Map.copyOf(fingerprints));
    }

    /** The entry {@code cert} matches, by its fingerprint, its subject or its issuer; empty when none. */
    Optional<String> match(X509Certificate cert) {
        String fp = fingerprint(cert);
        String byPrint = fingerprints.get(fp);
        if (byPrint != null) {
            return Optional.of("SHA-256 " + fp + " (" + cert.getSubjectX500Principal().getName() + ")");
        }
        List<Rdn> subject = canonical(cert.getSubjectX500Principal());
        List<Rdn> issuer = canonical(cert.getIssuerX500Principal());
        for (Map.Entry<String, Set<Rdn>> e : names.entrySet()) {
            if (subject.containsAll(e.getValue()) || issuer.containsAll(e.getValue())) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** How many entries the list holds. */
    int size() {
        return names.size() + fingerprints.size();
    }

    static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e); // SHA-256 is in every JDK; a parsed certificate re-encodes
        }
    }

    private static List<Rdn> canonical(X500Principal name) {
        try {
            return new LdapName(name.getName(X500Principal.CANONICAL)).getRdns();
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException(e); // the JDK's own canonical output always parses
        }
    }

    /** A whole-line comment only: an X.500 value may hold a '#'. */
    private static String stripComment(String line) {
        String s = line.strip();
        return s.startsWith("#") ? "" : s;
    }

    private static DistrustList load() {
        try (InputStream in = DistrustList.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the distrust list " + RESOURCE + " is missing from the runtime jar");
            }
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
            }
            return parse(lines, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
