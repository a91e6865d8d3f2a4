package io.kubemedic.core.model;

import java.time.Instant;
import java.util.List;

/**
 * An incident as stored and reported: one per target while it is unhealthy.
 *
 * @param findingTypes the failure modes seen, primary first
 * @param lastReason   the latest reason code on the incident (decision, guard or result)
 * @param rule         the policy rule being climbed, or null before one matched
 * @param state        the engine's working state (rungs done, pending verification or approval, holds), as JSON, so a
 *                     restarted Kubemedic continues the ladder where it stood; opaque to everything but the engine
 */
public record IncidentRecord(String id, ResourceRef workload, Instant openedAt, Instant updatedAt, Instant closedAt,
                             Outcome outcome, List<FindingType> findingTypes, Reason lastReason, String summary,
                             String rule, String state) {

    public IncidentRecord {
        findingTypes = findingTypes == null ? List.of() : List.copyOf(findingTypes);
        summary = summary == null ? "" : summary;
    }

    public IncidentRecord(String id, ResourceRef workload, Instant openedAt, Instant updatedAt, Instant closedAt,
                          Outcome outcome, List<FindingType> findingTypes, Reason lastReason, String summary) {
        this(id, workload, openedAt, updatedAt, closedAt, outcome, findingTypes, lastReason, summary, null, null);
    }

    public boolean open() {
        return closedAt == null;
    }
}
