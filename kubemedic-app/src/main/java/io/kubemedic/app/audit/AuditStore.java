package io.kubemedic.app.audit;

import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.IncidentRecord;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The audit trail: every decision, guard verdict, action and verification, and the incidents they belong to.
 * An action's row is appended with status INTENT before the action runs and completed after, so a crash in
 * between leaves an honest trail ({@link #unfinished()}).
 */
public interface AuditStore extends AutoCloseable {

    /** Writes a new row and returns it with its generated id. */
    AuditRecord append(AuditRecord record);

    /** Updates completion time, status, error, duration and detail of the row with {@code record.id()}. */
    void complete(AuditRecord record);

    /** The rows of one incident, oldest first. */
    List<AuditRecord> byIncident(String incidentId);

    /** Rows from {@code from} on, oldest first: how cooldowns and budgets are rebuilt on start. */
    List<AuditRecord> since(Instant from);

    /** The newest rows first. */
    List<AuditRecord> recent(int limit);

    /** Rows still at INTENT: actions a crash interrupted. */
    List<AuditRecord> unfinished();

    /** Inserts or updates by id. */
    void saveIncident(IncidentRecord incident);

    Optional<IncidentRecord> incident(String id);

    /** The newest incidents first. */
    List<IncidentRecord> incidents(int limit);

    /** Incidents not closed yet, oldest first: what a restarted engine picks up. */
    List<IncidentRecord> openIncidents();

    /**
     * Writes arriving alerts in one transaction, before they are answered: a repeated notification of the same
     * occurrence updates its row (times seen, disposition). Returns them with their ids.
     */
    List<AlertRecord> saveAlerts(List<AlertRecord> alerts);

    /** The most recently seen alerts first. */
    List<AlertRecord> alerts(int limit);

    /** A fact about the store itself (e.g. {@code created-by}), if recorded. */
    Optional<String> meta(String key);

    void putMeta(String key, String value);

    @Override
    void close();
}
