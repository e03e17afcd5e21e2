package io.mpnet.policy;

import java.nio.file.Path;
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

    @Override
    public String toString() {
        return "TlsConfig[trustStore=" + trustStore + ", password=***]";
    }
}
