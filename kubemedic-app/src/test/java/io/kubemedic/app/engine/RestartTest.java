package io.kubemedic.app.engine;

import io.kubemedic.app.audit.JdbcAuditStore;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Risk;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import io.kubemedic.core.safety.ActionLedger;
import io.kubemedic.core.safety.ClusterHealth;
import io.kubemedic.core.safety.GuardChain;
import io.kubemedic.core.safety.GuardContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A restart resets nothing: budgets come back from the audit trail, and half-done actions are closed honestly. */
class RestartTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final ResourceRef WEB = ResourceRef.deployment("shop", "web");

    @TempDir
    Path dir;

    private static AuditRecord row(String incident, Instant at, ActionType action, AuditStatus status) {
        return new AuditRecord(0, incident, at, status == AuditStatus.INTENT ? null : at.plusMillis(40), action,
                ResourceRef.pod("shop", "web-1"), WEB, Reason.CRASH_LOOP_EVICT, "", "policy:crash-loop-restart", "enforce", status, null, 40, "");
    }

    @Test
    void cooldownsAndBudgetsAreRebuiltFromTheAuditTrail() {
        Path db = dir.resolve("audit.db");
        try (JdbcAuditStore store = JdbcAuditStore.openSqlite(db)) {
            store.append(row("inc-old", NOW.minus(Duration.ofHours(3)), ActionType.EVICT_POD, AuditStatus.SUCCEEDED));
            store.append(row("inc-1", NOW.minus(Duration.ofMinutes(5)), ActionType.EVICT_POD, AuditStatus.SUCCEEDED));
            store.append(row("inc-1", NOW.minus(Duration.ofMinutes(4)), ActionType.ESCALATE, AuditStatus.ESCALATED));
        }
        KubemedicConfig config = KubemedicConfig.from(Map.of("mode", "enforce"));
        ActionLedger ledger;
        try (JdbcAuditStore reopened = JdbcAuditStore.openSqlite(db)) {
            ledger = HealingEngine.rebuildLedger(reopened, config, NOW);
        }
        assertThat(ledger.countSince(NOW.minus(Duration.ofHours(1)))).as("the 3 h old action and the escalation do not count").isEqualTo(1);
        assertThat(ledger.lastOn(WEB)).hasValueSatisfying(e -> assertThat(e.at()).isEqualTo(NOW.minus(Duration.ofMinutes(5))));

        Step next = new Step(ActionType.EVICT_POD, ResourceRef.pod("shop", "web-2"), WEB, Map.of(), Reason.CRASH_LOOP_EVICT, "",
                0.8, Risk.LOW, "evict-pod", true, "crash-loop-restart");
        TargetSnapshot snapshot = TargetSnapshot.builder(WEB, NOW).pods(java.util.List.of(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withNamespace("shop").withName("web-2").withUid("u2")
                .addNewOwnerReference().withKind("ReplicaSet").withName("web-abc").withUid("rs").withController(true).endOwnerReference()
                .endMetadata().build())).build();
        GuardVerdict verdict = GuardChain.defaults().evaluate(next,
                new GuardContext(NOW, config, snapshot, ledger, ClusterHealth.calm(), "inc-2", false));
        assertThat(verdict.decision()).isEqualTo(GuardVerdict.Decision.HOLD);
        assertThat(verdict.reason()).isEqualTo(Reason.COOLDOWN);
    }

    @Test
    void actionsInterruptedByACrashAreMarkedUnknownOnStartAndStillCount() {
        try (JdbcAuditStore store = JdbcAuditStore.openSqlite(dir.resolve("audit.db"))) {
            AuditRecord intent = store.append(row("inc-9", NOW.minusSeconds(30), ActionType.RAISE_MEMORY_LIMIT, AuditStatus.INTENT));
            store.append(row("inc-9", NOW.minusSeconds(60), ActionType.EVICT_POD, AuditStatus.SUCCEEDED));
            int closed = HealingEngine.closeInterruptedActions(store, Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(closed).isEqualTo(1);
            assertThat(store.unfinished()).isEmpty();
            AuditRecord after = store.byIncident("inc-9").stream().filter(r -> r.id() == intent.id()).findFirst().orElseThrow();
            assertThat(after.status()).as("it may have run").isEqualTo(AuditStatus.UNKNOWN);
            assertThat(after.error()).contains("interrupted");
            assertThat(after.completedAt()).isEqualTo(NOW);
            assertThat(HealingEngine.rebuildLedger(store, KubemedicConfig.defaults(), NOW).countSince(NOW.minusSeconds(90)))
                    .as("an action that may have run spends budget").isEqualTo(2);
        }
    }
}
