package io.kubemedic.app.engine;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.decision.StatefulSets;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Risk;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import io.kubemedic.core.safety.ActionLedger;
import io.kubemedic.core.verify.Expectation;
import io.kubemedic.core.verify.StableWindow;
import io.kubemedic.core.verify.Verification;
import io.kubemedic.kube.action.ActionResult;
import io.kubemedic.kube.action.RemediationAction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an admitted step: the intent row is written first, then the action, then the row is completed with what the
 * server said. What happens next depends on that answer, never on guesswork:
 * <ul>
 *   <li>APPLIED / NO_OP: verify it;</li>
 *   <li>UNKNOWN (5xx, timeout): re-read and verify before anything else: if it did not land, the same step again, at
 *       most {@value #MAX_UNKNOWN} times, then escalate; never climb blind;</li>
 *   <li>BLOCKED (a budget's 429) and THROTTLED: a hold, retried with backoff; no budget spent;</li>
 *   <li>STALE: decide again from fresh state, at most {@value #MAX_STALE} times in a row, then escalate;</li>
 *   <li>FAILED (forbidden, invalid): escalate; a human has to look.</li>
 * </ul>
 */
final class Execution {

    /** What follows an execution: look again after {@code after}, or ({@code climb}) go on to the next rung now. */
    record Next(Optional<Duration> after, boolean climb) {
        static Next after(Optional<Duration> delay) {
            return new Next(delay, false);
        }
    }

    static final int MAX_STALE = 3;
    static final int MAX_UNKNOWN = 3;
    private static final Duration STALE_RETRY = Duration.ofMillis(200);

    private final KubemedicConfig config;
    private final Map<io.kubemedic.core.model.ActionType, RemediationAction> actions;
    private final ActionLedger ledger;
    private final Admission admission;
    private final Incidents incidents;
    private final Recorder recorder;
    private final Clock clock;

    Execution(KubemedicConfig config, Map<io.kubemedic.core.model.ActionType, RemediationAction> actions, ActionLedger ledger,
              Admission admission, Incidents incidents, Recorder recorder, Clock clock) {
        this.config = config;
        this.actions = actions;
        this.ledger = ledger;
        this.admission = admission;
        this.incidents = incidents;
        this.recorder = recorder;
        this.clock = clock;
    }

    Next execute(Incident incident, Plan plan, Step step, ActionLedger.Entry entry, TargetSnapshot snapshot) {
        RemediationAction action = actions.get(step.action());
        if (action == null) {
            ledger.release(entry);
            return Next.after(settle(incident, step, Reason.LADDER_EXHAUSTED, "no implementation of " + step.action().policyName() + " is registered"));
        }
        Instant started = clock.instant();
        Recorder.Intent intent = recorder.intent(incident, step);
        ActionResult result;
        try {
            result = action.execute(step, snapshot);
        } catch (RuntimeException e) {
            result = ActionResult.unknown(step.action().policyName() + " threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        recorder.completed(incident, intent, result);
        if (!result.mayHaveChanged()) {
            ledger.release(entry);
        } else {
            incident.clearHold();
        }
        return switch (result.status()) {
            case APPLIED, NO_OP -> Next.after(verifyNext(incident, plan, step, snapshot, started, false));
            case UNKNOWN -> {
                if (++incident.unknownAttempts > MAX_UNKNOWN) {
                    yield Next.after(settle(incident, step, Reason.OUTCOME_UNKNOWN, "the API server gave no answer " + MAX_UNKNOWN
                            + " times in a row: " + result.message()));
                }
                yield Next.after(verifyNext(incident, plan, step, snapshot, started, true));
            }
            case STALE -> {
                incident.lastVerdict = null;
                if (++incident.staleAttempts >= MAX_STALE) {
                    yield Next.after(settle(incident, step, Reason.STALE_STATE, "the object kept changing under " + MAX_STALE
                            + " attempts: " + result.message()));
                }
                incidents.save(incident);
                yield Next.after(Optional.of(STALE_RETRY.multipliedBy(1L << incident.staleAttempts)));
            }
            case BLOCKED -> held(incident, plan, step, admission.hold(incident, plan, step, Reason.PDB_BLOCKED, result.message(), null,
                    snapshot.cluster()));
            case THROTTLED -> held(incident, plan, step, admission.hold(incident, plan, step, Reason.API_THROTTLED, result.message(),
                    retryAfter(result), snapshot.cluster()));
            case FAILED -> Next.after(settle(incident, step, Reason.EXECUTION_FAILED, result.message()));
        };
    }

    /**
     * While a template change on a StatefulSet is being verified: if its rollout waits on an unhealthy pod of the old
     * revision (OrderedReady stops there, OnDelete never replaces), evict that pod through the guards so the
     * controller brings it back at the new revision, as the Kubernetes docs tell an operator to. The rung's
     * verification is left as it is; a refused eviction only means the verification will time out.
     */
    void unstick(Incident incident, Step rung, TargetSnapshot snapshot) {
        Optional<Pod> stuck = StatefulSets.stuckPod(snapshot);
        RemediationAction evict = actions.get(ActionType.EVICT_POD);
        if (stuck.isEmpty() || evict == null) {
            return;
        }
        Pod pod = stuck.get();
        Step step = new Step(ActionType.EVICT_POD, ResourceRef.pod(pod.getMetadata().getNamespace(), pod.getMetadata().getName()),
                rung.workload(), Map.of("podUid", String.valueOf(pod.getMetadata().getUid())), Reason.STATEFULSET_ROLLOUT_WAITS,
                "the rollout of " + rung.workload() + " waits for " + pod.getMetadata().getName() + ", which is not Ready and still runs"
                        + " the old revision: evicted so it comes back with the new template", rung.confidence(), Risk.LOW, rung.rung(),
                rung.automatic(), rung.rule());
        Optional<ActionLedger.Entry> entry = admission.aside(incident, step, snapshot);
        if (entry.isEmpty()) {
            return;
        }
        Recorder.Intent intent = recorder.intent(incident, step);
        ActionResult result;
        try {
            result = evict.execute(step, snapshot);
        } catch (RuntimeException e) {
            result = ActionResult.unknown("evict-pod threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        recorder.completed(incident, intent, result);
        if (!result.mayHaveChanged()) {
            ledger.release(entry.get());
        }
    }

    /** A refusal the rule climbs past (onBudgetBlocked: climb) marks the rung done; otherwise the hold's retry. */
    private Next held(Incident incident, Plan plan, Step step, Admission.Outcome hold) {
        if (hold.climb()) {
            incident.rungsDone.add(step.rung());
            incident.lastVerdict = null;
            incidents.save(incident);
            return new Next(Optional.empty(), true);
        }
        return Next.after(hold.retryAfter());
    }

    private Optional<Duration> verifyNext(Incident incident, Plan plan, Step step, TargetSnapshot snapshot, Instant started, boolean unknown) {
        incident.actionsTaken.add(step.action());
        incident.staleAttempts = 0;
        if (!unknown) {
            incident.unknownAttempts = 0;
        }
        incident.outcome = Outcome.OPEN;
        if (incident.awaitingApproval != null && incident.awaitingApproval.rung().equals(step.rung())) {
            incident.awaitingApproval = null;
            incident.approvedBy = null;
        }
        Expectation expectation = Expectation.forStep(step, snapshot, started, config.verifyTimeout());
        incident.verification = new Verification(unknown ? expectation.unknownOutcome() : expectation,
                Reconciler.faultTypes(plan, step), StableWindow.of(config.verifyStableFor(), snapshot, config.verifyTimeout()));
        incidents.save(incident);
        return Optional.of(config.verifyPoll());
    }

    private Optional<Duration> settle(Incident incident, Step step, Reason reason, String detail) {
        recorder.finish(incident, step, AuditStatus.ESCALATED, Outcome.ESCALATED, reason, detail);
        incident.settled = true;
        incidents.save(incident);
        return Optional.empty();
    }

    private static Duration retryAfter(ActionResult result) {
        String seconds = result.details().get("retryAfterSeconds");
        try {
            return seconds == null ? null : Duration.ofSeconds(Math.max(1, Long.parseLong(seconds.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
