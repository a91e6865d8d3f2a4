package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatefulSetsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    /** A StatefulSet "db" whose template moved from revision db-old to db-new (observed), with the given policy and strategy. */
    private static StatefulSet set(String policy, String strategy) {
        return set(policy, strategy, 3);
    }

    private static StatefulSet set(String policy, String strategy, int replicas) {
        return new StatefulSetBuilder().withNewMetadata().withNamespace("shop").withName("db").withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(replicas).withPodManagementPolicy(policy).withNewUpdateStrategy().withType(strategy).endUpdateStrategy().endSpec()
                .withNewStatus().withObservedGeneration(2L).withCurrentRevision("db-old").withUpdateRevision("db-new").endStatus().build();
    }

    private static Pod pod(int ordinal, String revision, boolean ready) {
        return new PodBuilder().withNewMetadata().withNamespace("shop").withName("db-" + ordinal).addToLabels("controller-revision-hash", revision)
                .endMetadata().withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition().endStatus().build();
    }

    private static TargetSnapshot snapshot(StatefulSet set, Pod... pods) {
        return TargetSnapshot.builder(ResourceRef.statefulSet("shop", "db"), NOW).statefulSet(set).pods(List.of(pods)).build();
    }

    @Test
    void orderedReadyWaitsOnTheLowestUnhealthyPodOfTheOldRevision() {
        StatefulSet set = set("OrderedReady", "RollingUpdate");
        assertThat(StatefulSets.stuckPod(snapshot(set, pod(2, "db-old", false), pod(0, "db-old", true), pod(1, "db-old", false))))
                .hasValueSatisfying(p -> assertThat(p.getMetadata().getName()).isEqualTo("db-1"));
        assertThat(StatefulSets.stuckPod(snapshot(set("OrderedReady", "RollingUpdate", 1), pod(0, "db-old", false))))
                .as("a single broken replica").isPresent();
    }

    @Test
    void aBrokenPodOfTheNewRevisionIsTheVerificationsBusinessNotAStuckRollout() {
        assertThat(StatefulSets.stuckPod(snapshot(set("OrderedReady", "RollingUpdate"), pod(0, "db-new", false), pod(1, "db-old", false)))).isEmpty();
    }

    @Test
    void parallelRollsOnByItselfOnDeleteNeverDoes() {
        assertThat(StatefulSets.stuckPod(snapshot(set("Parallel", "RollingUpdate"), pod(0, "db-old", false)))).isEmpty();
        assertThat(StatefulSets.stuckPod(snapshot(set("Parallel", "OnDelete", 1), pod(0, "db-old", false)))).isPresent();
    }

    @Test
    void nothingWaitsWithoutAPendingRevisionOrBeforeTheControllerObservedIt() {
        StatefulSet settled = new StatefulSetBuilder(set("OrderedReady", "RollingUpdate")).editStatus().withUpdateRevision("db-old").endStatus().build();
        assertThat(StatefulSets.stuckPod(snapshot(settled, pod(0, "db-old", false)))).isEmpty();
        StatefulSet unobserved = new StatefulSetBuilder(set("OrderedReady", "RollingUpdate")).editStatus().withObservedGeneration(1L).endStatus().build();
        assertThat(StatefulSets.stuckPod(snapshot(unobserved, pod(0, "db-old", false)))).isEmpty();
        Pod terminating = new PodBuilder(pod(0, "db-old", false)).editMetadata().withDeletionTimestamp(NOW.toString()).endMetadata().build();
        assertThat(StatefulSets.stuckPod(snapshot(set("OrderedReady", "RollingUpdate", 1), terminating))).as("already going").isEmpty();
    }

    @Test
    void oneBrokenPodIsReplacedAtATimeAsTheControllerWould() {
        StatefulSet set = set("OrderedReady", "RollingUpdate");
        Pod terminating = new PodBuilder(pod(0, "db-old", false)).editMetadata().withDeletionTimestamp(NOW.toString()).endMetadata().build();
        assertThat(StatefulSets.stuckPod(snapshot(set, terminating, pod(1, "db-old", false), pod(2, "db-old", false))))
                .as("db-0 is on its way out: db-1 waits its turn").isEmpty();
        assertThat(StatefulSets.stuckPod(snapshot(set, pod(1, "db-old", false), pod(2, "db-old", false))))
                .as("db-0 is not back yet").isEmpty();
        assertThat(StatefulSets.stuckPod(snapshot(set, pod(0, "db-new", false), pod(1, "db-old", false), pod(2, "db-old", false))))
                .as("db-0 is back on the new revision but not Ready yet").isEmpty();
        assertThat(StatefulSets.stuckPod(snapshot(set, pod(0, "db-new", true), pod(1, "db-old", false), pod(2, "db-old", false))))
                .hasValueSatisfying(p -> assertThat(p.getMetadata().getName()).isEqualTo("db-1"));
    }

    @Test
    void podsBelowARollingUpdatePartitionKeepTheOldRevision() {
        StatefulSet canary = new StatefulSetBuilder(set("OrderedReady", "RollingUpdate")).editSpec().editUpdateStrategy()
                .withNewRollingUpdate().withPartition(2).endRollingUpdate().endUpdateStrategy().endSpec().build();
        assertThat(StatefulSets.stuckPod(snapshot(canary, pod(0, "db-old", false), pod(1, "db-old", true), pod(2, "db-new", true))))
                .as("db-0 is meant to stay on db-old").isEmpty();
        assertThat(StatefulSets.stuckPod(snapshot(canary, pod(0, "db-old", true), pod(1, "db-old", true), pod(2, "db-old", false))))
                .hasValueSatisfying(p -> assertThat(p.getMetadata().getName()).isEqualTo("db-2"));
    }
}
