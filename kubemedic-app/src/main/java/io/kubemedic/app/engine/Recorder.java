package io.kubemedic.app.engine;

import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.GuardVerdict;
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
 * Writes every transition of an incident to its four outlets at once: the audit store (intent before act),
 * a Kubernetes Event on the target, the log, and the timeline listeners. One reason code throughout.
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
        audit.saveIncident(i.record(i.openedAt, null));
        emit(i, TimelineEvent.Phase.DETECTED, plan.primaryFinding().type().description(), null, null, null);
        String findings = plan.findings().stream().map(f -> f.type() + " on " + f.subject() + (f.container() == null ? "" : "[" + f.container() + "]"))
                .collect(Collectors.joining(", "));
        emit(i, TimelineEvent.Phase.DIAGNOSED, plan.primaryFinding().message() + " (" + findings + ")", null, null, null);
    }

    void decided(Incident i, Step step) {
        i.lastReason = step.reason();
        emit(i, TimelineEvent.Phase.DECIDED, step + ": " + step.reason().text() + " [rule " + step.rule() + ", rung " + step.rung()
                + ", confidence " + step.confidence() + ", risk " + step.risk() + "]", step, step.reason(), null);
    }

    void guarded(Incident i, Step step, GuardVerdict v) {
        String text = v.allowed() ? "all guards allow " + step.action().policyName()
                : v.decision() + " by " + v.guard() + ": " + (v.reason() == null ? "" : v.reason().text() + " (" + v.detail() + ")");
        emit(i, TimelineEvent.Phase.GUARDED, text, step, v.reason(), null);
    }

    /** A held step is written once per hold reason, not on every retry. */
    void held(Incident i, Step step, GuardVerdict v) {
        if (i.lastHold == v.reason()) {
            return;
        }
        i.lastHold = v.reason();
        row(i, step, AuditStatus.HELD, v.reason(), v.detail(), null);
    }

    /** A decision that ends the incident's climb (escalated, reported, suppressed, dry-run, awaiting approval). */
    void finish(Incident i, Step step, AuditStatus status, Outcome outcome, Reason reason, String detail) {
        row(i, step, status, reason, detail, null);
        i.outcome = outcome;
        i.lastReason = reason;
        audit.saveIncident(i.record(clock.instant(), null));
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
        boolean ok = result.status() == ActionResult.Status.APPLIED || result.status() == ActionResult.Status.NO_OP;
        AuditStatus status = ok ? AuditStatus.SUCCEEDED : AuditStatus.FAILED;
        audit.complete(intent.record().completed(clock.instant(), status, ok ? null : result.message(), result.status() + ": " + result.message()));
        Reason reason = ok ? Reason.EXECUTED : result.status() == ActionResult.Status.STALE ? Reason.STALE_STATE : Reason.EXECUTION_FAILED;
        i.lastReason = reason;
        event(i, intent.step(), ok ? "Normal" : "Warning", intent.step().reason(), intent.step() + ": " + result.status() + " " + result.message());
        emit(i, TimelineEvent.Phase.ACTED, intent.step() + " → " + result.status() + (result.message().isEmpty() ? "" : " (" + result.message() + ")"),
                intent.step(), reason, null);
    }

    void verified(Incident i, Step step, boolean ok, Reason reason, String detail) {
        row(i, step, ok ? AuditStatus.VERIFIED : AuditStatus.VERIFICATION_FAILED, reason, detail, null);
        i.lastReason = reason;
        event(i, step, ok ? "Normal" : "Warning", reason, detail);
        emit(i, TimelineEvent.Phase.VERIFIED, (ok ? "verified: " : "verification failed: ") + detail, step, reason, null);
    }

    void closed(Incident i, Instant at, String why) {
        audit.saveIncident(i.record(at, at));
        emit(i, TimelineEvent.Phase.CLOSED, i.outcome + ": " + why, null, i.lastReason, i.outcome);
    }

    private void row(Incident i, Step step, AuditStatus status, Reason reason, String detail, String error) {
        audit.append(record(i, step, status, reason, detail, error).completed(clock.instant(), status, error, detail));
    }

    private AuditRecord record(Incident i, Step step, AuditStatus status, Reason reason, String detail, String error) {
        return new AuditRecord(0, i.id, clock.instant(), null, step.action(), step.target(), step.workload(), reason,
                reason == null ? "" : reason.text() + (detail == null || detail.isEmpty() ? "" : ": " + detail),
                "policy:" + step.rule(), config.mode().text(), status, error, 0, step.params().toString());
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
