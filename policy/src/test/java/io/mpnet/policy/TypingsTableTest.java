package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code docs/TYPINGS.md} true: every test its table names ({@code Class#method}, in its last
 * column) exists, as a class in some module's {@code src/test} with a method of that name, so the
 * table cannot point at a test that was renamed or removed, nor at none for a faithful item
 * ({@code —} is for items mpnet does not have).
 */
class TypingsTableTest {

    /** A test named in a table row: {@code `ClassName#method`}. */
    private static final Pattern NAMED = Pattern.compile("`([A-Z]\\w*)#(\\w+)`");

    private static final Path ROOT = repositoryRoot();

    @Test
    @DisplayName("E-1 every test docs/TYPINGS.md names exists, class and method")
    void everyNamedTestExists() {
        List<String> named = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String line : read(ROOT.resolve("docs/TYPINGS.md")).split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            Matcher m = NAMED.matcher(line);
            while (m.find()) {
                named.add(m.group());
                Optional<Path> source = testSource(m.group(1));
                if (source.isEmpty()) {
                    missing.add(m.group() + ": no class " + m.group(1) + " in any src/test");
                } else if (!Pattern.compile("\\bvoid " + m.group(2) + "\\(").matcher(read(source.get())).find()) {
                    missing.add(m.group() + ": no method " + m.group(2) + " in " + ROOT.relativize(source.get()));
                }
            }
        }
        assertThat(read(ROOT.resolve("docs/TYPINGS.md"))).as("a placeholder instead of a test").doesNotContain("TBD");
        assertThat(named).as("tests named in docs/TYPINGS.md").isNotEmpty();
        assertThat(missing).as("tests named in docs/TYPINGS.md that do not exist").isEmpty();
    }

    @Test
    @DisplayName("E-1 every row of docs/TYPINGS.md has a status and, when not faithful, a reason")
    void everyRowHasAStatus() {
        List<String> bad = new ArrayList<>();
        for (String line : read(ROOT.resolve("docs/TYPINGS.md")).split("\n")) {
            if (!line.startsWith("| `") && !line.startsWith("| event") && !line.startsWith("| creation")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            // | item | [kind |] status | note | test |
            int status = cells.length == 7 ? 3 : 2;
            String s = cells[status].trim();
            String note = cells[status + 1].trim();
            if (!s.startsWith("faithful") && !s.equals("different") && !s.equals("missing") && !s.equals("unsupported")) {
                bad.add(line + "  <- status '" + s + "'");
            } else if (!s.startsWith("faithful") && note.isEmpty()) {
                bad.add(line + "  <- no reason");
            }
        }
        assertThat(bad).as("rows without a status, or not faithful without a reason").isEmpty();
    }

    private static Optional<Path> testSource(String className) {
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path test : modules.map(m -> m.resolve("src/test")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(test)) {
                    Optional<Path> found = files.filter(f -> f.getFileName().toString().equals(className + ".java"))
                            .findFirst();
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.empty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/TYPINGS.md"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docs/TYPINGS.md above " + Path.of("").toAbsolutePath());
    }
}
