package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
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
        Deployment d = Fixtures.deployment("shop", "web", 2, "shop/web:1", "256Mi", "1");
        return TargetSnapshot.builder(web, NOW)
                .deployment(d)
                .replicaSets(List.of(Fixtures.replicaSetOf(d, "aaa", 1)))
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
        Deployment v1 = Fixtures.deployment("shop", "web", 2, "shop/web:1", "256Mi", "1");
        Deployment v2 = Fixtures.deployment("shop", "web", 2, "shop/web:2", "256Mi", "2");
        TargetSnapshot s = TargetSnapshot.builder(web, NOW).deployment(v2)
                .replicaSets(List.of(Fixtures.replicaSetOf(v1, "old", 1), Fixtures.replicaSetOf(v2, "new", 2)))
                .pods(List.of(Fixtures.pod("shop", "web-new-1", "n1", "new", false)))
                .build();
        Plan plan = planner.plan(s, List.of(crashLoop("web-new-1", 6))).orElseThrow();
        assertThat(plan.ladder()).extracting(Step::action)
                .containsExactly(ActionType.EVICT_POD, ActionType.ROLLOUT_RESTART, ActionType.ROLLBACK, ActionType.ESCALATE);
        assertThat(plan.ladder()).extracting(Step::rung).containsExactly("evict-pod", "rollout-restart", "rollback", "escalate");
        Step rollback = plan.ladder().get(2);
        assertThat(rollback.params()).containsEntry("revision", "1").containsEntry("fromRevision", "2").containsEntry("templateHash", "old");
        assertThat(rollback.reason()).isEqualTo(Reason.CRASH_LOOP_ROLLBACK);
    }

    @Test
    void aRestartIsNotARelease_aPersistentCrashLoopGetsNoPointlessRollback() {
        // revision 2 is Kubemedic's own rolling restart of revision 1: the same release
        Deployment v1 = Fixtures.deployment("shop", "web", 2, "shop/web:1", "256Mi", "1");
        Deployment restarted = restart(v1, "2");
        TargetSnapshot s = TargetSnapshot.builder(web, NOW).deployment(restarted)
                .replicaSets(List.of(Fixtures.replicaSetOf(v1, "one", 1), Fixtures.replicaSetOf(restarted, "two", 2)))
                .pods(List.of(Fixtures.pod("shop", "web-two-1", "t1", "two", false)))
                .build();
        Plan plan = planner.plan(s, List.of(crashLoop("web-two-1", 9))).orElseThrow();
        assertThat(plan.ladder()).extracting(Step::action).containsExactly(ActionType.EVICT_POD, ActionType.ROLLOUT_RESTART, ActionType.ESCALATE);
    }

    @Test
    void aConfigOnlyBadReleaseRollsBackToTheLastDifferentTemplateNotToTheBrokenOne() {
        // 1: FLAG=good · 2: FLAG=bad (same image) · 3: revision 2 restarted. Back to 1, not to 2.
        Deployment good = withEnv(Fixtures.deployment("shop", "web", 2, "shop/web:1", "256Mi", "1"), "good");
        Deployment bad = withEnv(Fixtures.deployment("shop", "web", 2, "shop/web:1", "256Mi", "2"), "bad");
        Deployment badRestarted = restart(bad, "3");
        TargetSnapshot s = TargetSnapshot.builder(web, NOW).deployment(badRestarted)
                .replicaSets(List.of(Fixtures.replicaSetOf(good, "g", 1), Fixtures.replicaSetOf(bad, "b", 2), Fixtures.replicaSetOf(badRestarted, "r", 3)))
                .pods(List.of(Fixtures.pod("shop", "web-r-1", "r1", "r", false)))
                .build();
        Step rollback = planner.plan(s, List.of(crashLoop("web-r-1", 7))).orElseThrow().rung("rollback").orElseThrow();
        assertThat(rollback.params()).containsEntry("revision", "1").containsEntry("fromRevision", "3").containsEntry("templateHash", "g");
    }

    @Test
    void aRollingRestartIsSkippedWhileARolloutIsInProgressAndTheSkipIsRecorded() {
        Deployment v1 = Fixtures.deployment("shop", "web", 2, "shop/web:1", "256Mi", "1");
        Deployment v2 = new DeploymentBuilder(Fixtures.deployment("shop", "web", 2, "shop/web:2", "256Mi", "2"))
                .editStatus().withReplicas(3).withUpdatedReplicas(1).endStatus().build(); // stuck: old pods still run
        TargetSnapshot s = TargetSnapshot.builder(web, NOW).deployment(v2)
                .replicaSets(List.of(Fixtures.replicaSetOf(v1, "old", 1), Fixtures.replicaSetOf(v2, "new", 2)))
                .pods(List.of(Fixtures.pod("shop", "web-new-1", "n1", "new", false), Fixtures.pod("shop", "web-old-1", "o1", "old", true)))
                .build();
        Plan plan = planner.plan(s, List.of(crashLoop("web-new-1", 6))).orElseThrow();
        assertThat(plan.ladder()).extracting(Step::action).containsExactly(ActionType.EVICT_POD, ActionType.ROLLBACK, ActionType.ESCALATE);
        assertThat(plan.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.action()).isEqualTo(ActionType.ROLLOUT_RESTART);
            assertThat(skip.reason()).isEqualTo(Reason.ROLLOUT_IN_PROGRESS);
            assertThat(skip.detail()).contains("1 of 3 updated");
        });
    }

    @Test
    void onADeploymentWhoseRolloutsArePausedNoTemplateChangeIsPlannedOnlyTheEvictionAndTheSkipsAreRecorded() {
        Deployment v1 = Fixtures.deployment("shop", "web", 2, "shop/web:1", "256Mi", "1");
        Deployment v2 = new DeploymentBuilder(Fixtures.deployment("shop", "web", 2, "shop/web:2", "256Mi", "2")).editSpec().withPaused(true).endSpec().build();
        TargetSnapshot s = TargetSnapshot.builder(web, NOW).deployment(v2)
                .replicaSets(List.of(Fixtures.replicaSetOf(v1, "old", 1), Fixtures.replicaSetOf(v2, "new", 2)))
                .pods(List.of(Fixtures.pod("shop", "web-new-1", "n1", "new", false)))
                .build();

        Plan crash = planner.plan(s, List.of(crashLoop("web-new-1", 6))).orElseThrow();
        assertThat(crash.ladder()).extracting(Step::action).containsExactly(ActionType.EVICT_POD, ActionType.ESCALATE);
        assertThat(crash.skipped()).extracting(Step::action).containsExactly(ActionType.ROLLOUT_RESTART, ActionType.ROLLBACK);
        assertThat(crash.skipped()).allSatisfy(skip -> {
            assertThat(skip.reason()).isEqualTo(Reason.ROLLOUT_PAUSED);
            assertThat(skip.detail()).contains("spec.paused");
        });

        Finding oomKilled = new Finding(FindingType.OOM_KILLED, Severity.CRITICAL, ResourceRef.pod("shop", "web-new-1"), "app",
                "OOMKilled", Map.of("memoryLimit", "256Mi"), "");
        Plan oom = planner.plan(s, List.of(oomKilled)).orElseThrow();
        assertThat(oom.rule()).isEqualTo("oom-raise-memory");
        assertThat(oom.ladder()).extracting(Step::action).doesNotContain(ActionType.RAISE_MEMORY_LIMIT);
        assertThat(oom.skipped()).extracting(Step::reason).containsOnly(Reason.ROLLOUT_PAUSED);
    }

    @Test
    void podsOfAJobOrAnUnknownControllerAreReportedNeverRestarted() {
        for (ResourceRef owner : List.of(new ResourceRef("Job", "batch", "nightly-export"), new ResourceRef("Rollout", "shop", "web"))) {
            TargetSnapshot s = TargetSnapshot.builder(owner, NOW).pods(List.of(Fixtures.pod(owner.namespace(), "p-1", "p1", "x", false))).build();
            Plan plan = planner.plan(s, List.of(crashLoop("p-1", 8))).orElseThrow();
            assertThat(plan.ladder()).singleElement().satisfies(step -> {
                assertThat(step.action()).isEqualTo(ActionType.REPORT);
                assertThat(step.reason()).isEqualTo(Reason.UNMANAGED_CONTROLLER_REPORT);
                assertThat(step.detail()).contains(owner.toString());
            });
        }
    }

    @Test
    void aDaemonSetCrashLoopEvictsThenRestartsThroughTheDaemonSet() {
        ResourceRef agent = new ResourceRef("DaemonSet", "ops", "agent");
        var ds = new io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder().withNewMetadata().withNamespace("ops").withName("agent")
                .withGeneration(1L).endMetadata().withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("app").endContainer()
                .endSpec().endTemplate().endSpec().withNewStatus().withObservedGeneration(1L).withDesiredNumberScheduled(3)
                .withUpdatedNumberScheduled(3).endStatus().build();
        TargetSnapshot s = TargetSnapshot.builder(agent, NOW).daemonSet(ds).pods(List.of(Fixtures.pod("ops", "agent-x", "a1", "x", false))).build();
        Plan plan = planner.plan(s, List.of(new Finding(FindingType.CRASH_LOOP_BACK_OFF, Severity.CRITICAL, ResourceRef.pod("ops", "agent-x"),
                "app", "crash", Map.of("restartCount", "9"), ""))).orElseThrow();
        assertThat(plan.ladder()).extracting(Step::action).containsExactly(ActionType.EVICT_POD, ActionType.ROLLOUT_RESTART, ActionType.ESCALATE);
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
    void anAutoscaledProdDeploymentGetsItsAutoscalersMinimumRaisedNotADirectScale() {
        ResourceRef prod = ResourceRef.deployment("shop", "prod-checkout");
        Finding single = new Finding(FindingType.SINGLE_REPLICA_PROD, Severity.WARNING, prod, null, "one replica", Map.of("replicas", "1"), "");
        TargetSnapshot.Builder b = TargetSnapshot.builder(prod, NOW).deployment(Fixtures.deployment("shop", "prod-checkout", 1, "c:1", "128Mi", "1"));
        Step raise = planner.plan(b.autoscalers(List.of(hpa(1, 5))).build(), List.of(single)).orElseThrow().ladder().getFirst();
        assertThat(raise.action()).isEqualTo(ActionType.SCALE);
        assertThat(raise.reason()).isEqualTo(Reason.HPA_RAISE_MIN);
        assertThat(raise.params()).containsEntry("hpa", "checkout").containsEntry("previousMinReplicas", "1").containsEntry("replicas", "2")
                .doesNotContainKey("previousReplicas");
        Step capped = planner.plan(b.autoscalers(List.of(hpa(1, 1))).build(), List.of(single)).orElseThrow().ladder().getFirst();
        assertThat(capped.action()).isEqualTo(ActionType.ESCALATE);
        assertThat(capped.reason()).isEqualTo(Reason.AUTOSCALER_LIMIT);
    }

    private static io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler hpa(int min, int max) {
        return new io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerBuilder().withNewMetadata().withName("checkout")
                .withNamespace("shop").endMetadata().withNewSpec().withMinReplicas(min).withMaxReplicas(max).withNewScaleTargetRef()
                .withKind("Deployment").withName("prod-checkout").withApiVersion("apps/v1").endScaleTargetRef().endSpec().build();
    }

    @Test
    void aMemoryRaiseWithNoQuotaHeadroomEscalatesWithTheQuotaNamed() {
        Finding oom = new Finding(FindingType.OOM_KILLED, Severity.CRITICAL, ResourceRef.pod("shop", "web-aaa-1"), "app", "OOMKilled", Map.of(), "");
        var full = new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder().withNewMetadata().withName("team").endMetadata()
                .withNewSpec().addToHard("limits.memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endSpec()
                .withNewStatus().addToUsed("limits.memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endStatus().build();
        TargetSnapshot s = TargetSnapshot.builder(web, NOW).deployment(oneRevision().deployment()).resourceQuotas(List.of(full)).build();
        Step step = planner.plan(s, List.of(oom)).orElseThrow().ladder().getFirst();
        assertThat(step.action()).isEqualTo(ActionType.ESCALATE);
        assertThat(step.reason()).isEqualTo(Reason.MEMORY_CEILING);
        assertThat(step.detail()).contains("ResourceQuota team on limits.memory");
    }

    private static Deployment restart(Deployment d, String revision) {
        return new DeploymentBuilder(d).editMetadata().addToAnnotations("deployment.kubernetes.io/revision", revision).endMetadata()
                .editSpec().editTemplate().editMetadata().addToAnnotations("kubectl.kubernetes.io/restartedAt", "2026-11-25T09:00:00Z")
                .endMetadata().endTemplate().endSpec().build();
    }

    private static Deployment withEnv(Deployment d, String flag) {
        return new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editFirstContainer().addNewEnv().withName("FLAG").withValue(flag)
                .endEnv().endContainer().endSpec().endTemplate().endSpec().build();
    }

    @Test
    void informationalFindingsAloneMakeNoPlan() {
        Finding noMetrics = new Finding(FindingType.NO_METRICS, Severity.INFO, web, null, "no metrics", Map.of(), "");
        assertThat(planner.plan(oneRevision(), List.of(noMetrics))).isEmpty();
        assertThat(planner.plan(oneRevision(), List.of())).isEmpty();
    }
}
