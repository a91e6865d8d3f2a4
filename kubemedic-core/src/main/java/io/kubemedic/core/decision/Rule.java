package io.kubemedic.core.decision;

import io.kubemedic.core.model.FindingType;

import java.util.List;

/**
 * Maps one failure mode to a ladder of actions.
 *
 * @param minRestarts            for crash loops: act only once a container restarted more than this; {@code -1} to use
 *                               the configured {@code diagnosis.crashLoopMinRestarts}
 * @param climbWhenBudgetBlocked when a PodDisruptionBudget refuses an eviction, go on to the next rung instead of
 *                               holding and then escalating (policy: {@code onBudgetBlocked: climb}); off by default,
 *                               because the next rung (a rolling restart) is exactly the disruption the budget forbids
 */
public record Rule(String name, FindingType finding, int minRestarts, List<Rung> ladder, boolean climbWhenBudgetBlocked) {

    public Rule {
        ladder = List.copyOf(ladder);
    }

    public Rule(String name, FindingType finding, int minRestarts, List<Rung> ladder) {
        this(name, finding, minRestarts, ladder, false);
    }
}
