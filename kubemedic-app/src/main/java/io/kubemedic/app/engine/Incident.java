package io.kubemedic.app.engine;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.IncidentRecord;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.verify.Verification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The working state of one open incident. Only the worker holding the target's key touches it (the work queue
 * guarantees one at a time), so it needs no locking of its own. Everything a decision depends on is here and is
 * saved with the incident ({@link IncidentState}), so a restart continues the ladder where it stood.
 */
final class Incident {

    final String id;
    final ResourceRef workload;
    final Instant openedAt;
    String rule;
    /** Rungs of the current rule that were tried and failed verification (by name). */
    final Set<String> rungsDone = new LinkedHashSet<>();
    /** Rungs already recorded as skipped, so a skip is written once. */
    final Set<String> skipsRecorded = new LinkedHashSet<>();
    Outcome outcome = Outcome.OPEN;
    Reason lastReason;
    String summary = "";
    List<FindingType> findingTypes = List.of();
    /** The action being verified, if any. */
    Verification verification;
    /** A step parked for approval; {@code approvedBy} set once a human approved it. */
    Step awaitingApproval;
    String approvedBy;
    /** Set when a human rejected the step awaiting approval; the next pass marks its rung done (not kept across a restart). */
    volatile String rejectedBy;
    /** The policy decided the end (escalate or report rung, ladder exhausted, dry-run, a failed call): nothing more until healthy. */
    boolean settled;
    /** The last verdict written to the trail (decision, reason, rung), so an unchanged verdict is not written again. */
    String lastVerdict;
    Instant heldSince;
    Reason heldReason;
    boolean heldEscalated;
    int holdAttempts;
    int staleAttempts;
    int unknownAttempts;
    /** Values fixed the first time a rung is decided (e.g. the restartedAt stamp), so retries are idempotent. */
    final Map<String, String> stamps = new LinkedHashMap<>();
    final List<ActionType> actionsTaken = new ArrayList<>();

    Incident(String id, ResourceRef workload, Instant openedAt) {
        this.id = id;
        this.workload = workload;
        this.openedAt = openedAt;
    }

    /** A new rule matched: the ladder starts again from its first rung. */
    void switchRule(String newRule) {
        rule = newRule;
        rungsDone.clear();
        skipsRecorded.clear();
        settled = false;
        awaitingApproval = null;
        approvedBy = null;
        lastVerdict = null;
        clearHold();
    }

    void clearHold() {
        heldSince = null;
        heldReason = null;
        heldEscalated = false;
        holdAttempts = 0;
    }

    IncidentState state() {
        return new IncidentState(List.copyOf(rungsDone), List.copyOf(skipsRecorded), verification, awaitingApproval, approvedBy, settled,
                lastVerdict, heldSince, heldReason, heldEscalated, holdAttempts, staleAttempts, unknownAttempts, Map.copyOf(stamps), List.copyOf(actionsTaken));
    }

    void restore(IncidentState s) {
        rungsDone.addAll(s.rungsDone());
        skipsRecorded.addAll(s.skipsRecorded());
        verification = s.verification();
        awaitingApproval = s.awaitingApproval();
        approvedBy = s.approvedBy();
        settled = s.settled();
        lastVerdict = s.lastVerdict();
        heldSince = s.heldSince();
        heldReason = s.heldReason();
        heldEscalated = s.heldEscalated();
        holdAttempts = s.holdAttempts();
        staleAttempts = s.staleAttempts();
        unknownAttempts = s.unknownAttempts();
        stamps.putAll(s.stamps());
        actionsTaken.addAll(s.actionsTaken());
    }

    IncidentRecord record(Instant now, Instant closedAt, String stateJson) {
        return new IncidentRecord(id, workload, openedAt, now, closedAt, outcome, findingTypes, lastReason, summary, rule, stateJson);
    }
}
