package io.kubemedic.app.audit;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.IncidentRecord;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcAuditStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final ResourceRef POD = ResourceRef.pod("shop", "web-1");
    private static final ResourceRef WEB = ResourceRef.deployment("shop", "web");

    @TempDir
    Path dir;

    private static AuditRecord intent(String incident, Instant at) {
        return new AuditRecord(0, incident, at, null, ActionType.EVICT_POD, POD, WEB, Reason.CRASH_LOOP_EVICT,
                "crash loop: restart the pod", "policy:crash-loop-restart", "enforce", AuditStatus.INTENT, null, 0, "{podUid=u1}");
    }

    @Test
    void anIntentRowIsWrittenThenCompleted() {
        try (JdbcAuditStore store = JdbcAuditStore.openSqlite(dir.resolve("a.db"))) {
            AuditRecord written = store.append(intent("inc-1", T0));
            assertThat(written.id()).isPositive();
            assertThat(store.unfinished()).extracting(AuditRecord::id).containsExactly(written.id());
            store.complete(written.completed(T0.plusMillis(120), AuditStatus.SUCCEEDED, null, "APPLIED: evicted"));
            AuditRecord read = store.byIncident("inc-1").getFirst();
            assertThat(read.status()).isEqualTo(AuditStatus.SUCCEEDED);
            assertThat(read.completedAt()).isEqualTo(T0.plusMillis(120));
            assertThat(read.durationMs()).isEqualTo(120);
            assertThat(read.detail()).isEqualTo("APPLIED: evicted");
            assertThat(read).usingRecursiveComparison().ignoringFields("completedAt", "status", "durationMs", "detail")
                    .isEqualTo(written);
            assertThat(store.unfinished()).isEmpty();
        }
    }

    @Test
    void completingAnUnknownRowIsAnError() {
        try (JdbcAuditStore store = JdbcAuditStore.openSqlite(dir.resolve("a.db"))) {
            assertThatThrownBy(() -> store.complete(intent("inc-1", T0).withId(999).completed(T0, AuditStatus.FAILED, "x", null)))
                    .isInstanceOf(AuditStoreException.class).hasMessageContaining("999");
        }
    }

    @Test
    void queriesOrderAsDocumented() {
        try (JdbcAuditStore store = JdbcAuditStore.openSqlite(dir.resolve("a.db"))) {
            store.append(intent("inc-1", T0.plusSeconds(20)));
            store.append(intent("inc-2", T0));
            store.append(intent("inc-1", T0.plusSeconds(40)));
            assertThat(store.byIncident("inc-1")).extracting(AuditRecord::timestamp).containsExactly(T0.plusSeconds(20), T0.plusSeconds(40));
            assertThat(store.since(T0.plusSeconds(10))).extracting(AuditRecord::timestamp).containsExactly(T0.plusSeconds(20), T0.plusSeconds(40));
            assertThat(store.recent(2)).extracting(AuditRecord::incidentId).containsExactly("inc-1", "inc-2");
        }
    }

    @Test
    void incidentsAreUpsertedAndSurviveAReopen() {
        Path db = dir.resolve("a.db");
        IncidentRecord open = new IncidentRecord("inc-7", WEB, T0, T0, null, Outcome.OPEN, List.of(FindingType.OOM_KILLED, FindingType.CRASH_LOOP_BACK_OFF),
                Reason.OOM_RAISE_MEMORY, "container worker was OOMKilled");
        try (JdbcAuditStore store = JdbcAuditStore.openSqlite(db)) {
            store.saveIncident(open);
            store.saveIncident(new IncidentRecord("inc-7", WEB, T0, T0.plusSeconds(9), T0.plusSeconds(9), Outcome.HEALED, open.findingTypes(),
                    Reason.VERIFIED, open.summary()));
            store.append(intent("inc-7", T0));
        }
        try (JdbcAuditStore reopened = JdbcAuditStore.openSqlite(db)) {
            IncidentRecord read = reopened.incident("inc-7").orElseThrow();
            assertThat(read.outcome()).isEqualTo(Outcome.HEALED);
            assertThat(read.closedAt()).isEqualTo(T0.plusSeconds(9));
            assertThat(read.findingTypes()).containsExactly(FindingType.OOM_KILLED, FindingType.CRASH_LOOP_BACK_OFF);
            assertThat(read.workload()).isEqualTo(WEB);
            assertThat(reopened.incidents(10)).hasSize(1);
            assertThat(reopened.since(T0)).hasSize(1);
        }
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        try (JdbcAuditStore store = JdbcAuditStore.openSqlite(dir.resolve("a.db"))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            Set<Long> ids = ConcurrentHashMap.newKeySet();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        ids.add(store.append(intent("inc-" + thread, T0.plusMillis(i))).id());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertThat(ids).hasSize(1600);
            assertThat(store.recent(5000)).hasSize(1600);
        }
    }

    @Test
    void anUnusablePathIsNamed() throws Exception {
        Path file = dir.resolve("not-a-folder");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> JdbcAuditStore.openSqlite(file.resolve("audit.db")))
                .isInstanceOf(AuditStoreException.class).hasMessageContaining("not-a-folder");
    }
}
