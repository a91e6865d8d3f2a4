package io.kubemedic.app.engine;

import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.decision.ImageCheck;
import io.kubemedic.core.decision.Planner;
import io.kubemedic.core.decision.Rollouts;
import io.kubemedic.core.diagnosis.Diagnoser;
import io.kubemedic.core.diagnosis.Diagnosers;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Risk;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import io.kubemedic.core.verify.Verification;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One pass over one target, read top to bottom: observe → diagnose → plan → verify the pending action → take the next
 * rung through the guards ({@link Admission}) → act ({@link Execution}). Level-triggered: every pass starts from the
 * state just read, so a stale signal about a target that is healthy again only closes its incident, and a parked
 * decision (held, denied, escalated by a guard, awaiting approval) is decided again on every pass until its reason goes
 * away. Returns when to look at the target again, if ever.
 */
final class Reconciler {

    /** Rungs that work by changing the pod template, whose StatefulSet rollout may wait on a broken pod. */
    private static final Set<ActionType> TEMPLATE_CHANGES = EnumSet.of(ActionType.ROLLOUT_RESTART, ActionType.RAISE_MEMORY_LIMIT, ActionType.ROLLBACK);

    /** How soon to look again when the caches are not in sync (an API-server outage): nothing is decided meanwhile. */
    static final Duration NOT_IN_SYNC_RETRY = Duration.ofSeconds(1);

    private final KubemedicConfig config;
    private final Function<ResourceRef, TargetSnapshot> observe;
    private final BooleanSupplier inSync;
    private final List<Diagnoser> diagnosers;
    private final Signals signals;
    private final Planner planner;
    private final Admission admission;
    private final Execution execution;
    private final Incidents incidents;
    private final Recorder recorder;
    private final Clock clock;

    Reconciler(KubemedicConfig config, Function<ResourceRef, TargetSnapshot> observe, BooleanSupplier inSync, List<Diagnoser> diagnosers,
               Signals signals, Planner planner, Admission admission, Execution execution, Incidents incidents, Recorder recorder, Clock clock) {
        this.config = config;
        this.observe = observe;
        this.inSync = inSync;
        this.diagnosers = diagnosers;
        this.signals = signals;
        this.planner = planner;
        this.admission = admission;
        this.execution = execution;
        this.incidents = incidents;
        this.recorder = recorder;
        this.clock = clock;
    }

    Optional<Duration> reconcile(ResourceRef target) {
        if (!inSync.getAsBoolean()) {
            return Optional.of(NOT_IN_SYNC_RETRY);
        }
        TargetSnapshot snapshot = observe.apply(target);
        Incident incident = incidents.get(target);
        if (snapshot.gone()) {
            if (incident != null) {
                incidents.close(incident, Outcome.RESOLVED, "target no longer exists");
            }
            return Optional.empty();
        }
        List<Finding> findings = findings(snapshot);
        if (incident != null && incident.verification != null) {
            Optional<Duration> pending = verify(incident, snapshot, findings);
            if (pending.isPresent() || incidents.get(target) == null) {
                return pending;
            }
        }
        Optional<Plan> plan = planner.plan(snapshot, findings);
        if (plan.isEmpty()) {
            if (incident != null) {
                incidents.close(incident, Outcome.RESOLVED, "target is healthy");
            }
            return Optional.empty();
        }
        if (incident == null) {
            incident = incidents.open(target, plan.get(), clock.instant());
        } else if (!plan.get().rule().equals(incident.rule)) {
            incident.switchRule(plan.get().rule());
            incidents.save(incident);
        }
        if (incident.settled) {
            return Optional.empty();
        }
        for (Step skipped : plan.get().skipped()) {
            recorder.skipped(incident, skipped);
        }
        return climb(incident, plan.get(), snapshot);
    }

    /** What the cluster's state shows, plus what alerts and requests still valid for this state add. */
    List<Finding> findings(TargetSnapshot snapshot) {
        List<Finding> seen = Diagnosers.run(diagnosers, snapshot);
        List<Finding> signalled = signals.findings(snapshot);
        if (signalled.isEmpty()) {
            return seen;
        }
        List<Finding> all = new java.util.ArrayList<>(signalled);
        all.addAll(seen);
        return all;
    }

    /** The plan a pass would make for the target now, without acting or recording anything (an alert's first look). */
    Optional<Plan> assess(ResourceRef target) {
        TargetSnapshot snapshot = observe.apply(target);
        return snapshot.gone() ? Optional.empty() : planner.plan(snapshot, findings(snapshot));
    }

    private Optional<Duration> verify(Incident incident, TargetSnapshot snapshot, List<Finding> findings) {
        Verification.Result r = incident.verification.evaluate(snapshot, findings, clock.instant());
        Step step = incident.verification.expectation().step();
        switch (r.status()) {
            case PENDING -> {
                incident.verification = r.next();
                if (TEMPLATE_CHANGES.contains(step.action()) && snapshot.statefulSet() != null) {
                    execution.unstick(incident, step, snapshot);
                }
                return Optional.of(config.verifyPoll());
            }
            case MITIGATED -> {
                incident.verification = r.next();
                recorder.verified(incident, step, AuditStatus.VERIFIED, r.reason(), r.detail());
                incidents.save(incident);
                return Optional.of(config.verifyPoll());
            }
            case MET -> {
                incident.verification = null;
                recorder.verified(incident, step, AuditStatus.VERIFIED, r.reason(), r.detail());
                incidents.close(incident, Outcome.HEALED, r.detail());
                return Optional.empty();
            }
            case PARTIAL -> recorder.verified(incident, step, AuditStatus.VERIFIED, r.reason(), r.detail());
            case FAILED -> {
                incident.rungsDone.add(step.rung());
                recorder.verified(incident, step, AuditStatus.VERIFICATION_FAILED, r.reason(), r.detail());
            }
            case NOT_LANDED -> recorder.verified(incident, step, AuditStatus.VERIFICATION_FAILED, r.reason(), r.detail()
                    + " (attempt " + incident.unknownAttempts + " of " + (Execution.MAX_UNKNOWN + 1) + "; the same step is tried again)");
        }
        incident.verification = null;
        incident.lastVerdict = null;
        incidents.save(incident);
        return Optional.empty();
    }

    private Optional<Duration> climb(Incident incident, Plan plan, TargetSnapshot snapshot) {
        Optional<String> replacing = Rollouts.replacing(snapshot, plan);
        if (replacing.isPresent()) {
            // someone's change (a rollback, a restart, a release) is already replacing the failing pods: wait for it
            Step next = plan.next(incident.rungsDone).orElseGet(() -> exhausted(plan));
            return admission.hold(incident, plan, next, Reason.ROLLOUT_IN_PROGRESS, replacing.get(), null, snapshot.cluster()).retryAfter();
        }
        while (true) {
            Step step = plan.next(incident.rungsDone).orElseGet(() -> exhausted(plan));
            Optional<Duration> settling = settling(incident, step);
            if (settling.isPresent()) {
                return settling;
            }
            switch (step.action()) {
                case ESCALATE -> {
                    settle(incident, step, AuditStatus.ESCALATED, Outcome.ESCALATED, step.reason(), step.detail());
                    return Optional.empty();
                }
                case REPORT -> {
                    settle(incident, step, AuditStatus.REPORTED, Outcome.REPORTED, step.reason(), step.detail());
                    return Optional.empty();
                }
                case CHECK_IMAGE -> {
                    recorder.decided(incident, step, "read-only");
                    recorder.readOnly(incident, step, String.join("; ", ImageCheck.check(step, snapshot)));
                    incident.rungsDone.add(step.rung());
                }
                default -> {
                    Admission.Outcome admitted = admission.admit(incident, plan, stamped(incident, step), snapshot);
                    if (admitted.climb()) {
                        incident.rungsDone.add(step.rung());
                        continue;
                    }
                    if (admitted.execute()) {
                        Execution.Next next = execution.execute(incident, plan, admitted.step(), admitted.entry(), snapshot);
                        if (next.climb()) {
                            continue;
                        }
                        return next.after();
                    }
                    return admitted.retryAfter();
                }
            }
        }
    }

    /**
     * A human is not called, nor a report written, before the incident is {@code storm.settle} old: a fix already under
     * way (someone's rollout) or the rest of a storm shows within that time. Mutating steps wait in {@link Admission},
     * after the guards, so what forbids acting is still recorded at once.
     */
    private Optional<Duration> settling(Incident incident, Step step) {
        if (step.action() != ActionType.ESCALATE && step.action() != ActionType.REPORT) {
            return Optional.empty();
        }
        java.time.Instant settled = incident.openedAt.plus(config.stormSettle());
        java.time.Instant now = clock.instant();
        return now.isBefore(settled) ? Optional.of(Duration.between(now, settled)) : Optional.empty();
    }

    /** The first decision of a rolling restart fixes its restartedAt stamp: retries of the rung then send the same value. */
    private Step stamped(Incident incident, Step step) {
        if (step.action() != ActionType.ROLLOUT_RESTART) {
            return step;
        }
        String stamp = incident.stamps.computeIfAbsent(step.rung(), r -> clock.instant().toString());
        return step.withParam("restartedAt", stamp);
    }

    private void settle(Incident incident, Step step, AuditStatus status, Outcome outcome, Reason reason, String detail) {
        recorder.decided(incident, step, status.name());
        recorder.finish(incident, step, status, outcome, reason, detail);
        incident.settled = true;
        incidents.save(incident);
    }

    static Set<FindingType> faultTypes(Plan plan, Step step) {
        Set<FindingType> types = EnumSet.of(plan.primaryFinding().type());
        if (step.action() == ActionType.RAISE_MEMORY_LIMIT) {
            types.addAll(EnumSet.of(FindingType.OOM_KILLED, FindingType.MEMORY_PRESSURE));
        }
        if (plan.primaryFinding().type() == FindingType.CRASH_LOOP_BACK_OFF) {
            types.add(FindingType.OOM_KILLED);
        }
        return types;
    }

    private static Step exhausted(Plan plan) {
        return new Step(ActionType.ESCALATE, plan.workload(), plan.workload(), Map.of(), Reason.LADDER_EXHAUSTED,
                "every rung of rule " + plan.rule() + " was tried", 1.0, Risk.NONE, "(exhausted)", false, plan.rule());
    }
}
