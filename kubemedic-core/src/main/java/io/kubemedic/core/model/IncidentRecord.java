package io.kubemedic.core.model;

import java.time.Instant;
import java.util.List;

/**
 * An incident as stored and reported: one per target while it is unhealthy.
 *
 * @param findingTypes the failure modes seen, primary first
 * @param lastReason   the latest reason code on the incident (decision, guard or result)
 */
public record IncidentRecord(String id, ResourceRef workload, Instant openedAt, Instant updatedAt, Instant closedAt,
                             Outcome outcome, List<FindingType> findingTypes, Reason lastReason, String summary) {

    public IncidentRecord {
        findingTypes = findingTypes == null ? List.of() : List.copyOf(findingTypes);
        summary = summary == null ? "" : summary;
    }
}
