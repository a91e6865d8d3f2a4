package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudgetBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deployments on the sandbox's controllers and on the real controller-manager, the same checks on both: a stuck
 * rollout keeps the old pods, a rollback reuses them with the next revision, a completed roll, Recreate, names,
 * revisions, status and conditions, and PodDisruptionBudget status counted against the Deployment's scale.
 */
class DeploymentParityE2E {

    private static final Function<Pod, TestKubelet.State> V2_CRASHES = p -> image(p).endsWith(":2") ? TestKubelet.State.CRASHING : TestKubelet.State.RUNNING_READY;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void aStuckRolloutKeepsTheOldPodsAndARollbackReusesThem(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            create(t, 4, null);
            t.until(V2_CRASHES, () -> readyPods(t) == 4 && status(t).map(s -> s.getAvailableReplicas() != null && s.getAvailableReplicas() == 4).orElse(false));
            ReplicaSet first = set(t, ":1").orElseThrow();
            String hash = first.getMetadata().getLabels().get("pod-template-hash");
            assertThat(first.getMetadata().getName()).isEqualTo("web-" + hash);
            assertThat(pods(t)).allSatisfy(p -> assertThat(p.getMetadata().getName()).matches("web-" + hash + "-[a-z0-9]{5}"));
            assertThat(revision(first)).isEqualTo("1");
            Set<String> original = pods(t).stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());

            image(t, "registry.example.com/web:2");
            t.until(V2_CRASHES, () -> replicas(t, ":1") == 3 && replicas(t, ":2") == 2 && status(t).map(s -> s.getUpdatedReplicas() != null
                    && s.getUpdatedReplicas() == 2 && s.getUnavailableReplicas() != null && s.getUnavailableReplicas() == 2).orElse(false));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                t.kubelet(V2_CRASHES);
                return replicas(t, ":1") == 3 && replicas(t, ":2") == 2;
            });
            Deployment d = t.client().apps().deployments().inNamespace(t.namespace()).withName("web").get();
            assertThat(d.getStatus().getReplicas()).isEqualTo(5);
            assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
            assertThat(condition(d, "Available")).satisfies(c -> assertThat(List.of(c.getStatus(), c.getReason())).containsExactly("True", "MinimumReplicasAvailable"));
            assertThat(condition(d, "Progressing")).satisfies(c -> assertThat(List.of(c.getStatus(), c.getReason())).containsExactly("True", "ReplicaSetUpdated"));
            assertThat(revision(d)).isEqualTo("2");
            assertThat(pods(t).stream().filter(p -> image(p).endsWith(":1")).map(p -> p.getMetadata().getUid())).hasSize(3).allMatch(original::contains);

            image(t, "registry.example.com/web:1");
            t.until(V2_CRASHES, () -> replicas(t, ":1") == 4 && replicas(t, ":2") == 0 && pods(t).size() == 4 && readyPods(t) == 4);
            ReplicaSet reused = set(t, ":1").orElseThrow();
            assertThat(reused.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
            assertThat(revision(reused)).isEqualTo("3");
            assertThat(reused.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision-history", "1");
            assertThat(pods(t).stream().filter(p -> original.contains(p.getMetadata().getUid()))).hasSize(3);
            t.until(V2_CRASHES, () -> status(t).flatMap(s -> s.getConditions().stream().filter(c -> "Progressing".equals(c.getType())).findFirst())
                    .map(c -> "NewReplicaSetAvailable".equals(c.getReason())).orElse(false));
            assertThat(revision(t.client().apps().deployments().inNamespace(t.namespace()).withName("web").get())).isEqualTo("3");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void aResizeDuringAStuckRolloutIsSpreadOverBothReplicaSetsInProportion(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            create(t, 4, null);
            t.until(V2_CRASHES, () -> readyPods(t) == 4);
            image(t, "registry.example.com/web:2");
            t.until(V2_CRASHES, () -> replicas(t, ":1") == 3 && replicas(t, ":2") == 2);
            merge(t, "{\"spec\":{\"replicas\":8}}");
            t.until(V2_CRASHES, () -> replicas(t, ":1") == 6 && replicas(t, ":2") == 4);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                t.kubelet(V2_CRASHES);
                return replicas(t, ":1") == 6 && replicas(t, ":2") == 4;
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void anUpdateAwayFromACrashLoopingRevisionRemovesTheUnhealthyOldPodsFirstAndCompletes(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            create(t, 4, null);
            Function<Pod, TestKubelet.State> v1Crashes = p -> image(p).endsWith(":1") ? TestKubelet.State.CRASHING : TestKubelet.State.RUNNING_READY;
            t.until(v1Crashes, () -> pods(t).size() == 4);
            image(t, "registry.example.com/web:2");
            t.until(v1Crashes, () -> replicas(t, ":1") == 0 && replicas(t, ":2") == 4 && readyPods(t) == 4 && pods(t).size() == 4);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void recreateEmptiesTheOldReplicaSetBeforeTheNewOneGetsPods(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            create(t, 2, "Recreate");
            t.until(p -> TestKubelet.State.RUNNING_READY, () -> readyPods(t) == 2);
            image(t, "registry.example.com/web:2");
            t.until(p -> TestKubelet.State.RUNNING_READY, () -> {
                assertThat(pods(t).stream().map(DeploymentParityE2E::image).distinct().count()).as("never old and new pods together").isLessThanOrEqualTo(1);
                return replicas(t, ":2") == 2 && readyPods(t) == 2 && pods(t).stream().allMatch(p -> image(p).endsWith(":2"));
            });
            assertThat(replicas(t, ":1")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void budgetPercentagesCountAgainstTheDeploymentsScaleRoundedUp(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            create(t, 3, null);
            budget(t, "min", b -> b.withMinAvailable(new IntOrString("50%")));
            budget(t, "max", b -> b.withMaxUnavailable(new IntOrString("34%")));
            Function<Pod, TestKubelet.State> twoReady = p -> pods(t).stream().map(x -> x.getMetadata().getName()).sorted().findFirst()
                    .map(first -> first.equals(p.getMetadata().getName()) ? TestKubelet.State.CRASHING : TestKubelet.State.RUNNING_READY).orElse(null);
            t.until(twoReady, () -> pods(t).size() == 3 && budgetStatus(t, "min", 3, 2, 2, 0) && budgetStatus(t, "max", 3, 1, 2, 1));
        }
    }

    private static boolean budgetStatus(ParityTarget t, String name, int expected, int desired, int healthy, int allowed) {
        PodDisruptionBudget pdb = t.client().policy().v1beta1().podDisruptionBudget().inNamespace(t.namespace()).withName(name).get();
        var s = pdb.getStatus();
        return s != null && s.getExpectedPods() == expected && s.getDesiredHealthy() == desired && s.getCurrentHealthy() == healthy
                && s.getDisruptionsAllowed() == allowed;
    }

    private static void budget(ParityTarget t, String name, java.util.function.Consumer<io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudgetSpecFluent<?>> spec) {
        PodDisruptionBudgetBuilder b = new PodDisruptionBudgetBuilder().withNewMetadata().withName(name).endMetadata();
        var s = b.withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector();
        spec.accept(s);
        t.client().policy().v1beta1().podDisruptionBudget().inNamespace(t.namespace()).resource(s.endSpec().build()).create();
    }

    private static void create(ParityTarget t, int replicas, String strategy) {
        DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.example.com/web:1").endContainer().endSpec().endTemplate().endSpec();
        if (strategy != null) {
            b.editSpec().withNewStrategy().withType(strategy).endStrategy().endSpec();
        }
        t.client().apps().deployments().inNamespace(t.namespace()).resource(b.build()).create();
    }

    /** A merge patch, not a read-modify-write: the real controller writes the Deployment all the time. */
    private static void image(ParityTarget t, String image) {
        merge(t, "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"" + image + "\"}]}}}}");
    }

    private static void merge(ParityTarget t, String patch) {
        t.client().apps().deployments().inNamespace(t.namespace()).withName("web")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), patch);
    }

    private static String image(Pod p) {
        return p.getSpec().getContainers().getFirst().getImage();
    }

    private static List<Pod> pods(ParityTarget t) {
        return t.client().pods().inNamespace(t.namespace()).list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static long readyPods(ParityTarget t) {
        return pods(t).stream().filter(PodStates::ready).count();
    }

    private static Optional<ReplicaSet> set(ParityTarget t, String imageSuffix) {
        return t.client().apps().replicaSets().inNamespace(t.namespace()).list().getItems().stream()
                .filter(rs -> rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage().endsWith(imageSuffix)).findFirst();
    }

    private static int replicas(ParityTarget t, String imageSuffix) {
        return set(t, imageSuffix).map(rs -> rs.getSpec().getReplicas()).orElse(-1);
    }

    private static Optional<io.fabric8.kubernetes.api.model.apps.DeploymentStatus> status(ParityTarget t) {
        return Optional.ofNullable(t.client().apps().deployments().inNamespace(t.namespace()).withName("web").get().getStatus());
    }

    private static String revision(io.fabric8.kubernetes.api.model.HasMetadata o) {
        return o.getMetadata().getAnnotations() == null ? null : o.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision");
    }

    private static DeploymentCondition condition(Deployment d, String type) {
        return d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }
}
