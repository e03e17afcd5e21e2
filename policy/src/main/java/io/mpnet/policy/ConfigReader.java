package io.mpnet.policy;

import java.nio.file.Path;

/** Reads mpnet.json and mini-program projects. STUB: replaced by the Jackson reader. */
final class ConfigReader {

    private ConfigReader() {
    }

    static NetworkConfig load(Path file) {
        throw new UnsupportedOperationException("not yet");
    }

    static NetworkConfig fromProject(Path projectDir) {
        throw new UnsupportedOperationException("not yet");
    }
}
