package io.mpnet.policy;

import org.jspecify.annotations.Nullable;

/**
 * The policy's answer for one URL or address: allowed with its {@link Target}, or denied with the
 * rule that decided, the platform's {@code errMsg} and an explanation that names the fix.
 */
public final class PolicyDecision {

    /** The value of {@link #rule()} when the call is allowed. */
    public static final String OK = "OK";

    private final ApiKind api;
    private final String rule;
    private final @Nullable Target target;
    private final @Nullable String explanation;

    private PolicyDecision(ApiKind api, String rule, @Nullable Target target, @Nullable String explanation) {
        this.api = api;
        this.rule = rule;
        this.target = target;
        this.explanation = explanation;
    }

    static PolicyDecision allow(ApiKind api, Target target) {
        return new PolicyDecision(api, OK, target, null);
    }

    static PolicyDecision deny(ApiKind api, String rule, String explanation) {
        return new PolicyDecision(api, rule, null, explanation);
    }

    /** Whether the call may go ahead. */
    public boolean allowed() {
        return target != null;
    }

    /** The API kind judged. */
    public ApiKind api() {
        return api;
    }

    /** The rule id that refused the call, or {@link #OK}. */
    public String rule() {
        return rule;
    }

    /** {@code request:ok}, or the platform's failure text such as {@code request:fail url not in domain list}. */
    public String errMsg() {
        return allowed() ? api.apiName() + ":ok" : api.apiName() + ":fail " + FailReason.URL_NOT_IN_DOMAIN_LIST.text();
    }

    /** Which rule decided, why, and how to fix it; for an allowed call, why it is allowed. */
    public String explanation() {
        return allowed() ? "allowed: " + target : explanation;
    }

    /** The parsed target of an allowed call, else {@code null}. */
    public @Nullable Target target() {
        return target;
    }

    /**
     * The target of an allowed call.
     *
     * @throws MpNetException the refusal, when denied
     */
    public Target orThrow() {
        if (target == null) {
            throw toException();
        }
        return target;
    }

    /** The refusal as the exception callers see; only for a denied decision. */
    public MpNetException toException() {
        if (target != null) {
            throw new IllegalStateException("decision is allowed: " + target);
        }
        return new MpNetException(api, FailReason.URL_NOT_IN_DOMAIN_LIST, rule, String.valueOf(explanation));
    }

    @Override
    public String toString() {
        return allowed() ? "PolicyDecision[OK " + target + "]" : "PolicyDecision[" + rule + ": " + explanation + "]";
    }
}
