package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kubemedic.core.safety.GuardFixtures.NS;
import static io.kubemedic.core.safety.GuardFixtures.context;
import static io.kubemedic.core.safety.GuardFixtures.deployment;
import static io.kubemedic.core.safety.GuardFixtures.evict;
import static io.kubemedic.core.safety.GuardFixtures.pod;
import static io.kubemedic.core.safety.GuardFixtures.snapshot;
import static io.kubemedic.core.safety.GuardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

/** Default blastRadius.maxUnavailable is 1; web-1 is the pod evicted. */
class BlastRadiusGuardTest {

    private final BlastRadiusGuard guard = new BlastRadiusGuard();

    private GuardVerdict evictWeb1(TargetSnapshot snapshot) {
        return guard.check(evict("web-1"), context().snapshot(snapshot).build());
    }

    private static TargetSnapshot withBudget(PodDisruptionBudget pdb, Pod... pods) {
        return snapshot().deployment(GuardFixtures.deployment(pods.length)).pods(List.of(pods)).disruptionBudgets(List.of(pdb)).build();
    }

    private static PodDisruptionBudgetBuilder budget(int disruptionsAllowed) {
        return budget(disruptionsAllowed, 2, 1);
    }

    /** A budget as the disruption controller reports it (generation observed). */
    private static PodDisruptionBudgetBuilder budget(int disruptionsAllowed, int currentHealthy, int desiredHealthy) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName("web-pdb").withNamespace(NS).withGeneration(1L).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec()
                .withNewStatus().withDisruptionsAllowed(disruptionsAllowed).withCurrentHealthy(currentHealthy)
                .withDesiredHealthy(desiredHealthy).withObservedGeneration(1L).endStatus();
    }

    @Test
    void allowsEvictingAReadyPodWhenAllOthersAreReady() {
        assertThat(evictWeb1(snapshot(3, pod("web-1", true).build(), pod("web-2", true).build(), pod("web-3", true).build()))
                .allowed()).isTrue();
    }

    @Test
    void allowsEvictingAPodThatIsNotReadyWhateverElseIsDown() {
        TargetSnapshot s = snapshot(3, pod("web-1", false).build(), pod("web-2", false).build(), pod("web-3", true).build());

        assertThat(evictWeb1(s).allowed()).isTrue();
    }

    @Test
    void holdsWhenMaxUnavailablePodsAreAlreadyDown() {
        TargetSnapshot s = snapshot(3, pod("web-1", true).build(), pod("web-2", false).build(), pod("web-3", true).build());

        GuardVerdict verdict = evictWeb1(s);

        assertThat(verdict.decision()).isEqualTo(Decision.HOLD);
        assertThat(verdict.reason()).isEqualTo(Reason.BLAST_RADIUS);
        assertThat(verdict.detail()).isEqualTo("1 of 3 pods of Deployment(shop/web) are already down (1 not ready, 0 missing); "
                + "evicting ready pod web-1 would exceed blastRadius.maxUnavailable 1");
    }

    @Test
    void allowsOneBelowTheConfiguredMaximum() {
        TargetSnapshot s = snapshot(3, pod("web-1", true).build(), pod("web-2", false).build(), pod("web-3", true).build());

        assertThat(guard.check(evict("web-1"), context().set("blastRadius.maxUnavailable", "2").snapshot(s).build()).allowed())
                .isTrue();
    }

    @Test
    void countsMissingReplicasAndTerminatingPodsAsDown() {
        TargetSnapshot missing = snapshot(3, pod("web-1", true).build(), pod("web-2", true).build());
        TargetSnapshot terminating = snapshot(2, pod("web-1", true).build(),
                pod("web-2", true).editMetadata().withDeletionTimestamp("2025-06-01T11:59:00Z").endMetadata().build());

        assertThat(evictWeb1(missing).detail()).contains("(0 not ready, 1 missing)");
        assertThat(evictWeb1(terminating).reason()).isEqualTo(Reason.BLAST_RADIUS);
    }

    @Test
    void allowsASingleReadyReplica() {
        assertThat(evictWeb1(snapshot(1, pod("web-1", true).build())).allowed()).isTrue();
    }

    @Test
    void holdsWhenASelectingBudgetAllowsNoDisruption() {
        GuardVerdict verdict = evictWeb1(withBudget(budget(0).build(), pod("web-1", true).build(), pod("web-2", true).build()));

        assertThat(verdict.decision()).isEqualTo(Decision.HOLD);
        assertThat(verdict.reason()).isEqualTo(Reason.PDB_BLOCKED);
        assertThat(verdict.detail()).isEqualTo("PodDisruptionBudget web-pdb selects pod web-1 and allows no disruption now"
                + " (needs 1 healthy pods and has 2)");
    }

    @Test
    void allowsWhenTheBudgetAllowsADisruption() {
        assertThat(evictWeb1(withBudget(budget(1).build(), pod("web-1", true).build(), pod("web-2", true).build())).allowed())
                .isTrue();
    }

    @Test
    void aBudgetWithoutStatusOrWithAnUnobservedGenerationBlocksAsTheApiServerWould() {
        GuardVerdict none = evictWeb1(withBudget(budget(1).withStatus(null).build(), pod("web-1", true).build()));
        GuardVerdict stale = evictWeb1(withBudget(budget(1).editMetadata().withGeneration(2L).endMetadata().build(), pod("web-1", true).build()));

        assertThat(none.reason()).isEqualTo(Reason.PDB_BLOCKED);
        assertThat(none.detail()).endsWith("has not been processed by the disruption controller yet");
        assertThat(stale.reason()).isEqualTo(Reason.PDB_BLOCKED);
    }

    @Test
    void aBudgetThatDoesNotSelectThePodDoesNotBlock() {
        PodDisruptionBudget other = budget(0).editSpec().withNewSelector().addToMatchLabels("app", "api").endSelector().endSpec().build();

        assertThat(evictWeb1(withBudget(other, pod("web-1", true).build(), pod("web-2", true).build())).allowed()).isTrue();
    }

    @Test
    void matchExpressionsSelectToo() {
        PodDisruptionBudget in = budget(0).editSpec().withNewSelector().addNewMatchExpression()
                .withKey("app").withOperator("In").withValues("web", "api").endMatchExpression().endSelector().endSpec().build();
        PodDisruptionBudget notIn = budget(0).editSpec().withNewSelector().addNewMatchExpression()
                .withKey("app").withOperator("NotIn").withValues("web").endMatchExpression().endSelector().endSpec().build();
        PodDisruptionBudget exists = budget(0).editSpec().withNewSelector().addNewMatchExpression()
                .withKey("app").withOperator("Exists").endMatchExpression().endSelector().endSpec().build();
        PodDisruptionBudget doesNotExist = budget(0).editSpec().withNewSelector().addNewMatchExpression()
                .withKey("app").withOperator("DoesNotExist").endMatchExpression().endSelector().endSpec().build();
        Pod web1 = pod("web-1", true).build();

        assertThat(evictWeb1(withBudget(in, web1)).reason()).isEqualTo(Reason.PDB_BLOCKED);
        assertThat(evictWeb1(withBudget(notIn, web1)).allowed()).isTrue();
        assertThat(evictWeb1(withBudget(exists, web1)).reason()).isEqualTo(Reason.PDB_BLOCKED);
        assertThat(evictWeb1(withBudget(doesNotExist, web1)).allowed()).isTrue();
    }

    @Test
    void anEmptySelectorSelectsEveryPodAndNoSelectorNone() {
        Pod web1 = pod("web-1", true).build();
        PodDisruptionBudget everything = budget(0).editSpec().withNewSelector().endSelector().endSpec().build();
        PodDisruptionBudget nothing = budget(0).editSpec().withSelector(null).endSpec().build();

        assertThat(evictWeb1(withBudget(everything, web1)).reason()).isEqualTo(Reason.PDB_BLOCKED);
        assertThat(evictWeb1(withBudget(nothing, web1)).allowed()).isTrue();
    }

    @Test
    void aBudgetInAnotherNamespaceDoesNotBlock() {
        PodDisruptionBudget elsewhere = budget(0).editMetadata().withNamespace("blog").endMetadata().build();

        assertThat(evictWeb1(withBudget(elsewhere, pod("web-1", true).build())).allowed()).isTrue();
    }

    @Test
    void aNotReadyPodUnderABudgetThatIsMetMayGoWithoutSpendingIt() {
        // 1.20: a pod that is not Ready skips the budget when currentHealthy >= desiredHealthy > 0
        assertThat(evictWeb1(withBudget(budget(0, 1, 1).build(), pod("web-1", false).build(), pod("web-2", true).build())).allowed()).isTrue();
    }

    @Test
    void withEveryReplicaCrashLoopingUnderMinAvailableOneTheEvictionIsHeldAsTheServerWouldRefuseIt() {
        // the real server answers 429 for a Running, not-Ready pod when the budget has no healthy headroom
        GuardVerdict verdict = evictWeb1(withBudget(budget(0, 0, 1).build(), pod("web-1", false).build(), pod("web-2", false).build()));

        assertThat(verdict.decision()).isEqualTo(Decision.HOLD);
        assertThat(verdict.reason()).isEqualTo(Reason.PDB_BLOCKED);
        assertThat(verdict.detail()).contains("needs 1 healthy pods and has 0");
    }

    @Test
    void aBudgetStatusThatLagsBehindReplicasThatJustStartedToCrashIsNotTakenForHeadroom() {
        // the disruption controller has not recounted yet: 3 healthy, 2 disruptions allowed; the pods say otherwise
        PodDisruptionBudget stale = budget(2, 3, 1).editStatus().withExpectedPods(3).endStatus().build();
        GuardVerdict verdict = evictWeb1(withBudget(stale, pod("web-1", false).build(), pod("web-2", false).build(), pod("web-3", false).build()));

        assertThat(verdict.reason()).isEqualTo(Reason.PDB_BLOCKED);
        assertThat(verdict.detail()).contains("needs 1 healthy pods and has 0");
    }

    @Test
    void aBudgetOverPodsOfOtherWorkloadsTooIsJudgedByItsStatus() {
        // the budget counts 5 pods; the snapshot holds only this Deployment's 2: the status's count is the better one
        PodDisruptionBudget wide = budget(2, 3, 1).editStatus().withExpectedPods(5).endStatus().build();
        assertThat(evictWeb1(withBudget(wide, pod("web-1", false).build(), pod("web-2", false).build())).allowed()).isTrue();
    }

    @Test
    void alwaysAllowLetsANotReadyPodGoAndPendingPodsSkipTheBudget() {
        PodDisruptionBudget alwaysAllow = budget(0, 0, 1).editSpec().withUnhealthyPodEvictionPolicy("AlwaysAllow").endSpec().build();
        Pod pending = pod("web-1", false).editStatus().withPhase("Pending").endStatus().build();

        assertThat(evictWeb1(withBudget(alwaysAllow, pod("web-1", false).build())).allowed()).isTrue();
        assertThat(evictWeb1(withBudget(budget(0, 0, 1).build(), pending)).allowed()).isTrue();
    }

    @Test
    void aRollingRestartOrMemoryRaiseWaitsWhileAnotherRolloutIsInProgress() {
        TargetSnapshot done = snapshot().deployment(deployment(2, 2, 2)).pods(List.of(pod("web-1", true).build())).build();
        TargetSnapshot rolling = snapshot().deployment(deployment(2, 3, 1)).pods(List.of(pod("web-1", true).build())).build();

        assertThat(guard.check(step(ActionType.ROLLOUT_RESTART), context().snapshot(done).build()).allowed()).isTrue();
        GuardVerdict held = guard.check(step(ActionType.RAISE_MEMORY_LIMIT), context().snapshot(rolling).build());
        assertThat(held.decision()).isEqualTo(Decision.HOLD);
        assertThat(held.reason()).isEqualTo(Reason.BLAST_RADIUS);
        assertThat(held.detail()).contains("a rollout is in progress").contains("1 of 3 updated");
    }

    /** A Deployment whose controller observed its spec and reports {@code replicas} pods, {@code updated} of the current template. */
    private static io.fabric8.kubernetes.api.model.apps.Deployment deployment(int desired, int replicas, int updated) {
        return new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(GuardFixtures.deployment(desired))
                .editMetadata().withGeneration(4L).endMetadata()
                .withNewStatus().withObservedGeneration(4L).withReplicas(replicas).withUpdatedReplicas(updated).endStatus().build();
    }
}
