package io.kubemedic.app.audit;

import java.time.Instant;

/**
 * One alert occurrence as stored: what arrived and what Kubemedic made of it.
 *
 * @param dedupKey    Alertmanager groupKey + fingerprint (or a hash of the labels when there is no fingerprint)
 * @param source      {@code alertmanager}, {@code generic} or {@code remediate}
 * @param target      the resolved target, {@code null} when none could be resolved
 * @param disposition what was done with it, e.g. {@code queued}, {@code healthy}, {@code resolved}, {@code unmapped}
 * @param labels      the alert's labels as JSON
 */
public record AlertRecord(long id, String dedupKey, String source, String alertname, String status, Instant startsAt,
                          Instant firstSeen, Instant lastSeen, int timesSeen, String target, String disposition, String reason,
                          String incidentId, String labels) {

    public AlertRecord withId(long newId, Instant first, int times) {
        return new AlertRecord(newId, dedupKey, source, alertname, status, startsAt, first, lastSeen, times, target, disposition, reason,
                incidentId, labels);
    }
}
