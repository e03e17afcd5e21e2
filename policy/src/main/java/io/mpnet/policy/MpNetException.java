package io.mpnet.policy;

import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The one failure callers see (E-1): which API failed, the platform's {@code errMsg} and
 * {@code errno}, the rule that decided (its id is looked up in docs/RULES.md), and a human explanation that names the fix.
 * Transport exceptions are kept as the {@linkplain #getCause() cause}, never thrown raw (E-2).
 *
 * <p>Every {@link #rule()} id is explained in the project's {@code docs/RULES.md}: what the platform
 * does, its {@code errMsg} and {@code errno}, what a caller of mpnet sees, and the usual fix.
 */
public class MpNetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ApiKind api;
    private final FailReason reason;
    private final String rule;
    private final String explanation;

    /**
     * @param api the API that failed
     * @param reason the platform's reason (the {@code errMsg} text and {@code errno})
     * @param rule the rule id that decided, such as {@code "P-5"}, {@code "T-2"}
     * @param explanation what went wrong and how to fix it, for a person
     * @param cause the transport or parsing exception behind it, if any
     */
    public MpNetException(ApiKind api, FailReason reason, String rule, String explanation,
            @Nullable Throwable cause) {
        super(Objects.requireNonNull(api, "api").apiName() + ":fail " + reason.text()
                + " (" + rule + "): " + explanation, cause);
        this.api = api;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.explanation = Objects.requireNonNull(explanation, "explanation");
    }

    /** Same as the five-argument constructor, without a cause. */
    public MpNetException(ApiKind api, FailReason reason, String rule, String explanation) {
        this(api, reason, rule, explanation, null);
    }

    /** The API that failed. */
    public ApiKind api() {
        return api;
    }

    /** The platform's reason. */
    public FailReason reason() {
        return reason;
    }

    /** {@code errMsg} as the platform spells it: {@code request:fail url not in domain list}. */
    public String errMsg() {
        return api.apiName() + ":fail " + reason.text();
    }

    /** The platform's {@code errno} for this failure, from its errno catalogue ({@link FailReason} holds the values). */
    public OptionalInt errno() {
        return reason.errno();
    }

    /** The id of the rule that decided, such as {@code "P-2"} or {@code "T-2"}. */
    public String rule() {
        return rule;
    }

    /** The explanation for a person: what failed, why, and the fix. */
    public String explanation() {
        return explanation;
    }
}
