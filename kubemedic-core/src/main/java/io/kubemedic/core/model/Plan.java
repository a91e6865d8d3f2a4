package io.kubemedic.core.model;

import java.util.List;
import java.util.Optional;

/**
 * The planner's answer for one target: the rule that matched and the ladder of steps to climb,
 * one rung per failed verification.
 */
public record Plan(ResourceRef workload, String rule, List<Finding> findings, List<Step> ladder) {

    public Plan {
        findings = List.copyOf(findings);
        ladder = List.copyOf(ladder);
    }

    public Optional<Step> rung(int index) {
        return index >= 0 && index < ladder.size() ? Optional.of(ladder.get(index)) : Optional.empty();
    }

    /** The finding that triggered the rule (the first one it matched). */
    public Finding primaryFinding() {
        return findings.getFirst();
    }
}
