package io.mpnet.check;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The report of one run.
 *
 * @param targets one report per target, in the order the targets were given
 * @param trustAnchors which trust anchors the certificate checks used; phones judge against their
 *     own system root stores, so a chain this run accepts may still be refused where a root is missing
 * @param took the wall time of the whole run
 */
public record ComplianceReport(List<TargetReport> targets, String trustAnchors, Duration took) {

    public ComplianceReport {
        targets = List.copyOf(targets);
        Objects.requireNonNull(trustAnchors, "trustAnchors");
        Objects.requireNonNull(took, "took");
    }

    /** Whether any check failed. */
    public boolean failed() {
        return targets.stream().anyMatch(t -> t.status() == Status.FAIL);
    }

    /** Whether any check warned. */
    public boolean warned() {
        return targets.stream().anyMatch(t -> t.status() == Status.WARN);
    }

    /** The command line's exit code for this report: 1 when a check failed (or warned, when {@code strict}), else 0. */
    public int exitCode(boolean strict) {
        return failed() || (strict && warned()) ? 1 : 0;
    }

    /** The report of {@code target}, as given. */
    public TargetReport target(String target) {
        return targets.stream().filter(t -> t.target().equals(target)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no target " + target + " in this report"));
    }
}
