package io.kubemedic.core.decision;

import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns findings into a plan: the first policy rule whose failure mode is present wins, and its ladder is
 * made concrete against the snapshot (which pod, which container, which revision, which new limit).
 * Pure: the same snapshot and findings always give the same plan.
 */
public final class Planner {

    private final Policy policy;
    private final KubemedicConfig config;
    private final StepFactory steps;

    public Planner(Policy policy, KubemedicConfig config) {
        this.policy = policy;
        this.config = config;
        this.steps = new StepFactory(config);
    }

    /** Empty when no rule applies (healthy target, or only informational findings). */
    public Optional<Plan> plan(TargetSnapshot snapshot, List<Finding> findings) {
        List<Finding> actionable = findings.stream().filter(f -> f.severity() != Severity.INFO).toList();
        for (Rule rule : policy.rules()) {
            List<Finding> matching = actionable.stream().filter(f -> f.type() == rule.finding() && qualifies(rule, f))
                    .sorted(Comparator.comparingInt((Finding f) -> f.intEvidence("restartCount", 0)).reversed())
                    .toList();
            if (!matching.isEmpty()) {
                return Optional.of(new Plan(snapshot.target(), rule.name(), order(matching, findings), ladder(rule, snapshot, matching)));
            }
        }
        return Optional.empty();
    }

    private boolean qualifies(Rule rule, Finding f) {
        if (f.type() != FindingType.CRASH_LOOP_BACK_OFF) {
            return true;
        }
        int min = rule.minRestarts() >= 0 ? rule.minRestarts() : config.crashLoopMinRestarts();
        return f.intEvidence("restartCount", 0) > min;
    }

    /** The matched findings first (the primary one leads), then the rest for context. */
    private static List<Finding> order(List<Finding> matching, List<Finding> all) {
        List<Finding> out = new ArrayList<>(matching);
        all.stream().filter(f -> !matching.contains(f)).forEach(out::add);
        return out;
    }

    private List<Step> ladder(Rule rule, TargetSnapshot snapshot, List<Finding> matching) {
        List<Step> out = new ArrayList<>();
        for (Rung rung : rule.ladder()) {
            if (rung.when() == Rung.Condition.NEW_REVISION
                    && !Revisions.faultBeganWithNewRevision(snapshot, StepFactory.faultyPods(snapshot, matching))) {
                continue;
            }
            steps.build(rule, rung, out.size(), snapshot, matching).ifPresent(out::add);
        }
        return out;
    }
}
