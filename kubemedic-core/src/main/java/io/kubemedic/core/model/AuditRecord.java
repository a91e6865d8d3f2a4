package io.kubemedic.core.model;

import java.time.Instant;

/**
 * One row of the audit trail.
 *
 * @param id          store-assigned id, 0 before it is written
 * @param incidentId  the incident this row belongs to
 * @param initiator   who asked: {@code policy:<rule>}, {@code alert:<name>}, {@code user:<name>}
 * @param mode        {@code enforce} or {@code dry-run}
 * @param completedAt {@code null} while the action runs
 */
public record AuditRecord(long id, String incidentId, Instant timestamp, Instant completedAt, ActionType actionType,
                          ResourceRef target, ResourceRef workload, Reason reason, String reasonText, String initiator,
                          String mode, AuditStatus status, String error, long durationMs, String detail) {

    public AuditRecord withId(long newId) {
        return new AuditRecord(newId, incidentId, timestamp, completedAt, actionType, target, workload, reason, reasonText,
                initiator, mode, status, error, durationMs, detail);
    }

    public AuditRecord completed(Instant at, AuditStatus newStatus, String newError, String newDetail) {
        long ms = timestamp == null || at == null ? 0 : Math.max(0, at.toEpochMilli() - timestamp.toEpochMilli());
        return new AuditRecord(id, incidentId, timestamp, at, actionType, target, workload, reason, reasonText,
                initiator, mode, newStatus, newError, ms, newDetail == null ? detail : newDetail);
    }
}
