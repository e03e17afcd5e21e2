package io.mpnet.policy;

/**
 * A rule broken by a value under test; internal to the policy, turned into a
 * {@link PolicyDecision} or a {@link ConfigProblem} by whoever knows the context.
 */
final class RuleViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String rule;

    RuleViolation(String rule, String reason) {
        super(reason, null, false, false);
        this.rule = rule;
    }

    String rule() {
        return rule;
    }

    String reason() {
        return getMessage();
    }
}
