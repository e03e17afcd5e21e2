package io.mpnet.policy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Objects;

/**
 * A PKCS12 trust store used instead of the JDK's ({@code tls} in {@code mpnet.json}).
 *
 * @param trustStore the PKCS12 file; a relative path is resolved against the config file's folder
 * @param password its password
 */
public record TlsConfig(Path trustStore, String password) {
    public TlsConfig {
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Reads the trust store (blocking file I/O, done once when a runtime is built).
     *
     * @throws IllegalArgumentException naming the file and the fix when it cannot be read with the password
     */
    public KeyStore load() {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            return ks;
        } catch (Exception e) {
            throw new IllegalArgumentException("tls.trustStore: cannot read PKCS12 trust store '" + trustStore
                    + "' with the given password (" + e.getMessage() + "); check the path and tls.password", e);
        }
    }

    @Override
    public String toString() {
        return "TlsConfig[trustStore=" + trustStore + ", password=***]";
    }
}
