package io.kubemedic.bench;

import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.IncidentRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The engine's audit store with a stopwatch around every call: the benchmark sums the synchronous store calls that fall
 * between a trial's status write and the eviction request, which is the audit write's share of the controller's time.
 * Calls are kept with their {@link System#nanoTime()} window until {@link #drain}ed, once per trial.
 */
final class TimedAuditStore implements AuditStore {

    /** One store call as the calling (worker) thread saw it; an append is named with the row's status, e.g. {@code append:INTENT}. */
    record Call(String method, long startNanos, long endNanos) {
        long nanos() {
            return endNanos - startNanos;
        }

        boolean write() {
            return method.startsWith("append") || method.equals("complete") || method.equals("saveIncident") || method.equals("putMeta");
        }

        boolean within(long from, long to) {
            return startNanos >= from && endNanos <= to;
        }
    }

    private final AuditStore store;
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    TimedAuditStore(AuditStore store) {
        this.store = store;
    }

    /** Every call recorded since the last drain, oldest first. */
    List<Call> drain() {
        List<Call> out = new ArrayList<>();
        for (Call c; (c = calls.poll()) != null; ) {
            out.add(c);
        }
        return out;
    }

    /** No call is running now: every call made so far is recorded. */
    boolean idle() {
        return inFlight.get() == 0;
    }

    private <T> T timed(String method, Supplier<T> call) {
        inFlight.incrementAndGet();
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            calls.add(new Call(method, start, System.nanoTime()));
            inFlight.decrementAndGet();
        }
    }

    private void timed(String method, Runnable call) {
        timed(method, () -> {
            call.run();
            return null;
        });
    }

    @Override public AuditRecord append(AuditRecord record) { return timed("append:" + record.status(), () -> store.append(record)); }
    @Override public void complete(AuditRecord record) { timed("complete", () -> store.complete(record)); }
    @Override public List<AuditRecord> byIncident(String incidentId) { return timed("byIncident", () -> store.byIncident(incidentId)); }
    @Override public List<AuditRecord> since(Instant from) { return timed("since", () -> store.since(from)); }
    @Override public List<AuditRecord> recent(int limit) { return timed("recent", () -> store.recent(limit)); }
    @Override public List<AuditRecord> unfinished() { return timed("unfinished", store::unfinished); }
    @Override public void saveIncident(IncidentRecord incident) { timed("saveIncident", () -> store.saveIncident(incident)); }
    @Override public Optional<IncidentRecord> incident(String id) { return timed("incident", () -> store.incident(id)); }
    @Override public List<IncidentRecord> incidents(int limit) { return timed("incidents", () -> store.incidents(limit)); }
    @Override public List<IncidentRecord> openIncidents() { return timed("openIncidents", store::openIncidents); }
    @Override public List<io.kubemedic.app.audit.AlertRecord> saveAlerts(List<io.kubemedic.app.audit.AlertRecord> alerts) { return timed("saveAlerts", () -> store.saveAlerts(alerts)); }
    @Override public List<io.kubemedic.app.audit.AlertRecord> alerts(int limit) { return timed("alerts", () -> store.alerts(limit)); }
    @Override public Optional<String> meta(String key) { return timed("meta", () -> store.meta(key)); }
    @Override public void putMeta(String key, String value) { timed("putMeta", () -> store.putMeta(key, value)); }

    /** The caller owns the underlying store; closing the decorator closes it. */
    @Override public void close() { store.close(); }
}
