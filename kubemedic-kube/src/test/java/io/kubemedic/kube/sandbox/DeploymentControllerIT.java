package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulated Deployment and ReplicaSet controllers, driven tick by tick with a test kubelet and a hand-moved clock:
 * rolling updates within surge and unavailability, a stuck rollout that keeps the old pods, rollback onto the old
 * ReplicaSet, Recreate, revisions and the status the real controller writes.
 */
class DeploymentControllerIT {

    private static final String NS = "shop";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private ControlPlaneHarness harness;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        harness = new ControlPlaneHarness(NS, clock);
        client = harness.client();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aNewDeploymentGetsARevisionOneReplicaSetNamedByTemplateHashAndTheRealStatus() {
        deployment(3, null);
        run(10, p -> TestKubelet.State.RUNNING_READY);
        ReplicaSet rs = sets().getFirst();
        assertThat(sets()).hasSize(1);
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1")
                .containsEntry("deployment.kubernetes.io/desired-replicas", "3").containsEntry("deployment.kubernetes.io/max-replicas", "4");
        assertThat(pods()).hasSize(3).allSatisfy(p -> {
            assertThat(p.getMetadata().getName()).matches("web-" + hash + "-[bcdfghjklmnpqrstvwxz2456789]{5}");
            assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
        });
        Deployment d = deployment();
        assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(List.of(d.getStatus().getReplicas(), d.getStatus().getUpdatedReplicas(), d.getStatus().getReadyReplicas(), d.getStatus().getAvailableReplicas()))
                .containsOnly(3);
        assertThat(d.getStatus().getUnavailableReplicas()).isNull();
        assertThat(condition(d, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
        assertThat(condition(d, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(rs.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(rs.getStatus().getObservedGeneration()).isEqualTo(rs.getMetadata().getGeneration());
    }

    @Test
    void aRollingUpdateStaysWithinSurgeAndAvailabilityAndEndsOnTheNewReplicaSet() {
        deployment(4, null);
        run(10, p -> TestKubelet.State.RUNNING_READY);
        image("web:2");
        for (int i = 0; i < 30; i++) {
            harness.reconcile();
            TestKubelet.settle(client, NS, p -> TestKubelet.State.RUNNING_READY);
            List<Pod> pods = pods();
            assertThat(pods.size()).as("at most replicas + maxSurge(25%% of 4 = 1)").isLessThanOrEqualTo(5);
            assertThat(pods.stream().filter(PodStates::ready).count()).as("at least replicas - maxUnavailable(1)").isGreaterThanOrEqualTo(3);
        }
        assertThat(pods()).hasSize(4).allMatch(p -> p.getSpec().getContainers().getFirst().getImage().equals("web:2"));
        assertThat(set("web:1").getSpec().getReplicas()).isZero();
        assertThat(set("web:2").getSpec().getReplicas()).isEqualTo(4);
        assertThat(condition(deployment(), "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(deployment().getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    }

    @Test
    void aStuckRolloutKeepsTheOldPodsTimesOutAndARollbackReusesTheOldReplicaSet() {
        deployment(4, null);
        run(10, p -> TestKubelet.State.RUNNING_READY);
        Set<String> original = pods().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        image("web:2");
        run(20, p -> image(p).equals("web:2") ? TestKubelet.State.CRASHING : TestKubelet.State.RUNNING_READY);
        assertThat(set("web:1").getSpec().getReplicas()).as("4 - 1 unavailable allowed").isEqualTo(3);
        assertThat(set("web:2").getSpec().getReplicas()).as("1 surge + 1 unavailable").isEqualTo(2);
        assertThat(pods().stream().filter(p -> image(p).equals("web:1")).map(p -> p.getMetadata().getUid())).hasSize(3).allMatch(original::contains);
        Deployment d = deployment();
        assertThat(d.getStatus().getReplicas()).isEqualTo(5);
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(2);
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getUnavailableReplicas()).isEqualTo(2);
        assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
        assertThat(condition(d, "Progressing").getReason()).isEqualTo("ReplicaSetUpdated");

        clock.advance(Duration.ofSeconds(601));
        run(2, p -> image(p).equals("web:2") ? TestKubelet.State.CRASHING : TestKubelet.State.RUNNING_READY);
        assertThat(condition(deployment(), "Progressing")).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
        });

        image("web:1");
        run(20, p -> image(p).equals("web:2") ? TestKubelet.State.CRASHING : TestKubelet.State.RUNNING_READY);
        ReplicaSet old = set("web:1");
        assertThat(old.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3")
                .containsEntry("deployment.kubernetes.io/revision-history", "1");
        assertThat(old.getSpec().getReplicas()).isEqualTo(4);
        assertThat(set("web:2").getSpec().getReplicas()).isZero();
        assertThat(pods()).hasSize(4).allMatch(p -> image(p).equals("web:1"));
        assertThat(pods().stream().filter(p -> original.contains(p.getMetadata().getUid()))).as("the old ReplicaSet's pods stayed").hasSize(3);
        assertThat(deployment().getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
        assertThat(condition(deployment(), "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
    }

    @Test
    void recreateTakesTheOldPodsDownBeforeTheNewReplicaSetIsCreated() {
        deployment(2, "Recreate");
        run(10, p -> TestKubelet.State.RUNNING_READY);
        image("web:2");
        harness.reconcile();
        assertThat(sets()).hasSize(1).first().satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isZero());
        run(10, p -> TestKubelet.State.RUNNING_READY);
        assertThat(set("web:1").getSpec().getReplicas()).isZero();
        assertThat(set("web:2").getSpec().getReplicas()).isEqualTo(2);
        assertThat(pods()).hasSize(2).allMatch(p -> image(p).equals("web:2"));
    }

    @Test
    void aRolloutRestartIsANewRevisionAndAResizeScalesTheActiveReplicaSet() {
        deployment(2, null);
        run(10, p -> TestKubelet.State.RUNNING_READY);
        client.apps().deployments().inNamespace(NS).withName("web").edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editMetadata()
                .addToAnnotations("kubectl.kubernetes.io/restartedAt", "2026-12-01T10:00:00Z").endMetadata().endTemplate().endSpec().build());
        run(20, p -> TestKubelet.State.RUNNING_READY);
        ReplicaSet restarted = sets().stream().filter(rs -> rs.getSpec().getTemplate().getMetadata().getAnnotations() != null).findFirst().orElseThrow();
        assertThat(restarted.getSpec().getReplicas()).isEqualTo(2);
        assertThat(restarted.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
        assertThat(sets()).filteredOn(rs -> rs != restarted && !rs.getMetadata().getUid().equals(restarted.getMetadata().getUid()))
                .singleElement().satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isZero());
        client.apps().deployments().inNamespace(NS).withName("web").scale(5);
        run(10, p -> TestKubelet.State.RUNNING_READY);
        assertThat(sets()).extracting(rs -> rs.getSpec().getReplicas()).containsExactlyInAnyOrder(0, 5);
        assertThat(pods()).hasSize(5);
    }

    private void run(int ticks, Function<Pod, TestKubelet.State> kubelet) {
        harness.run(ticks, kubelet);
    }

    private void deployment(int replicas, String strategy) {
        DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("web:1").endContainer().endSpec().endTemplate().endSpec();
        if (strategy != null) {
            b.editSpec().withNewStrategy().withType(strategy).endStrategy().endSpec();
        } else {
            b.editSpec().withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString("25%"))
                    .withMaxUnavailable(new IntOrString("25%")).endRollingUpdate().endStrategy().endSpec();
        }
        client.apps().deployments().inNamespace(NS).resource(b.build()).create();
    }

    private void image(String image) {
        client.apps().deployments().inNamespace(NS).withName("web").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(image);
            return d;
        });
    }

    private static String image(Pod p) {
        return p.getSpec().getContainers().getFirst().getImage();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(NS).withName("web").get();
    }

    private List<ReplicaSet> sets() {
        return client.apps().replicaSets().inNamespace(NS).list().getItems();
    }

    private ReplicaSet set(String image) {
        return sets().stream().filter(rs -> rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage().equals(image)).findFirst().orElseThrow();
    }

    private List<Pod> pods() {
        return client.pods().inNamespace(NS).list().getItems();
    }

    private static DeploymentCondition condition(Deployment d, String type) {
        return d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }
}
