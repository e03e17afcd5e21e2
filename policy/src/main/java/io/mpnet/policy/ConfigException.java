package io.mpnet.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that breaks the rules, found when the runtime is built (C-2): every problem,
 * each naming the file, the field, the value, the rule and the fix.
 */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /** @param problems at least one problem */
    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString)
                .collect(Collectors.joining("\n  ", "invalid mini-program network configuration ("
                        + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n  ", "")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order of the file. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
