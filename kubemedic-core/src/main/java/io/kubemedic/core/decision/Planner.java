package io.kubemedic.core.decision;

import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns findings into a plan: the first policy rule whose failure mode is present wins, and its ladder is made
 * concrete against the snapshot (which pod, which container, which revision, which new limit). Rungs whose condition
 * does not hold are left out; a rolling restart while a rollout is in progress, and any template change (restart,
 * memory raise, rollback) on a Deployment whose rollouts are paused, are left out too, and listed as skipped with the
 * reason. Pure: the same snapshot and findings always give the same plan.
 */
public final class Planner {

    /** Actions that work by changing the pod template, so they do nothing on a Deployment whose rollouts are paused. */
    private static final java.util.Set<ActionType> TEMPLATE_CHANGES =
            java.util.EnumSet.of(ActionType.ROLLOUT_RESTART, ActionType.RAISE_MEMORY_LIMIT, ActionType.ROLLBACK);

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
                return Optional.of(plan(rule, snapshot, matching, findings));
            }
        }
        return Optional.empty();
    }

    private static Step skip(Step step, Reason reason, String why, Rung rung, Rule rule) {
        return new Step(step.action(), step.target(), step.workload(), step.params(), reason, why, step.confidence(), step.risk(),
                rung.name(), rung.automatic(), rule.name());
    }

    private Plan plan(Rule rule, TargetSnapshot snapshot, List<Finding> matching, List<Finding> all) {
        List<Finding> ordered = new ArrayList<>(matching);
        all.stream().filter(f -> !matching.contains(f)).forEach(ordered::add);
        if (!Workloads.managed(snapshot.target())) {
            Rung only = new Rung("report", ActionType.REPORT, false, null, null);
            Step report = steps.report(rule, only, snapshot, Reason.UNMANAGED_CONTROLLER_REPORT, matching.getFirst().message()
                    + "; the pods belong to " + snapshot.target() + ", which Kubemedic does not restart: "
                    + (snapshot.target().isKind("Job") || snapshot.target().isKind("CronJob")
                    ? "a Job counts restarts against its backoffLimit" : "its controller is not one Kubemedic knows"));
            return new Plan(snapshot.target(), rule.name(), ordered, List.of(report), List.of(), rule.climbWhenBudgetBlocked());
        }
        List<Step> ladder = new ArrayList<>();
        List<Step> skipped = new ArrayList<>();
        for (Rung rung : rule.ladder()) {
            if (rung.when() == Rung.Condition.NEW_REVISION
                    && !Revisions.faultBeganWithNewRevision(snapshot, StepFactory.faultyPods(snapshot, matching))) {
                continue;
            }
            Optional<Step> step = steps.build(rule, rung, snapshot, matching);
            Optional<String> paused = Rollouts.paused(snapshot);
            if (step.isPresent() && TEMPLATE_CHANGES.contains(step.get().action()) && paused.isPresent()) {
                skipped.add(skip(step.get(), Reason.ROLLOUT_PAUSED, paused.get(), rung, rule));
                continue;
            }
            Optional<String> rollout = Rollouts.inProgress(snapshot);
            if (step.isPresent() && step.get().action() == ActionType.ROLLOUT_RESTART && rollout.isPresent()) {
                skipped.add(skip(step.get(), Reason.ROLLOUT_IN_PROGRESS, rollout.get(), rung, rule));
                continue;
            }
            step.map(st -> approvalAsked(st, matching.getFirst())).ifPresent(ladder::add);
        }
        return new Plan(snapshot.target(), rule.name(), ordered, ladder, skipped, rule.climbWhenBudgetBlocked());
    }

    /** A request that asked for approval (an agent without {@code force}) makes even an automatic rung wait for one. */
    private static Step approvalAsked(Step step, Finding primary) {
        if (!step.automatic() || !"true".equals(primary.evidence("needsApproval"))) {
            return step;
        }
        return new Step(step.action(), step.target(), step.workload(), step.params(), step.reason(), step.detail(), step.confidence(),
                step.risk(), step.rung(), false, step.rule());
    }

    private boolean qualifies(Rule rule, Finding f) {
        if (f.type() != FindingType.CRASH_LOOP_BACK_OFF) {
            return true;
        }
        int min = rule.minRestarts() >= 0 ? rule.minRestarts() : config.crashLoopMinRestarts();
        return f.intEvidence("restartCount", 0) > min;
    }
}
