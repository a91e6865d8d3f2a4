package io.kubemedic.app.demo;

import io.kubemedic.app.audit.JdbcAuditStore;
import io.kubemedic.core.config.ConfigException;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The demo's audit store. Every demo plays on a new cluster, so it starts from an empty store (old cooldowns would hold
 * new scenarios); but it only ever deletes a store it created itself, marked so in the store. Any other file at the
 * path (a production audit trail given to {@code --audit} by mistake, or anything else) is refused untouched: it is
 * only ever opened read-only to look for the mark.
 */
final class DemoStore {

    static final String CREATED_BY = "created-by";
    static final String DEMO = "kubemedic demo";

    private DemoStore() {
    }

    static JdbcAuditStore openFresh(Path file) {
        if (Files.exists(file)) {
            if (!createdByDemo(file)) {
                throw new ConfigException("refusing to use " + file + " as the demo's audit store: it exists and was not created by"
                        + " `kubemedic demo` (the demo starts every run from an empty store and would delete it). Give --audit a new path.");
            }
            for (String suffix : List.of("", "-wal", "-shm")) {
                try {
                    Files.deleteIfExists(Path.of(file + suffix));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete the previous demo store " + file + suffix, e);
                }
            }
        }
        JdbcAuditStore store = JdbcAuditStore.openSqlite(file);
        store.putMeta(CREATED_BY, DEMO);
        return store;
    }

    /** Reads the mark with a read-only connection: a file that is not a Kubemedic store is not modified. */
    static boolean createdByDemo(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM store_meta WHERE meta_key = ?")) {
            ps.setString(1, CREATED_BY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && DEMO.equals(rs.getString(1));
            }
        } catch (SQLException e) {
            return false; // not SQLite, or no store_meta table: not ours
        }
    }
}
