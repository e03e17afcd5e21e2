package io.mpnet.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.Locations;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on the compiled main classes of every module (this module sees them
 * all). Module descriptors would say the same, but a named runtime would have to read Reactor Netty
 * and Netty as automatic modules; ArchUnit checks it without changing how anything runs.
 */
class ModuleBoundaryTest {

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        // The starter is not on this module's class path (the benchmarks exclude Spring), so its
        // classes are read from the reactor's build of it, which the benchmarks' build comes after.
        Set<Location> where = new HashSet<>(Locations.ofPackage("io.mpnet"));
        where.add(Location.of(Path.of("../spring/target/classes")));
        // check is not a dependency of the benchmarks either; the reactor builds it before them too.
        where.add(Location.of(Path.of("../check/target/classes")));
        where.add(Location.of(Path.of("../inspector/target/classes")));
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importLocations(where);
    }

    @Test
    @DisplayName("every module's main classes are seen, so the rules below cannot pass on nothing")
    void seesEveryModule() {
        for (String module : List.of("io.mpnet.policy", "io.mpnet.runtime", "io.mpnet.runtime.internal.call",
                "io.mpnet.lan", "io.mpnet.spring", "io.mpnet.check", "io.mpnet.examples", "io.mpnet.benchmarks",
                "io.mpnet.inspector")) {
            assertThat(classes.stream().anyMatch(c -> c.getPackageName().equals(module))).as(module).isTrue();
        }
    }

    @Test
    @DisplayName("no module but the runtime imports io.mpnet.runtime.internal (lan and check use io.mpnet.runtime.spi)")
    void internalStaysInTheRuntime() {
        noClasses().that().resideOutsideOfPackage("io.mpnet.runtime..")
                .should().dependOnClassesThat().resideInAPackage("io.mpnet.runtime.internal..")
                .because("runtime.internal is not API; a sibling module uses the public or spi packages")
                .check(classes);
    }

    @Test
    @DisplayName("the policy module imports neither Netty nor Reactor, nor the modules built on it")
    void policyStaysPure() {
        noClasses().that().resideInAPackage("io.mpnet.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "reactor..", "io.mpnet.runtime..",
                        "io.mpnet.lan..", "io.mpnet.spring..")
                .because("policy holds the rules as plain Java, judged before any I/O")
                .check(classes);
    }
}
