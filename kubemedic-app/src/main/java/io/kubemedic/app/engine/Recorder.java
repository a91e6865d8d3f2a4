package io.kubemedic.app.engine;

import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;
import io.kubemedic.kube.action.ActionResult;
import io.kubemedic.kube.action.EventRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * Writes every transition of an incident to its four outlets at once: the audit store (intent before act), a
 * Kubernetes Event on the target, the log, and the timeline listeners. One reason code throughout. A verdict that has
 * not changed since it was last written (the same hold, denial or escalation on the same rung) is not written again:
 * the engine re-decides a parked incident on every pass, and the trail must say what changed, not that nothing did.
 */
final class Recorder {

    private static final Logger LOG = LoggerFactory.getLogger("io.kubemedic.timeline");

    /** An intent row written before an action runs. */
    record Intent(AuditRecord record, Step step) {
    }

    private final AuditStore audit;
    private final EventRecorder events;
    private final EngineListener listener;
    private final KubemedicConfig config;
    private final Clock clock;

    Recorder(AuditStore audit, EventRecorder events, EngineListener listener, KubemedicConfig config, Clock clock) {
        this.audit = audit;
        this.events = events;
        this.listener = listener;
        this.config = config;
        this.clock = clock;
    }

    void opened(Incident i, Plan plan) {
        emit(i, TimelineEvent.Phase.DETECTED, plan.primaryFinding().type().description(), null, null, null);
        String findings = plan.findings().stream().map(f -> f.type() + " on " + f.subject() + (f.container() == null ? "" : "[" + f.container() + "]"))
                .collect(Collectors.joining(", "));
        emit(i, TimelineEvent.Phase.DIAGNOSED, plan.primaryFinding().message() + " (" + findings + ")", null, null, null);
    }

    /**
     * A decision on a rung with its verdict; returns false (and writes nothing) when the same verdict on the same rung
     * was the last one written.
     */
    boolean decided(Incident i, Step step, String verdictKey) {
        String key = step.rung() + "|" + verdictKey;
        if (key.equals(i.lastVerdict)) {
            return false;
        }
        i.lastVerdict = key;
        i.lastReason = step.reason();
        emit(i, TimelineEvent.Phase.DECIDED, step + ": " + step.reason().text() + " [rule " + step.rule() + ", rung " + step.rung()
                + ", confidence " + step.confidence() + ", risk " + step.risk() + "]", step, step.reason(), null);
        return true;
    }

    /** A rung the planner left out for this target (e.g. a restart during a rollout), written once per incident and rung. */
    void skipped(Incident i, Step step) {
        if (i.skipsRecorded.add(step.rung())) {
            row(i, step, AuditStatus.SKIPPED, step.reason(), step.detail(), null);
            emit(i, TimelineEvent.Phase.DECIDED, "skipped " + step.rung() + ": " + step.reason().text() + " (" + step.detail() + ")",
                    step, step.reason(), null);
        }
    }

    /** A guard's or the server's refusal that parks the step (held, denied, escalated, awaiting approval). */
    void parked(Incident i, Step step, AuditStatus status, Outcome outcome, Reason reason, String detail) {
        row(i, step, status, reason, detail, null);
        i.lastReason = reason;
        if (outcome != null) {
            i.outcome = outcome;
        }
        event(i, step, status == AuditStatus.HELD ? "Normal" : "Warning", reason, detail);
        emit(i, outcome == Outcome.ESCALATED ? TimelineEvent.Phase.ESCALATED : TimelineEvent.Phase.GUARDED,
                status + " " + reason + ": " + reason.text() + (detail.isEmpty() ? "" : " (" + detail + ")"), step, reason, outcome);
    }

    /** A decision that ends the incident's climb (escalated, reported, dry-run). */
    void finish(Incident i, Step step, AuditStatus status, Outcome outcome, Reason reason, String detail) {
        row(i, step, status, reason, detail, null);
        i.outcome = outcome;
        i.lastReason = reason;
        event(i, step, outcome == Outcome.REPORTED || outcome == Outcome.DRY_RUN ? "Normal" : "Warning", reason, detail);
        emit(i, outcome == Outcome.ESCALATED ? TimelineEvent.Phase.ESCALATED : TimelineEvent.Phase.ACTED,
                outcome + ": " + reason.text() + (detail.isEmpty() ? "" : " (" + detail + ")"), step, reason, outcome);
    }

    void readOnly(Incident i, Step step, String result) {
        row(i, step, AuditStatus.SUCCEEDED, step.reason(), result, null);
        i.actionsTaken.add(step.action());
        emit(i, TimelineEvent.Phase.ACTED, step.action().policyName() + ": " + result, step, step.reason(), null);
    }

    Intent intent(Incident i, Step step) {
        AuditRecord r = audit.append(record(i, step, AuditStatus.INTENT, step.reason(), step.detail(), null));
        return new Intent(r, step);
    }

    void completed(Incident i, Intent intent, ActionResult result) {
        AuditStatus status = switch (result.status()) {
            case APPLIED, NO_OP -> AuditStatus.SUCCEEDED;
            case UNKNOWN -> AuditStatus.UNKNOWN;
            case BLOCKED, THROTTLED -> AuditStatus.HELD;
            case STALE, FAILED -> AuditStatus.FAILED;
        };
        Reason reason = switch (result.status()) {
            case APPLIED, NO_OP -> Reason.EXECUTED;
            case UNKNOWN -> Reason.OUTCOME_UNKNOWN;
            case BLOCKED -> Reason.PDB_BLOCKED;
            case THROTTLED -> Reason.API_THROTTLED;
            case STALE -> Reason.STALE_STATE;
            case FAILED -> Reason.EXECUTION_FAILED;
        };
        boolean ok = status == AuditStatus.SUCCEEDED;
        audit.complete(intent.record().completed(clock.instant(), status, ok ? null : result.message(), result.status() + ": " + result.message()));
        i.lastReason = reason;
        event(i, intent.step(), ok ? "Normal" : "Warning", ok ? intent.step().reason() : reason, intent.step() + ": " + result.status() + " " + result.message());
        emit(i, TimelineEvent.Phase.ACTED, intent.step() + " → " + result.status() + (result.message().isEmpty() ? "" : " (" + result.message() + ")"),
                intent.step(), reason, null);
    }

    void verified(Incident i, Step step, AuditStatus status, Reason reason, String detail) {
        row(i, step, status, reason, detail, null);
        i.lastReason = reason;
        boolean ok = status == AuditStatus.VERIFIED;
        event(i, step, ok ? "Normal" : "Warning", reason, detail);
        emit(i, TimelineEvent.Phase.VERIFIED, (ok ? "verified: " : "verification failed: ") + detail, step, reason, null);
    }

    void closed(Incident i, Instant at, String why) {
        emit(i, TimelineEvent.Phase.CLOSED, i.outcome + ": " + why, null, i.lastReason, i.outcome);
    }

    private void row(Incident i, Step step, AuditStatus status, Reason reason, String detail, String error) {
        audit.append(record(i, step, status, reason, detail, error).completed(clock.instant(), status, error, detail));
    }

    private AuditRecord record(Incident i, Step step, AuditStatus status, Reason reason, String detail, String error) {
        String requested = step.params().get("requestedBy");
        String initiator = i.approvedBy != null && step.equals(i.awaitingApproval) ? "approved-by:" + i.approvedBy
                : requested != null && !requested.isEmpty() ? requested : "policy:" + step.rule();
        return new AuditRecord(0, i.id, clock.instant(), null, step.action(), step.target(), step.workload(), reason,
                reason == null ? "" : reason.text() + (detail == null || detail.isEmpty() ? "" : ": " + detail),
                initiator, config.mode().text(), status, error, 0, step.params().toString());
    }

    private void event(Incident i, Step step, String type, Reason reason, String message) {
        events.record(step.target(), type, reason, message, i.id);
    }

    private void emit(Incident i, TimelineEvent.Phase phase, String text, Step step, Reason reason, Outcome outcome) {
        TimelineEvent e = new TimelineEvent(clock.instant(), i.id, i.workload, phase, text,
                step == null ? null : step.action(), reason, outcome);
        LOG.info("[{}] {} {}: {}", i.id, i.workload, phase, text);
        listener.onEvent(e);
    }
}
