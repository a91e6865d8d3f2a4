package io.kubemedic.app.audit;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.IncidentRecord;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The audit store over plain JDBC, with the schema owned by Flyway. SQLite allows one writer at a time, so one
 * connection guarded by a lock serves every worker thread; rows are small and writes take microseconds.
 * The SQL is portable so PostgreSQL can sit behind the same code.
 */
public final class JdbcAuditStore implements AuditStore {

    private static final String COLUMNS = "id, incident_id, ts, completed_at, action_type, target, workload, namespace, reason_code, "
            + "reason_text, initiator, mode, status, error, duration_ms, detail";

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final String description;

    private JdbcAuditStore(DataSource dataSource, String description) {
        this.description = description;
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        try {
            this.connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new AuditStoreException("cannot open the audit store " + description + ": " + e.getMessage(), e);
        }
    }

    /** Opens (creating it and its folder if needed) the SQLite audit file and brings its schema up to date. */
    public static JdbcAuditStore openSqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new AuditStoreException("cannot create the folder of the audit file " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(5000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            return new JdbcAuditStore(ds, file.toString());
        } catch (RuntimeException e) {
            if (e instanceof AuditStoreException) {
                throw e;
            }
            throw new AuditStoreException("cannot open the audit file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public AuditRecord append(AuditRecord r) {
        String sql = "INSERT INTO audit_record (incident_id, ts, completed_at, action_type, target, workload, namespace, reason_code, "
                + "reason_text, initiator, mode, status, error, duration_ms, detail) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        return locked(() -> {
            try (PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, r.incidentId());
                ps.setLong(2, r.timestamp().toEpochMilli());
                setMillis(ps, 3, r.completedAt());
                ps.setString(4, r.actionType() == null ? null : r.actionType().name());
                ps.setString(5, r.target().toString());
                ps.setString(6, r.workload().toString());
                ps.setString(7, r.workload().namespace() != null ? r.workload().namespace() : r.target().namespace());
                ps.setString(8, r.reason() == null ? null : r.reason().name());
                ps.setString(9, r.reasonText());
                ps.setString(10, r.initiator());
                ps.setString(11, r.mode());
                ps.setString(12, r.status().name());
                ps.setString(13, r.error());
                ps.setLong(14, r.durationMs());
                ps.setString(15, r.detail());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return r.withId(keys.getLong(1));
                }
            }
        });
    }

    @Override
    public void complete(AuditRecord r) {
        locked(() -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE audit_record SET completed_at = ?, status = ?, error = ?, duration_ms = ?, detail = ? WHERE id = ?")) {
                setMillis(ps, 1, r.completedAt());
                ps.setString(2, r.status().name());
                ps.setString(3, r.error());
                ps.setLong(4, r.durationMs());
                ps.setString(5, r.detail());
                ps.setLong(6, r.id());
                if (ps.executeUpdate() != 1) {
                    throw new AuditStoreException("no audit row with id " + r.id() + " to complete in " + description);
                }
                return null;
            }
        });
    }

    @Override
    public List<AuditRecord> byIncident(String incidentId) {
        return query("SELECT " + COLUMNS + " FROM audit_record WHERE incident_id = ? ORDER BY id", incidentId);
    }

    @Override
    public List<AuditRecord> since(Instant from) {
        return query("SELECT " + COLUMNS + " FROM audit_record WHERE ts >= ? ORDER BY ts, id", from.toEpochMilli());
    }

    @Override
    public List<AuditRecord> recent(int limit) {
        return query("SELECT " + COLUMNS + " FROM audit_record ORDER BY id DESC LIMIT ?", limit);
    }

    @Override
    public List<AuditRecord> unfinished() {
        return query("SELECT " + COLUMNS + " FROM audit_record WHERE status = ? ORDER BY id", AuditStatus.INTENT.name());
    }

    @Override
    public void saveIncident(IncidentRecord i) {
        String types = String.join(",", i.findingTypes().stream().map(Enum::name).toList());
        locked(() -> {
            try (PreparedStatement upd = connection.prepareStatement("UPDATE incident SET updated_at = ?, closed_at = ?, outcome = ?, "
                    + "finding_types = ?, last_reason = ?, summary = ?, rule = ?, state = ? WHERE id = ?")) {
                upd.setLong(1, i.updatedAt().toEpochMilli());
                setMillis(upd, 2, i.closedAt());
                upd.setString(3, i.outcome().name());
                upd.setString(4, types);
                upd.setString(5, i.lastReason() == null ? null : i.lastReason().name());
                upd.setString(6, i.summary());
                upd.setString(7, i.rule());
                upd.setString(8, i.state());
                upd.setString(9, i.id());
                if (upd.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ins = connection.prepareStatement("INSERT INTO incident (id, workload, namespace, opened_at, updated_at, "
                    + "closed_at, outcome, finding_types, last_reason, summary, rule, state) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                ins.setString(1, i.id());
                ins.setString(2, i.workload().toString());
                ins.setString(3, i.workload().namespace());
                ins.setLong(4, i.openedAt().toEpochMilli());
                ins.setLong(5, i.updatedAt().toEpochMilli());
                setMillis(ins, 6, i.closedAt());
                ins.setString(7, i.outcome().name());
                ins.setString(8, types);
                ins.setString(9, i.lastReason() == null ? null : i.lastReason().name());
                ins.setString(10, i.summary());
                ins.setString(11, i.rule());
                ins.setString(12, i.state());
                ins.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public Optional<IncidentRecord> incident(String id) {
        return incidentQuery("SELECT * FROM incident WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public List<IncidentRecord> incidents(int limit) {
        return incidentQuery("SELECT * FROM incident ORDER BY opened_at DESC, id DESC LIMIT ?", limit);
    }

    @Override
    public List<IncidentRecord> openIncidents() {
        return incidentQuery("SELECT * FROM incident WHERE closed_at IS NULL AND opened_at >= ? ORDER BY opened_at, id", 0L);
    }

    @Override
    public List<AlertRecord> saveAlerts(List<AlertRecord> alerts) {
        return alerts.isEmpty() ? List.of() : locked(() -> AlertRows.save(connection, alerts));
    }

    @Override
    public List<AlertRecord> alerts(int limit) {
        return locked(() -> AlertRows.recent(connection, limit));
    }

    @Override
    public Optional<String> meta(String key) {
        return locked(() -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT meta_value FROM store_meta WHERE meta_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void putMeta(String key, String value) {
        locked(() -> {
            try (PreparedStatement upd = connection.prepareStatement("UPDATE store_meta SET meta_value = ? WHERE meta_key = ?")) {
                upd.setString(1, value);
                upd.setString(2, key);
                if (upd.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ins = connection.prepareStatement("INSERT INTO store_meta (meta_key, meta_value) VALUES (?, ?)")) {
                ins.setString(1, key);
                ins.setString(2, value);
                ins.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public void close() {
        locked(() -> {
            connection.close();
            return null;
        });
    }

    private List<AuditRecord> query(String sql, Object arg) {
        return locked(() -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setObject(1, arg);
                List<AuditRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(record(rs));
                    }
                }
                return out;
            }
        });
    }

    private List<IncidentRecord> incidentQuery(String sql, Object arg) {
        return locked(() -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setObject(1, arg);
                List<IncidentRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String types = rs.getString("finding_types");
                        out.add(new IncidentRecord(rs.getString("id"), ResourceRef.parse(rs.getString("workload")),
                                instant(rs, "opened_at"), instant(rs, "updated_at"), instant(rs, "closed_at"),
                                Outcome.valueOf(rs.getString("outcome")),
                                types == null || types.isEmpty() ? List.of() : Arrays.stream(types.split(",")).map(FindingType::valueOf).toList(),
                                rs.getString("last_reason") == null ? null : Reason.valueOf(rs.getString("last_reason")),
                                rs.getString("summary"), rs.getString("rule"), rs.getString("state")));
                    }
                }
                return out;
            }
        });
    }

    private static AuditRecord record(ResultSet rs) throws SQLException {
        String action = rs.getString("action_type");
        String reason = rs.getString("reason_code");
        return new AuditRecord(rs.getLong("id"), rs.getString("incident_id"), instant(rs, "ts"), instant(rs, "completed_at"),
                action == null ? null : ActionType.valueOf(action), ResourceRef.parse(rs.getString("target")),
                ResourceRef.parse(rs.getString("workload")), reason == null ? null : Reason.valueOf(reason),
                rs.getString("reason_text"), rs.getString("initiator"), rs.getString("mode"),
                AuditStatus.valueOf(rs.getString("status")), rs.getString("error"), rs.getLong("duration_ms"), rs.getString("detail"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setMillis(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, at.toEpochMilli());
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private <T> T locked(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run();
        } catch (SQLException e) {
            throw new AuditStoreException("audit store " + description + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
