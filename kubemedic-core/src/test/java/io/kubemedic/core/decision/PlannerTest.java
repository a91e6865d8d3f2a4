package io.kubemedic.core.decision;

import io.kubemedic.core.Fixtures;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final Planner planner = new Planner(Policy.defaults(), KubemedicConfig.defaults());
    private final ResourceRef web = ResourceRef.deployment("shop", "web");

    private static Finding crashLoop(String pod, int restarts) {
        return new Finding(FindingType.CRASH_LOOP_BACK_OFF, Severity.CRITICAL, ResourceRef.pod("shop", pod), "app",
                "container app restarted " + restarts + " times", Map.of("restartCount", String.valueOf(restarts)), "");
    }

    private TargetSnapshot oneRevision() {
        return TargetSnapshot.builder(web, NOW)
                .deployment(Fixtures.deployment("shop", "web", 2, "shop/web:1", "256Mi", "1"))
                .replicaSets(List.of(Fixtures.replicaSet("shop", "web", "aaa", 1)))
                .pods(List.of(Fixtures.pod("shop", "web-aaa-1", "u1", "aaa", false), Fixtures.pod("shop", "web-aaa-2", "u2", "aaa", true)))
                .build();
    }

    @Test
    void crashLoopClimbsEvictThenRolloutRestartThenEscalateWithoutAnEarlierRevision() {
        Plan plan = planner.plan(oneRevision(), List.of(crashLoop("web-aaa-1", 5))).orElseThrow();
        assertThat(plan.rule()).isEqualTo("crash-loop-restart");
        assertThat(plan.ladder()).extracting(Step::action)
                .containsExactly(ActionType.EVICT_POD, ActionType.ROLLOUT_RESTART, ActionType.ESCALATE);
        Step evict = plan.ladder().getFirst();
        assertThat(evict.target()).isEqualTo(ResourceRef.pod("shop", "web-aaa-1"));
        assertThat(evict.workload()).isEqualTo(web);
        assertThat(evict.param("podUid")).isEqualTo("u1");
        assertThat(evict.reason()).isEqualTo(Reason.CRASH_LOOP_EVICT);
        assertThat(evict.automatic()).isTrue();
        assertThat(plan.ladder().get(1).target()).isEqualTo(web);
    }

    @Test
    void crashLoopOnTheNewestRevisionAddsARollbackToThePreviousOne() {
        TargetSnapshot s = TargetSnapshot.builder(web, NOW)
                .deployment(Fixtures.deployment("shop", "web", 2, "shop/web:2", "256Mi", "2"))
                .replicaSets(List.of(Fixtures.replicaSet("shop", "web", "old", 1), Fixtures.replicaSet("shop", "web", "new", 2)))
                .pods(List.of(Fixtures.pod("shop", "web-new-1", "n1", "new", false)))
                .build();
        Plan plan = planner.plan(s, List.of(crashLoop("web-new-1", 6))).orElseThrow();
        assertThat(plan.ladder()).extracting(Step::action)
                .containsExactly(ActionType.EVICT_POD, ActionType.ROLLOUT_RESTART, ActionType.ROLLBACK, ActionType.ESCALATE);
        Step rollback = plan.ladder().get(2);
        assertThat(rollback.params()).containsEntry("revision", "1").containsEntry("fromRevision", "2");
        assertThat(rollback.reason()).isEqualTo(Reason.CRASH_LOOP_ROLLBACK);
    }

    @Test
    void aFewRestartsAreNotYetACrashLoopToActOn() {
        assertThat(planner.plan(oneRevision(), List.of(crashLoop("web-aaa-1", 3)))).isEmpty();
        assertThat(planner.plan(oneRevision(), List.of(crashLoop("web-aaa-1", 4)))).isPresent();
    }

    @Test
    void oomWinsOverTheCrashLoopItCausesAndRaisesTheLimitOnTheWorkload() {
        Finding oom = new Finding(FindingType.OOM_KILLED, Severity.CRITICAL, ResourceRef.pod("shop", "web-aaa-1"), "app",
                "OOMKilled", Map.of("memoryLimit", "256Mi"), "");
        Plan plan = planner.plan(oneRevision(), List.of(crashLoop("web-aaa-1", 5), oom)).orElseThrow();
        assertThat(plan.rule()).isEqualTo("oom-raise-memory");
        Step raise = plan.ladder().getFirst();
        assertThat(raise.action()).isEqualTo(ActionType.RAISE_MEMORY_LIMIT);
        assertThat(raise.target()).isEqualTo(web);
        assertThat(raise.params()).containsEntry("container", "app").containsEntry("previousLimit", "256Mi")
                .containsEntry("memoryLimit", "356Mi").containsEntry("memoryRequest", "356Mi");
        assertThat(raise.reason()).isEqualTo(Reason.OOM_RAISE_MEMORY);
        assertThat(plan.primaryFinding().type()).isEqualTo(FindingType.OOM_KILLED);
    }

    @Test
    void aBarePodGetsNoWorkloadActionsOnlyTheEvictionTheOwnershipGuardWillStop() {
        ResourceRef pod = ResourceRef.pod("shop", "lonely");
        TargetSnapshot s = TargetSnapshot.builder(pod, NOW).pods(List.of(Fixtures.pod("shop", "lonely", "l1", "x", false))).build();
        Plan plan = planner.plan(s, List.of(crashLoop("lonely", 9))).orElseThrow();
        assertThat(plan.ladder()).extracting(Step::action).containsExactly(ActionType.EVICT_POD, ActionType.ESCALATE);
    }

    @Test
    void imagePullIsCheckedThenEscalatedNeverRestarted() {
        Finding pull = new Finding(FindingType.IMAGE_PULL_FAILURE, Severity.CRITICAL, ResourceRef.pod("shop", "web-aaa-1"), "app",
                "cannot pull", Map.of("image", "shop/web:typo", "pullSecrets", "regcred"), "");
        Plan plan = planner.plan(oneRevision(), List.of(pull, crashLoop("web-aaa-2", 9))).orElseThrow();
        assertThat(plan.ladder()).extracting(Step::action).containsExactly(ActionType.CHECK_IMAGE, ActionType.ESCALATE);
        assertThat(plan.ladder().getFirst().params()).containsEntry("image", "shop/web:typo");
    }

    @Test
    void singleReplicaProdScalesToTwo() {
        ResourceRef prod = ResourceRef.deployment("shop", "prod-checkout");
        TargetSnapshot s = TargetSnapshot.builder(prod, NOW).deployment(Fixtures.deployment("shop", "prod-checkout", 1, "c:1", "128Mi", "1")).build();
        Finding single = new Finding(FindingType.SINGLE_REPLICA_PROD, Severity.WARNING, prod, null, "one replica", Map.of("replicas", "1"), "");
        Step scale = planner.plan(s, List.of(single)).orElseThrow().ladder().getFirst();
        assertThat(scale.action()).isEqualTo(ActionType.SCALE);
        assertThat(scale.params()).containsEntry("replicas", "2").containsEntry("previousReplicas", "1");
        assertThat(scale.reason()).isEqualTo(Reason.SINGLE_REPLICA_SCALE_UP);
    }

    @Test
    void informationalFindingsAloneMakeNoPlan() {
        Finding noMetrics = new Finding(FindingType.NO_METRICS, Severity.INFO, web, null, "no metrics", Map.of(), "");
        assertThat(planner.plan(oneRevision(), List.of(noMetrics))).isEmpty();
        assertThat(planner.plan(oneRevision(), List.of())).isEmpty();
    }
}
