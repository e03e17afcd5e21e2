package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Test helpers: write config files, catch the problems a load reports. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** Writes text (single quotes become double quotes, to keep JSON in Java strings readable). */
    static Path write(Path dir, String name, String json) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, json.replace('\'', '"'), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An mpnet.json with an appId and the given extra members, such as {@code 'urlCheck': false}. */
    static Path mpnet(Path dir, String members) {
        return write(dir, "mpnet.json", "{'appId': 'wx0123456789abcdef'" + (members.isEmpty() ? "" : ", " + members) + "}");
    }

    static List<ConfigProblem> problems(ThrowingCallable call) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> {
            try {
                call.call();
            } catch (Throwable t) {
                caught[0] = t;
                throw t;
            }
        }).isInstanceOf(ConfigException.class);
        return ((ConfigException) caught[0]).problems();
    }

    static List<ConfigProblem> loadProblems(Path file) {
        return problems(() -> NetworkConfig.load(file));
    }
}
