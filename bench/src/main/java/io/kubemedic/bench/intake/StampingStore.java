package io.kubemedic.bench.intake;

import io.kubemedic.app.audit.AlertRecord;
import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.IncidentRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The audit store as Kubemedic sees it, timed from outside: every alert write ({@code saveAlerts}, one per notification,
 * before it is answered) and every engine write on the healing path ({@code saveIncident}, {@code append},
 * {@code complete}) goes into a histogram, so lock waits behind the intake's writes show up. A notification whose
 * alerts carry a marked dedup key (the receipt trials' fingerprints) also leaves its start and end stamps, the
 * server-side "alert received and stored" moment a trial needs.
 */
final class StampingStore implements AuditStore {

    /** When the write of a marked alert started and ended ({@link System#nanoTime()}). */
    record Stamp(long start, long end) {
    }

    final Histogram alertWrites = new Histogram();
    final Histogram engineWrites = new Histogram();
    private final Map<String, Stamp> marked = new ConcurrentHashMap<>();
    private final AuditStore store;
    private final String marker;

    /** @param marker a dedup key containing this marks its notification */
    StampingStore(AuditStore store, String marker) {
        this.store = store;
        this.marker = marker;
    }

    Optional<Stamp> marked(String dedupKey) {
        return Optional.ofNullable(marked.get(dedupKey));
    }

    @Override
    public List<AlertRecord> saveAlerts(List<AlertRecord> alerts) {
        long start = System.nanoTime();
        List<AlertRecord> saved = store.saveAlerts(alerts);
        long end = System.nanoTime();
        alertWrites.recordNanos(end - start);
        for (AlertRecord a : alerts) {
            if (a.dedupKey().contains(marker)) {
                marked.put(a.dedupKey(), new Stamp(start, end));
            }
        }
        return saved;
    }

    @Override
    public AuditRecord append(AuditRecord record) {
        return engineWrite(() -> store.append(record));
    }

    @Override
    public void complete(AuditRecord record) {
        engineWrite(() -> {
            store.complete(record);
            return null;
        });
    }

    @Override
    public void saveIncident(IncidentRecord incident) {
        engineWrite(() -> {
            store.saveIncident(incident);
            return null;
        });
    }

    private <T> T engineWrite(Supplier<T> write) {
        long start = System.nanoTime();
        try {
            return write.get();
        } finally {
            engineWrites.recordNanos(System.nanoTime() - start);
        }
    }

    @Override public List<AuditRecord> byIncident(String incidentId) { return store.byIncident(incidentId); }
    @Override public List<AuditRecord> since(Instant from) { return store.since(from); }
    @Override public List<AuditRecord> recent(int limit) { return store.recent(limit); }
    @Override public List<AuditRecord> unfinished() { return store.unfinished(); }
    @Override public Optional<IncidentRecord> incident(String id) { return store.incident(id); }
    @Override public List<IncidentRecord> incidents(int limit) { return store.incidents(limit); }
    @Override public List<IncidentRecord> openIncidents() { return store.openIncidents(); }
    @Override public List<AlertRecord> alerts(int limit) { return store.alerts(limit); }
    @Override public Optional<String> meta(String key) { return store.meta(key); }
    @Override public void putMeta(String key, String value) { store.putMeta(key, value); }
    @Override public void close() { store.close(); }
}
