package io.mpnet.check;

import java.util.Objects;

/**
 * One check of one target.
 *
 * @param name what was checked, in a few words ("TLS versions", "certificate chain")
 * @param status pass, warn or fail
 * @param rule the rule id (docs/RULES.md), such as {@code X-2}
 * @param seen what the server showed: the facts the status rests on
 * @param fix what to change on the server, in one sentence; empty on a pass
 */
public record CheckResult(String name, Status status, String rule, String seen, String fix) {

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(seen, "seen");
        Objects.requireNonNull(fix, "fix");
    }

    static CheckResult pass(String name, String rule, String seen) {
        return new CheckResult(name, Status.PASS, rule, seen, "");
    }

    static CheckResult warn(String name, String rule, String seen, String fix) {
        return new CheckResult(name, Status.WARN, rule, seen, fix);
    }

    static CheckResult fail(String name, String rule, String seen, String fix) {
        return new CheckResult(name, Status.FAIL, rule, seen, fix);
    }
}
