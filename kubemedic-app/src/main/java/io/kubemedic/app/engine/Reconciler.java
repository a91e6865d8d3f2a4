package io.kubemedic.app.engine;

import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.decision.ImageCheck;
import io.kubemedic.core.decision.Planner;
import io.kubemedic.core.diagnosis.Diagnoser;
import io.kubemedic.core.diagnosis.Diagnosers;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Risk;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import io.kubemedic.core.safety.ActionLedger;
import io.kubemedic.core.safety.GuardChain;
import io.kubemedic.core.safety.GuardContext;
import io.kubemedic.core.safety.StormTracker;
import io.kubemedic.core.verify.Expectation;
import io.kubemedic.core.verify.Verification;
import io.kubemedic.kube.action.ActionResult;
import io.kubemedic.kube.action.RemediationAction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * One pass over one target, read top to bottom: observe → diagnose → plan → (verify the last action) → guard →
 * act. Level-triggered: it always starts from the state just read, so a stale signal about a target that is
 * healthy again only closes its incident. Returns when to look at the target again, if ever.
 */
final class Reconciler {

    private static final Duration HOLD_RETRY = Duration.ofSeconds(15);
    private static final Duration STALE_RETRY = Duration.ofMillis(200);

    private final KubemedicConfig config;
    private final Function<ResourceRef, TargetSnapshot> observe;
    private final IntSupplier watchedWorkloads;
    private final List<Diagnoser> diagnosers;
    private final Planner planner;
    private final GuardChain guards;
    private final ActionLedger ledger;
    private final StormTracker storm;
    private final Map<ActionType, RemediationAction> actions;
    private final Incidents incidents;
    private final Recorder recorder;
    private final Clock clock;
    /**
     * Guard evaluation and the ledger entry that spends the budget form one step across all workers: otherwise two
     * workers on two targets of one namespace could both see the last unit of budget free and both act.
     */
    private final Object admission = new Object();

    Reconciler(KubemedicConfig config, Function<ResourceRef, TargetSnapshot> observe, IntSupplier watchedWorkloads,
               List<Diagnoser> diagnosers, Planner planner, GuardChain guards, ActionLedger ledger, StormTracker storm,
               Map<ActionType, RemediationAction> actions, Incidents incidents, Recorder recorder, Clock clock) {
        this.config = config;
        this.observe = observe;
        this.watchedWorkloads = watchedWorkloads;
        this.diagnosers = diagnosers;
        this.planner = planner;
        this.guards = guards;
        this.ledger = ledger;
        this.storm = storm;
        this.actions = actions;
        this.incidents = incidents;
        this.recorder = recorder;
        this.clock = clock;
    }

    Optional<Duration> reconcile(ResourceRef target) {
        TargetSnapshot snapshot = observe.apply(target);
        Incident incident = incidents.get(target);
        if (snapshot.gone()) {
            if (incident != null) {
                incidents.close(incident, Outcome.RESOLVED, "target no longer exists");
            }
            return Optional.empty();
        }
        List<Finding> findings = Diagnosers.run(diagnosers, snapshot);
        Optional<Plan> plan = planner.plan(snapshot, findings);
        if (incident != null && incident.verification != null) {
            Optional<Duration> pending = verify(incident, snapshot, findings);
            if (pending.isPresent() || incident.verification != null || incidents.get(target) == null) {
                return pending;
            }
        }
        if (plan.isEmpty()) {
            if (incident != null) {
                incidents.close(incident, Outcome.RESOLVED, "target is healthy");
            }
            return Optional.empty();
        }
        if (incident == null) {
            incident = incidents.open(target, plan.get(), clock.instant());
        } else if (incident.outcome.terminal()) {
            return Optional.empty();
        }
        if (!plan.get().rule().equals(incident.rule)) {
            incident.rule = plan.get().rule();
            incident.rung = 0;
        }
        return climb(incident, plan.get(), snapshot);
    }

    private Optional<Duration> verify(Incident incident, TargetSnapshot snapshot, List<Finding> findings) {
        Verification.Result r = incident.verification.evaluate(snapshot, findings, clock.instant());
        Step step = incident.verification.expectation().step();
        switch (r.status()) {
            case PENDING -> {
                return Optional.of(config.verifyPoll());
            }
            case MET -> {
                incident.verification = null;
                recorder.verified(incident, step, true, r.reason(), r.detail());
                incidents.close(incident, Outcome.HEALED, r.detail());
            }
            case PARTIAL -> {
                incident.verification = null;
                recorder.verified(incident, step, true, Reason.VERIFIED, r.detail());
            }
            case FAILED -> {
                incident.verification = null;
                incident.rung++;
                recorder.verified(incident, step, false, r.reason(), r.detail());
            }
        }
        return Optional.empty();
    }

    private Optional<Duration> climb(Incident incident, Plan plan, TargetSnapshot snapshot) {
        while (true) {
            Step step = plan.rung(incident.rung).orElseGet(() -> exhausted(plan));
            recorder.decided(incident, step);
            switch (step.action()) {
                case ESCALATE -> {
                    recorder.finish(incident, step, AuditStatus.ESCALATED, Outcome.ESCALATED, step.reason(), step.detail());
                    return Optional.empty();
                }
                case REPORT -> {
                    recorder.finish(incident, step, AuditStatus.REPORTED, Outcome.REPORTED, step.reason(), step.detail());
                    return Optional.empty();
                }
                case CHECK_IMAGE -> {
                    recorder.readOnly(incident, step, String.join("; ", ImageCheck.check(step, snapshot)));
                    incident.rung++;
                }
                default -> {
                    return act(incident, plan, step, snapshot);
                }
            }
        }
    }

    private Optional<Duration> act(Incident incident, Plan plan, Step step, TargetSnapshot snapshot) {
        GuardVerdict verdict;
        synchronized (admission) {
            Instant now = clock.instant();
            GuardContext context = new GuardContext(now, config, snapshot, ledger,
                    storm.observe(now, watchedWorkloads.getAsInt(), incidents.unhealthy()), incident.id, false);
            verdict = guards.evaluate(step, context);
            if (verdict.decision() == GuardVerdict.Decision.ALLOW || verdict.decision() == GuardVerdict.Decision.DRY_RUN) {
                ledger.record(entry(incident, step, now));
            }
        }
        recorder.guarded(incident, step, verdict);
        switch (verdict.decision()) {
            case ALLOW -> {
                return execute(incident, plan, step, snapshot);
            }
            case DRY_RUN -> {
                recorder.finish(incident, step, AuditStatus.DRY_RUN, Outcome.DRY_RUN, Reason.DRY_RUN, "would " + step + ": " + step.detail());
                return Optional.empty();
            }
            case HOLD -> {
                recorder.held(incident, step, verdict);
                return Optional.of(HOLD_RETRY);
            }
            case DENY -> recorder.finish(incident, step, AuditStatus.DENIED, Outcome.SUPPRESSED, verdict.reason(), verdict.detail());
            case ESCALATE -> recorder.finish(incident, step, AuditStatus.ESCALATED, Outcome.ESCALATED, verdict.reason(), verdict.detail());
            case NEEDS_APPROVAL -> recorder.finish(incident, step, AuditStatus.PENDING_APPROVAL, Outcome.PENDING_APPROVAL, verdict.reason(), verdict.detail());
        }
        return Optional.empty();
    }

    private Optional<Duration> execute(Incident incident, Plan plan, Step step, TargetSnapshot snapshot) {
        RemediationAction action = actions.get(step.action());
        if (action == null) {
            recorder.finish(incident, step, AuditStatus.ESCALATED, Outcome.ESCALATED, Reason.LADDER_EXHAUSTED,
                    "no implementation of " + step.action().policyName() + " is registered");
            return Optional.empty();
        }
        Instant now = clock.instant();
        Recorder.Intent intent = recorder.intent(incident, step);
        ActionResult result;
        try {
            result = action.execute(step, snapshot);
        } catch (RuntimeException e) {
            result = new ActionResult(ActionResult.Status.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage(), Map.of());
        }
        recorder.completed(incident, intent, result);
        return switch (result.status()) {
            case APPLIED, NO_OP -> {
                incident.actionsTaken.add(step.action());
                incident.lastHold = null;
                incident.verification = new Verification(Expectation.forStep(step, snapshot, now, config.verifyTimeout()),
                        faultTypes(plan, step), config.verifyStableFor());
                yield Optional.of(config.verifyPoll());
            }
            case STALE -> Optional.of(STALE_RETRY);
            case FAILED -> {
                incident.rung++;
                yield Optional.of(STALE_RETRY);
            }
        };
    }

    private static Set<FindingType> faultTypes(Plan plan, Step step) {
        Set<FindingType> types = EnumSet.of(plan.primaryFinding().type());
        if (step.action() == ActionType.RAISE_MEMORY_LIMIT) {
            types.addAll(EnumSet.of(FindingType.OOM_KILLED, FindingType.MEMORY_PRESSURE));
        }
        if (plan.primaryFinding().type() == FindingType.CRASH_LOOP_BACK_OFF) {
            types.add(FindingType.OOM_KILLED);
        }
        return types;
    }

    private static ActionLedger.Entry entry(Incident incident, Step step, Instant at) {
        return new ActionLedger.Entry(at, incident.id, step.workload(), step.namespace(), step.action());
    }

    private static Step exhausted(Plan plan) {
        return new Step(ActionType.ESCALATE, plan.workload(), plan.workload(), Map.of(), Reason.LADDER_EXHAUSTED,
                "every rung of rule " + plan.rule() + " was tried", 1.0, Risk.NONE, plan.ladder().size(), false, plan.rule());
    }
}
