package io.kubemedic.app.engine;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.IncidentRecord;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.verify.Verification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The mutable state of one open incident. Only the worker holding the target's key touches it
 * (the work queue guarantees one at a time), so it needs no locking of its own.
 */
final class Incident {

    final String id;
    final ResourceRef workload;
    final Instant openedAt;
    String rule;
    int rung;
    Outcome outcome = Outcome.OPEN;
    Reason lastReason;
    String summary = "";
    List<FindingType> findingTypes = List.of();
    Verification verification;
    /** The last hold recorded, so a held step is written to the audit trail once, not on every event. */
    Reason lastHold;
    final List<ActionType> actionsTaken = new ArrayList<>();

    Incident(String id, ResourceRef workload, Instant openedAt) {
        this.id = id;
        this.workload = workload;
        this.openedAt = openedAt;
    }

    IncidentRecord record(Instant now, Instant closedAt) {
        return new IncidentRecord(id, workload, openedAt, now, closedAt, outcome, findingTypes, lastReason, summary);
    }
}
