package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code docs/RULES.md} true: every rule id the code can name in an error or a log line has
 * a heading there, every heading is an id the code uses, and nothing in the repository links to a
 * document outside it.
 */
class RulesReferenceTest {

    /** A rule id as errors name it: a family letter, a number, an optional letter ({@code P-12u}). */
    private static final Pattern RULE_ID = Pattern.compile("(?<![\\w-])[BCDELNPRSTUX]-\\d{1,2}[a-z]?(?![\\w-])");
    private static final Pattern HEADING = Pattern.compile("(?m)^### (\\S+)\\s*$");

    /** The planning documents beside the repository; spelt in two parts so this file does not match. */
    private static final String OUTSIDE = "../" + "shared/";

    private static final Path ROOT = repositoryRoot();

    @Test
    @DisplayName("E-1 every rule id used in src/main has a heading in docs/RULES.md")
    void everyIdUsedHasAHeading() {
        Set<String> used = idsUsedInMainCode();
        assertThat(used).as("rule ids in */src/main").isNotEmpty();
        assertThat(headings()).as("headings of docs/RULES.md").containsAll(used);
    }

    @Test
    @DisplayName("E-1 every heading of docs/RULES.md is a rule id the code uses")
    void everyHeadingIsUsed() {
        assertThat(idsUsedInMainCode()).as("rule ids in */src/main").containsAll(headings());
    }

    @Test
    @DisplayName("nothing in the repository links outside it")
    void nothingPointsOutside() {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> !ROOT.relativize(f).toString().matches("(\\.git|.*/target|.*/node_modules)/.*"))
                    .filter(f -> f.toString().matches(".*\\.(md|java|xml|json|properties|sh|txt)$")
                            || f.getFileName().toString().equals("run"))
                    .forEach(f -> {
                        String text = read(f);
                        if (text.contains(OUTSIDE)) {
                            offenders.add(ROOT.relativize(f).toString());
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(offenders).as("files that point outside the repository").isEmpty();
    }

    private static Set<String> idsUsedInMainCode() {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path main : modules.map(m -> m.resolve("src/main")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(Files::isRegularFile).forEach(f -> {
                        Matcher m = RULE_ID.matcher(read(f));
                        while (m.find()) {
                            ids.add(m.group());
                        }
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    private static Set<String> headings() {
        Set<String> ids = new TreeSet<>();
        Matcher m = HEADING.matcher(read(ROOT.resolve("docs/RULES.md")));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1); // ids are ASCII; any byte reads
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/RULES.md"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docs/RULES.md above " + Path.of("").toAbsolutePath());
    }
}
