package io.kubemedic.core.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The planner's answer for one target: the rule that matched and the ladder of steps to climb, one rung per failed
 * verification, each named. {@code skipped} holds rungs the planner left out for this snapshot, with the reason
 * (e.g. a rolling restart during a rollout), so the audit trail says why a rung was not taken.
 *
 * @param climbWhenBudgetBlocked the rule lets a PodDisruptionBudget refusal climb to the next rung instead of holding
 */
public record Plan(ResourceRef workload, String rule, List<Finding> findings, List<Step> ladder, List<Step> skipped,
                   boolean climbWhenBudgetBlocked) {

    public Plan {
        findings = List.copyOf(findings);
        ladder = List.copyOf(ladder);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    public Plan(ResourceRef workload, String rule, List<Finding> findings, List<Step> ladder) {
        this(workload, rule, findings, ladder, List.of(), false);
    }

    /** The first step whose rung is not in {@code done}: where an incident that finished those rungs stands. */
    public Optional<Step> next(Set<String> done) {
        return ladder.stream().filter(s -> !done.contains(s.rung())).findFirst();
    }

    public Optional<Step> rung(String name) {
        return ladder.stream().filter(s -> s.rung().equals(name)).findFirst();
    }

    /** The finding that triggered the rule (the first one it matched). */
    public Finding primaryFinding() {
        return findings.getFirst();
    }
}
