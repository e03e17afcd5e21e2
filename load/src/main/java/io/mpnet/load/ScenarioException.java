package io.mpnet.load;

import io.mpnet.policy.ConfigProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario file that cannot run: every problem at once, each naming the file, the field, the
 * value, the rule and the fix, as a configuration's problems do (C-2).
 */
public final class ScenarioException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /** @param problems at least one problem */
    public ScenarioException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString)
                .collect(Collectors.joining("\n  ", "invalid load scenario (" + problems.size()
                        + (problems.size() == 1 ? " problem" : " problems") + "):\n  ", "")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ScenarioException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order of the file. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
