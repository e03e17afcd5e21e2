package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two main types whose names are equal but for letter case ({@code TcpSocket}, {@code TCPSocket}),
 * or equal outright ({@code SocketTask}), are allowed only as a Java API type and its mirror in the
 * {@code compat} package beside it, which keeps the platform's name: the package of an import then
 * says which one it is, and nothing else can be imported by mistake.
 */
class TypeNamesTest {

    @Test
    @DisplayName("S-6 N-2 N-3 types named alike but for case live only in a package and its compat package")
    void namesAlikeOnlyAcrossCompat() throws IOException {
        Path root = root();
        Map<String, List<String>> byName = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"))
                            .forEach(f -> {
                                String type = main.relativize(f).toString().replace('/', '.').replaceAll("\\.java$", "");
                                String simple = type.substring(type.lastIndexOf('.') + 1);
                                byName.computeIfAbsent(simple.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(type);
                            });
                }
            }
        }
        List<List<String>> alike = byName.values().stream().filter(l -> l.size() > 1).toList();
        assertThat(alike).as("the pairs this test is about exist").isNotEmpty();
        for (List<String> types : alike) {
            assertThat(types).as("types named alike: %s", types).hasSize(2);
            String a = packageOf(types.get(0));
            String b = packageOf(types.get(1));
            assertThat(List.of(a + ".compat", b + ".compat")).as("one is the compat mirror of the other: %s", types)
                    .containsAnyOf(a, b);
        }
    }

    private static String packageOf(String type) {
        return type.substring(0, type.lastIndexOf('.'));
    }

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/RULES.md"))) {
                return dir;
            }
        }
        throw new UncheckedIOException(new IOException("no docs/RULES.md above " + Path.of("").toAbsolutePath()));
    }
}
