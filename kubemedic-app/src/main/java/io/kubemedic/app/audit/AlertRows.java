package io.kubemedic.app.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the alert table, kept apart from the audit rows; callers hold the store's lock. */
final class AlertRows {

    private AlertRows() {
    }

    /**
     * Writes the alerts in one transaction: a new occurrence is inserted, a repeated one (same dedup key, status and
     * start) has its last_seen, times_seen, disposition and reason updated. Returns them with their ids.
     */
    static List<AlertRecord> save(Connection c, List<AlertRecord> alerts) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            List<AlertRecord> out = new ArrayList<>(alerts.size());
            for (AlertRecord a : alerts) {
                out.add(saveOne(c, a));
            }
            c.commit();
            return out;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static AlertRecord saveOne(Connection c, AlertRecord a) throws SQLException {
        try (PreparedStatement find = c.prepareStatement("SELECT id, first_seen, times_seen FROM alert WHERE dedup_key = ? AND status = ? AND "
                + (a.startsAt() == null ? "starts_at IS NULL" : "starts_at = ?"))) {
            find.setString(1, a.dedupKey());
            find.setString(2, a.status());
            if (a.startsAt() != null) {
                find.setLong(3, a.startsAt().toEpochMilli());
            }
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    long id = rs.getLong(1);
                    Instant first = Instant.ofEpochMilli(rs.getLong(2));
                    int times = rs.getInt(3) + 1;
                    try (PreparedStatement upd = c.prepareStatement("UPDATE alert SET last_seen = ?, times_seen = ?, disposition = ?, reason = ?, "
                            + "incident_id = COALESCE(?, incident_id), target = COALESCE(?, target) WHERE id = ?")) {
                        upd.setLong(1, a.lastSeen().toEpochMilli());
                        upd.setInt(2, times);
                        upd.setString(3, a.disposition());
                        upd.setString(4, a.reason());
                        upd.setString(5, a.incidentId());
                        upd.setString(6, a.target());
                        upd.setLong(7, id);
                        upd.executeUpdate();
                    }
                    return a.withId(id, first, times);
                }
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO alert (dedup_key, source, alertname, status, starts_at, first_seen, last_seen, "
                + "times_seen, target, disposition, reason, incident_id, labels) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
            ins.setString(1, a.dedupKey());
            ins.setString(2, a.source());
            ins.setString(3, a.alertname());
            ins.setString(4, a.status());
            if (a.startsAt() == null) {
                ins.setNull(5, Types.BIGINT);
            } else {
                ins.setLong(5, a.startsAt().toEpochMilli());
            }
            ins.setLong(6, a.lastSeen().toEpochMilli());
            ins.setLong(7, a.lastSeen().toEpochMilli());
            ins.setInt(8, 1);
            ins.setString(9, a.target());
            ins.setString(10, a.disposition());
            ins.setString(11, a.reason());
            ins.setString(12, a.incidentId());
            ins.setString(13, a.labels());
            ins.executeUpdate();
            try (ResultSet keys = ins.getGeneratedKeys()) {
                keys.next();
                return a.withId(keys.getLong(1), a.lastSeen(), 1);
            }
        }
    }

    /** The most recently seen alerts first. */
    static List<AlertRecord> recent(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM alert ORDER BY last_seen DESC, id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            List<AlertRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long starts = rs.getLong("starts_at");
                    Instant startsAt = rs.wasNull() ? null : Instant.ofEpochMilli(starts);
                    out.add(new AlertRecord(rs.getLong("id"), rs.getString("dedup_key"), rs.getString("source"), rs.getString("alertname"),
                            rs.getString("status"), startsAt, Instant.ofEpochMilli(rs.getLong("first_seen")),
                            Instant.ofEpochMilli(rs.getLong("last_seen")), rs.getInt("times_seen"), rs.getString("target"),
                            rs.getString("disposition"), rs.getString("reason"), rs.getString("incident_id"), rs.getString("labels")));
                }
            }
            return out;
        }
    }
}
