package io.kubemedic.app.audit.elastic;

import io.kubemedic.app.audit.AlertRecord;
import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.IncidentRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An {@link AuditStore} that also hands every written row to a sink (usually {@link ElasticAuditSink#accept}).
 * The wrapped store stays the source of truth: it is written first, and a failing sink is logged, never thrown
 * into the engine, so Elasticsearch trouble cannot stop or fail a remediation. The sink's life cycle belongs to
 * whoever created it; {@link #close()} closes only the wrapped store.
 */
public class SinkingAuditStore implements AuditStore {

    private static final Logger LOG = LoggerFactory.getLogger(SinkingAuditStore.class);

    private final AuditStore delegate;
    private final Consumer<AuditRecord> sink;

    public SinkingAuditStore(AuditStore delegate, Consumer<AuditRecord> sink) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public AuditRecord append(AuditRecord record) {
        AuditRecord written = delegate.append(record);
        pass(written);
        return written;
    }

    @Override
    public void complete(AuditRecord record) {
        delegate.complete(record);
        pass(record);
    }

    @Override
    public List<AuditRecord> byIncident(String incidentId) {
        return delegate.byIncident(incidentId);
    }

    @Override
    public List<AuditRecord> since(Instant from) {
        return delegate.since(from);
    }

    @Override
    public List<AuditRecord> recent(int limit) {
        return delegate.recent(limit);
    }

    @Override
    public List<AuditRecord> unfinished() {
        return delegate.unfinished();
    }

    @Override
    public void saveIncident(IncidentRecord incident) {
        delegate.saveIncident(incident);
    }

    @Override
    public Optional<IncidentRecord> incident(String id) {
        return delegate.incident(id);
    }

    @Override
    public List<IncidentRecord> incidents(int limit) {
        return delegate.incidents(limit);
    }

    @Override
    public List<IncidentRecord> openIncidents() {
        return delegate.openIncidents();
    }

    @Override
    public List<AlertRecord> saveAlerts(List<AlertRecord> alerts) {
        return delegate.saveAlerts(alerts);
    }

    @Override
    public List<AlertRecord> alerts(int limit) {
        return delegate.alerts(limit);
    }

    @Override
    public Optional<String> meta(String key) {
        return delegate.meta(key);
    }

    @Override
    public void putMeta(String key, String value) {
        delegate.putMeta(key, value);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private void pass(AuditRecord record) {
        try {
            sink.accept(record);
        } catch (RuntimeException e) {
            LOG.warn("[{}] {}: audit row {} ({}) kept in the audit store but not passed to the Elasticsearch sink: {}",
                    record.incidentId(), ElasticDocument.target(record), record.id(), record.status(), e.toString());
        }
    }
}
