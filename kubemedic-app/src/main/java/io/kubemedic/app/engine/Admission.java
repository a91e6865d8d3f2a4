package io.kubemedic.app.engine;

import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import io.kubemedic.core.safety.ActionLedger;
import io.kubemedic.core.safety.GuardChain;
import io.kubemedic.core.safety.GuardContext;
import io.kubemedic.core.safety.StormTracker;
import io.kubemedic.kube.observe.WorkloadCounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Puts a mutating step before the guards and parks what they do not allow. Guard evaluation and the ledger entry that
 * spends the budget form one step across all workers (otherwise two workers on two targets of one namespace could both
 * see the last unit of budget free); the entry is taken back if the action then turns out not to run.
 * <ul>
 *   <li>A step the guards would let run waits, unrecorded, until its incident is {@code storm.settle} old, so that
 *       failures that begin together are seen together; what the guards forbid is recorded at once.</li>
 *   <li>HOLD: written once per hold (a new reason is a new hold), retried with backoff (1 s doubling to 30 s); held longer than {@code escalation.heldFor} while the
 *       target stays broken, it is escalated once so a human hears of it, and still acted on once the hold clears.
 *       A PodDisruptionBudget hold climbs to the next rung only if the rule says {@code onBudgetBlocked: climb}.</li>
 *   <li>DENY, ESCALATE, NEEDS_APPROVAL: parked; the next pass decides again (annotation removed, storm over, kill
 *       switch off, approval given), and a verdict is written to the trail only when it changes.</li>
 * </ul>
 */
final class Admission {

    /** What to do with the step. */
    record Outcome(boolean execute, boolean climb, Step step, ActionLedger.Entry entry, Optional<Duration> retryAfter) {
        static Outcome run(Step step, ActionLedger.Entry entry) {
            return new Outcome(true, false, step, entry, Optional.empty());
        }

        static Outcome climbOn() {
            return new Outcome(false, true, null, null, Optional.empty());
        }

        static Outcome park(Optional<Duration> retryAfter) {
            return new Outcome(false, false, null, null, retryAfter);
        }
    }

    static final Duration HOLD_BASE = Duration.ofSeconds(1);
    static final Duration HOLD_MAX = Duration.ofSeconds(30);

    private final KubemedicConfig config;
    private final GuardChain guards;
    private final ActionLedger ledger;
    private final StormTracker storm;
    private final Supplier<WorkloadCounts> workloads;
    private final Incidents incidents;
    private final Recorder recorder;
    private final Clock clock;
    private final Object lock = new Object();

    Admission(KubemedicConfig config, GuardChain guards, ActionLedger ledger, StormTracker storm, Supplier<WorkloadCounts> workloads,
              Incidents incidents, Recorder recorder, Clock clock) {
        this.config = config;
        this.guards = guards;
        this.ledger = ledger;
        this.storm = storm;
        this.workloads = workloads;
        this.incidents = incidents;
        this.recorder = recorder;
        this.clock = clock;
    }

    Outcome admit(Incident incident, Plan plan, Step step, TargetSnapshot snapshot) {
        String rejectedBy = incident.rejectedBy;
        if (rejectedBy != null && incident.awaitingApproval != null && incident.awaitingApproval.rung().equals(step.rung())) {
            recorder.parked(incident, step, AuditStatus.DENIED, null, Reason.APPROVAL_REJECTED, "rejected by " + rejectedBy);
            incident.awaitingApproval = null;
            incident.rejectedBy = null;
            incident.lastVerdict = null;
            incidents.save(incident);
            return Outcome.climbOn();
        }
        boolean approved = incident.approvedBy != null && incident.awaitingApproval != null
                && incident.awaitingApproval.rung().equals(step.rung());
        // an explicit request (the workflow bridge) was made by someone who has seen the whole picture: it does not wait
        Instant settled = plan.primaryFinding().type().requested() ? incident.openedAt : incident.openedAt.plus(config.stormSettle());
        // failures that begin together arrive one watch event at a time: a storm, a budget's status or this replica's
        // siblings show whole only once the rest has arrived. What forbids acting is recorded at once.
        Judgement judged = judge(incident, step, snapshot, approved, EnumSet.of(GuardVerdict.Decision.ALLOW, GuardVerdict.Decision.DRY_RUN),
                now -> !now.isBefore(settled));
        GuardVerdict verdict = judged.verdict();
        ActionLedger.Entry entry = judged.entry();
        if (judged.wouldRun() && entry == null) {
            return Outcome.park(Optional.of(Duration.between(judged.now(), settled)));
        }
        return switch (verdict.decision()) {
            case ALLOW -> {
                recorder.decided(incident, step, "ALLOW");
                yield Outcome.run(step, entry);
            }
            case DRY_RUN -> {
                recorder.decided(incident, step, "DRY_RUN");
                recorder.finish(incident, step, AuditStatus.DRY_RUN, io.kubemedic.core.model.Outcome.DRY_RUN, Reason.DRY_RUN,
                        "would " + step + ": " + step.detail());
                incident.settled = true;
                incidents.save(incident);
                yield Outcome.park(Optional.empty());
            }
            case HOLD -> hold(incident, plan, step, verdict.reason(), verdict.detail(), null, snapshot.cluster());
            case DENY -> park(incident, step, verdict, AuditStatus.DENIED, io.kubemedic.core.model.Outcome.SUPPRESSED);
            case ESCALATE -> park(incident, step, verdict, AuditStatus.ESCALATED, io.kubemedic.core.model.Outcome.ESCALATED);
            case NEEDS_APPROVAL -> {
                incident.awaitingApproval = step;
                yield park(incident, step, verdict, AuditStatus.PENDING_APPROVAL, io.kubemedic.core.model.Outcome.PENDING_APPROVAL);
            }
        };
    }

    /**
     * The guards' verdict on a step taken on the side of a rung (a StatefulSet pod its rollout waits on), spending the
     * budget when they allow it; the verdict is written to the trail only when it changes, and nothing is parked: the
     * rung's verification goes on either way.
     *
     * @return the ledger entry when the step may run, else empty
     */
    Optional<ActionLedger.Entry> aside(Incident incident, Step step, TargetSnapshot snapshot) {
        Judgement judged = judge(incident, step, snapshot, false, EnumSet.of(GuardVerdict.Decision.ALLOW), now -> true);
        GuardVerdict verdict = judged.verdict();
        ActionLedger.Entry entry = judged.entry();
        String key = verdict.decision() + ":" + verdict.reason();
        if (recorder.decided(incident, step, key) && entry == null) {
            recorder.parked(incident, step, AuditStatus.HELD, null, verdict.reason(), verdict.detail());
        }
        return Optional.ofNullable(entry);
    }

    /** The guards' verdict, and the ledger entry if it is one of {@code runs} and {@code now} allows running. */
    private record Judgement(GuardVerdict verdict, Instant now, boolean wouldRun, ActionLedger.Entry entry) {
    }

    /**
     * Guard evaluation and the ledger entry that spends the budget, as one step across all workers (otherwise two
     * workers on two targets of one namespace could both see the last unit of budget free).
     */
    private Judgement judge(Incident incident, Step step, TargetSnapshot snapshot, boolean approved, Set<GuardVerdict.Decision> runs,
                            Predicate<Instant> mayRunAt) {
        synchronized (lock) {
            Instant now = clock.instant();
            WorkloadCounts counts = workloads.get();
            GuardContext context = new GuardContext(now, config, snapshot, ledger, storm.observe(now, counts.watched(), counts.unhealthy()),
                    incident.id, approved);
            GuardVerdict verdict = guards.evaluate(step, context);
            boolean wouldRun = runs.contains(verdict.decision());
            ActionLedger.Entry entry = null;
            if (wouldRun && mayRunAt.test(now)) {
                entry = new ActionLedger.Entry(now, incident.id, step.workload(), step.namespace(), step.action());
                ledger.record(entry);
            }
            return new Judgement(verdict, now, wouldRun, entry);
        }
    }

    private Outcome park(Incident incident, Step step, GuardVerdict verdict, AuditStatus status, io.kubemedic.core.model.Outcome outcome) {
        incident.clearHold();
        if (recorder.decided(incident, step, status + ":" + verdict.reason())) {
            recorder.parked(incident, step, status, outcome, verdict.reason(), verdict.detail());
            incidents.save(incident);
        }
        return Outcome.park(Optional.empty());
    }

    /**
     * Holds the step and says when to look again. Used for guard holds and for the server's own refusals (a budget's
     * 429, throttling). {@code retryAfter}, when the server gave one, sets the next look.
     */
    Outcome hold(Incident incident, Plan plan, Step step, Reason reason, String detail, Duration retryAfter, TargetSnapshot.ClusterFacts cluster) {
        if (reason == Reason.PDB_BLOCKED && plan.climbWhenBudgetBlocked()) {
            recorder.parked(incident, step, AuditStatus.HELD, null, reason, detail + "; rule " + plan.rule() + " climbs on (onBudgetBlocked: climb)");
            return Outcome.climbOn();
        }
        Instant now = clock.instant();
        boolean changed = incident.heldSince == null || incident.heldReason != reason;
        if (incident.heldSince == null) {
            incident.heldSince = now;
        }
        incident.heldReason = reason;
        incident.holdAttempts++;
        if (changed) {
            recorder.decided(incident, step, "HOLD:" + reason);
            recorder.parked(incident, step, AuditStatus.HELD, null, reason, detail);
        }
        Duration held = Duration.between(incident.heldSince, now);
        Duration heldFor = config.escalationHeldFor();
        if (!incident.heldEscalated && held.compareTo(heldFor) >= 0) {
            incident.heldEscalated = true;
            recorder.parked(incident, step, AuditStatus.ESCALATED, io.kubemedic.core.model.Outcome.ESCALATED, Reason.HELD_TOO_LONG,
                    step.action().policyName() + " on " + step.target() + " held for " + held.toSeconds() + " s (escalation.heldFor "
                            + heldFor.toSeconds() + " s) by " + reason + ": " + detail + hint(reason, plan, cluster));
            changed = true;
        }
        if (changed) {
            incidents.save(incident);
        }
        long millis = HOLD_BASE.toMillis() << Math.min(incident.holdAttempts - 1, 10);
        Duration delay = retryAfter != null ? retryAfter : Duration.ofMillis(Math.min(millis, HOLD_MAX.toMillis()));
        if (!incident.heldEscalated) {
            Duration untilEscalation = heldFor.minus(held);
            if (untilEscalation.compareTo(delay) < 0) {
                delay = untilEscalation.isNegative() || untilEscalation.isZero() ? Duration.ofMillis(1) : untilEscalation;
            }
        }
        return Outcome.park(Optional.of(delay));
    }

    private static String hint(Reason reason, Plan plan, TargetSnapshot.ClusterFacts cluster) {
        if (reason != Reason.PDB_BLOCKED) {
            return "";
        }
        String policy = cluster.atLeast(1, 26)
                ? "set `spec.unhealthyPodEvictionPolicy: AlwaysAllow` on the budget so pods that are not Ready can be evicted"
                : cluster.serverMajor() > 0
                ? "this API server (" + cluster.version() + ") does not support `unhealthyPodEvictionPolicy` (Kubernetes 1.26+)"
                : "on Kubernetes 1.26+, `spec.unhealthyPodEvictionPolicy: AlwaysAllow` on the budget lets pods that are not Ready be evicted";
        return " — the budget counts only Ready pods, so with the replicas failing no eviction goes through: fix the pods by hand,"
                + " add replicas or relax the budget; " + policy + ". Kubemedic does not fall back to a rolling restart, which the"
                + " budget cannot stop (rule " + plan.rule() + " may opt in with onBudgetBlocked: climb)";
    }
}
