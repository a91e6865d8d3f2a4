package io.kubemedic.app.demo;

import io.kubemedic.app.audit.JdbcAuditStore;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.Reason;
import io.kubemedic.kube.sandbox.Scenario;
import io.kubemedic.kube.sandbox.ScenarioLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built-in scenario, end to end: the embedded API server, the kubelet emulator, and the real engine acting
 * through the API. Asserts the demo's verdicts, and independently the audit trail the engine wrote.
 */
class BuiltInScenariosIT {

    @TempDir
    static Path dir;

    static List<Scenario> scenarios;
    static DemoReport report;
    static List<AuditRecord> audit;

    @BeforeAll
    static void playAll() throws Exception {
        scenarios = ScenarioLoader.builtIn();
        Path db = dir.resolve("audit.db");
        KubemedicConfig config = KubemedicConfig.from(DemoRunner.SANDBOX_SETTINGS, Map.of("audit.path", db.toString()));
        report = new DemoRunner(config, System.err, Clock.systemUTC()).run(scenarios, EngineListener.NONE);
        try (JdbcAuditStore store = JdbcAuditStore.openSqlite(db)) {
            audit = store.recent(10_000);
        }
    }

    private List<AuditRecord> rowsIn(String namespace) {
        return audit.stream().filter(r -> namespace.equals(r.workload().namespace())).toList();
    }

    private Scenario scenario(String name) {
        return scenarios.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyBuiltInScenarioEndsAsItsFileExpects() {
        assertThat(report.scenarios()).hasSize(scenarios.size()).hasSizeGreaterThanOrEqualTo(17);
        assertThat(report.scenarios()).allSatisfy(r ->
                assertThat(r.passed()).as("%s: %s", r.name(), r.failures()).isTrue());
    }

    @Test
    void everyExecutedActionHasItsIntentRowCompletedAfterIt() {
        List<AuditRecord> actions = audit.stream().filter(r -> r.actionType() != null && r.actionType().mutating()
                && (r.status() == AuditStatus.SUCCEEDED || r.status() == AuditStatus.FAILED)).toList();
        assertThat(actions).isNotEmpty();
        assertThat(actions).allSatisfy(r -> {
            assertThat(r.completedAt()).isNotNull();
            assertThat(r.completedAt()).isAfterOrEqualTo(r.timestamp());
            assertThat(r.mode()).isEqualTo("enforce");
            assertThat(r.initiator()).startsWith("policy:");
        });
        assertThat(audit).noneMatch(r -> r.status() == AuditStatus.INTENT);
    }

    @Test
    void theBarePodIsNeverEvictedAndTheIncidentIsEscalated() {
        List<AuditRecord> rows = rowsIn(scenario("bare-pod-crashloop").namespace());
        assertThat(rows).noneMatch(r -> r.actionType() != null && r.actionType().mutating() && r.status() == AuditStatus.SUCCEEDED);
        assertThat(rows).anyMatch(r -> r.status() == AuditStatus.ESCALATED && r.reason() == Reason.NOT_CONTROLLER_MANAGED);
    }

    @Test
    void thePausedNamespaceIsNeverTouched() {
        List<AuditRecord> rows = rowsIn(scenario("paused-namespace").namespace());
        assertThat(rows).noneMatch(r -> r.actionType() != null && r.actionType().mutating() && r.status() == AuditStatus.SUCCEEDED);
        assertThat(rows).anyMatch(r -> r.status() == AuditStatus.DENIED && r.reason() == Reason.PAUSED);
    }

    @Test
    void anImagePullFailureIsCheckedAndEscalatedWithoutAnyRestart() {
        List<AuditRecord> rows = rowsIn(scenario("image-pull-failure").namespace());
        assertThat(rows).noneMatch(r -> r.actionType() != null && r.actionType().mutating());
        assertThat(rows).anyMatch(r -> r.reason() == Reason.IMAGE_PULL_CHECK && r.status() == AuditStatus.SUCCEEDED);
        assertThat(rows).anyMatch(r -> r.status() == AuditStatus.ESCALATED);
    }

    @Test
    void theBadRevisionIsRolledBackAfterTheRestartsFailedVerification() {
        List<AuditRecord> rows = rowsIn(scenario("crashloop-bad-revision").namespace());
        assertThat(rows).anyMatch(r -> r.reason() == Reason.CRASH_LOOP_ROLLBACK && r.status() == AuditStatus.SUCCEEDED);
        assertThat(rows).anyMatch(r -> r.status() == AuditStatus.VERIFICATION_FAILED);
        assertThat(rows).anyMatch(r -> r.status() == AuditStatus.VERIFIED);
    }

    @Test
    void crashLoopingReplicasUnderABudgetAreHeldNeverEvictedNorRestartedAndAHumanIsTold() {
        List<AuditRecord> rows = rowsIn(scenario("pdb-all-crashlooping").namespace());
        assertThat(rows).anyMatch(r -> r.status() == AuditStatus.HELD && r.reason() == Reason.PDB_BLOCKED);
        assertThat(rows).anyMatch(r -> r.status() == AuditStatus.ESCALATED && r.reason() == Reason.HELD_TOO_LONG
                && r.reasonText().contains("unhealthyPodEvictionPolicy"));
        assertThat(rows).noneMatch(r -> r.actionType() != null && r.actionType().mutating() && r.status() == AuditStatus.SUCCEEDED);
    }

    @Test
    void fourCrashLoopingReplicasAreEvictedOneByOneWithoutFlapping() {
        List<AuditRecord> rows = rowsIn(scenario("crashloop-four-replicas").namespace());
        assertThat(rows).filteredOn(r -> r.actionType() == io.kubemedic.core.model.ActionType.EVICT_POD && r.status() == AuditStatus.SUCCEEDED)
                .hasSize(4);
        assertThat(rows).noneMatch(r -> r.reason() == Reason.FLAPPING);
    }

    @Test
    void aNodeThatStaysNotReadyIsCordonedAndTheIncidentStaysOpenForADrainApproval() {
        List<AuditRecord> rows = audit.stream().filter(r -> r.workload().isKind("Node")).toList();
        assertThat(rows).anyMatch(r -> r.status() == AuditStatus.VERIFIED && r.reason() == Reason.MITIGATED);
        assertThat(rows).anyMatch(r -> r.status() == AuditStatus.PENDING_APPROVAL && r.actionType() == io.kubemedic.core.model.ActionType.DRAIN_NODE);
    }

    @Test
    void theOomKilledWorkloadGotMoreMemoryAndNoPodRestartLoop() {
        List<AuditRecord> rows = rowsIn(scenario("oom-raise-memory").namespace());
        assertThat(rows).anyMatch(r -> r.reason() == Reason.OOM_RAISE_MEMORY && r.status() == AuditStatus.SUCCEEDED);
        assertThat(rows).noneMatch(r -> r.reason() == Reason.CRASH_LOOP_EVICT);
    }
}
