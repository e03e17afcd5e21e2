package io.mpnet.check;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The checks of one target, in the order they ran. A check whose precondition failed is left out
 * (no TLS checks when the port does not answer), so each fault shows once, under its own rule.
 *
 * @param target the URL (or {@code host:port} for tcp) as checked
 * @param kind the API kind it was checked for ({@code request}, {@code connectSocket}, {@code tcp}...)
 * @param checks the checks that ran
 * @param took how long the target's checks took
 */
public record TargetReport(String target, String kind, List<CheckResult> checks, Duration took) {

    public TargetReport {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        checks = List.copyOf(checks);
        Objects.requireNonNull(took, "took");
    }

    /** The worst status of its checks ({@link Status#PASS} when there are none). */
    public Status status() {
        Status worst = Status.PASS;
        for (CheckResult c : checks) {
            if (c.status().compareTo(worst) > 0) {
                worst = c.status();
            }
        }
        return worst;
    }

    /** The checks with {@code status}. */
    public List<CheckResult> with(Status status) {
        return checks.stream().filter(c -> c.status() == status).toList();
    }
}
