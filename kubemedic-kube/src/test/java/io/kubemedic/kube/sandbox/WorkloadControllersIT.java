package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.model.Ownership;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulated DaemonSet, Job, HPA and ReplicaSet-adoption behaviour of a 1.20 controller-manager. */
class WorkloadControllersIT {

    private static final String NS = "ops";

    private ControlPlaneHarness harness;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        harness = new ControlPlaneHarness(NS, new MutableClock(Instant.parse("2026-12-01T10:00:00Z")));
        client = harness.client();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aDaemonSetRunsOnePodPerFittingNodeCordonedIncludedAndReplacesADeletedOne() {
        node("n1", false, false);
        node("n2", true, false);
        node("n3", false, true);
        client.apps().daemonSets().inNamespace(NS).resource(new DaemonSetBuilder().withNewMetadata().withName("agent").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "agent")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "agent")).endMetadata()
                .withNewSpec().addNewContainer().withName("agent").withImage("agent:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        run(3, p -> TestKubelet.State.RUNNING_READY);
        assertThat(pods()).extracting(DaemonPods::nodeOf).as("n3 has a taint the pods do not tolerate; the cordoned n2 still gets one")
                .containsExactlyInAnyOrder("n1", "n2");
        Pod onN1 = pods().stream().filter(p -> "n1".equals(DaemonPods.nodeOf(p))).findFirst().orElseThrow();
        assertThat(onN1.getSpec().getNodeName()).as("binding is the scheduler's part").isNull();
        assertThat(onN1.getMetadata().getName()).matches("agent-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(onN1.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())
                .singleElement().satisfies(t -> assertThat(t.getMatchFields()).singleElement().satisfies(r -> {
                    assertThat(r.getKey()).isEqualTo("metadata.name");
                    assertThat(r.getValues()).containsExactly("n1");
                }));
        assertThat(onN1.getSpec().getTolerations()).anyMatch(t -> "node.kubernetes.io/unschedulable".equals(t.getKey()));
        DaemonSet ds = client.apps().daemonSets().inNamespace(NS).withName("agent").get();
        assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(2);
        assertThat(ds.getStatus().getCurrentNumberScheduled()).isEqualTo(2);
        assertThat(ds.getStatus().getNumberReady()).isEqualTo(2);
        assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(2);
        client.pods().resource(onN1).delete();
        run(2, p -> TestKubelet.State.RUNNING_READY);
        assertThat(pods()).extracting(DaemonPods::nodeOf).containsExactlyInAnyOrder("n1", "n2");
        assertThat(pods()).noneMatch(p -> p.getMetadata().getUid().equals(onN1.getMetadata().getUid()));
    }

    @Test
    void aJobRunsUpToParallelismUntilItsCompletionsSucceed() {
        client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata().withName("migrate").endMetadata()
                .withNewSpec().withParallelism(2).withCompletions(3).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("m").withImage("m:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        run(1, p -> TestKubelet.State.RUNNING_READY);
        assertThat(pods()).hasSize(2).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("job-name", "migrate").containsKey("controller-uid"));
        String first = pods().getFirst().getMetadata().getName();
        run(2, p -> p.getMetadata().getName().equals(first) ? new TestKubelet.State("Succeeded", false) : TestKubelet.State.RUNNING_READY);
        assertThat(pods()).hasSize(3);
        assertThat(job().getStatus().getSucceeded()).isEqualTo(1);
        assertThat(job().getStatus().getActive()).isEqualTo(2);
        run(3, p -> new TestKubelet.State("Succeeded", false));
        assertThat(job().getStatus().getSucceeded()).isEqualTo(3);
        assertThat(job().getStatus().getActive()).isNull();
        assertThat(job().getStatus().getConditions()).singleElement().satisfies(c -> assertThat(c.getType()).isEqualTo("Complete"));
        assertThat(job().getStatus().getCompletionTime()).isNotNull();
    }

    @Test
    void anHpaRaisesItsTargetToMinReplicasAndCapsItAtMaxWithoutMetrics() {
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("web:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        client.autoscaling().v1().horizontalPodAutoscalers().inNamespace(NS).resource(new HorizontalPodAutoscalerBuilder().withNewMetadata()
                .withName("web").endMetadata().withNewSpec().withMinReplicas(3).withMaxReplicas(5).withNewScaleTargetRef()
                .withApiVersion("apps/v1").withKind("Deployment").withName("web").endScaleTargetRef().endSpec().build()).create();
        run(1, p -> TestKubelet.State.RUNNING_READY);
        assertThat(client.apps().deployments().inNamespace(NS).withName("web").get().getSpec().getReplicas()).isEqualTo(3);
        assertThat(client.autoscaling().v1().horizontalPodAutoscalers().inNamespace(NS).withName("web").get().getStatus()).satisfies(s -> {
            assertThat(s.getCurrentReplicas()).isEqualTo(1);
            assertThat(s.getDesiredReplicas()).isEqualTo(3);
            assertThat(s.getLastScaleTime()).isEqualTo("2026-12-01T10:00:00Z");
        });
        client.apps().deployments().inNamespace(NS).withName("web").scale(8);
        run(1, p -> TestKubelet.State.RUNNING_READY);
        assertThat(client.apps().deployments().inNamespace(NS).withName("web").get().getSpec().getReplicas()).isEqualTo(5);
        client.apps().deployments().inNamespace(NS).withName("web").scale(0);
        run(1, p -> TestKubelet.State.RUNNING_READY);
        assertThat(client.apps().deployments().inNamespace(NS).withName("web").get().getSpec().getReplicas()).as("0 disables autoscaling").isZero();
    }

    @Test
    void aReplicaSetReleasesARelabelledPodAndReplacesItAndAdoptsAMatchingOrphan() {
        client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("web:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        run(2, p -> TestKubelet.State.RUNNING_READY);
        Pod quarantined = pods().getFirst();
        client.pods().inNamespace(NS).withName(quarantined.getMetadata().getName())
                .edit(p -> new PodBuilder(p).editMetadata().addToLabels("app", "debug").endMetadata().build());
        run(3, p -> TestKubelet.State.RUNNING_READY);
        assertThat(client.pods().inNamespace(NS).withName(quarantined.getMetadata().getName()).get()).satisfies(p -> assertThat(Ownership.controller(p)).isEmpty());
        assertThat(pods().stream().filter(p -> "web".equals(p.getMetadata().getLabels().get("app")))).hasSize(2);
        client.pods().inNamespace(NS).withName(quarantined.getMetadata().getName())
                .edit(p -> new PodBuilder(p).editMetadata().addToLabels("app", "web").endMetadata().build());
        run(3, p -> TestKubelet.State.RUNNING_READY);
        assertThat(pods()).as("the orphan is adopted and one surplus pod goes").hasSize(2)
                .allSatisfy(p -> assertThat(Ownership.controller(p)).isPresent());
    }

    @Test
    void aSettledClusterGetsNoWritesFromTheControllers() {
        node("n1", false, false);
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("web:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        client.apps().statefulSets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder().withNewMetadata().withName("db").endMetadata()
                .withNewSpec().withReplicas(2).withServiceName("db").withNewSelector().withMatchLabels(Map.of("app", "db")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "db")).endMetadata()
                .withNewSpec().addNewContainer().withName("db").withImage("db:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        client.apps().daemonSets().inNamespace(NS).resource(new DaemonSetBuilder().withNewMetadata().withName("agent").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "agent")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "agent")).endMetadata()
                .withNewSpec().addNewContainer().withName("agent").withImage("agent:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        client.policy().v1().podDisruptionBudget().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("web").endMetadata().withNewSpec().withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString("50%"))
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector().endSpec().build()).create();
        client.autoscaling().v1().horizontalPodAutoscalers().inNamespace(NS).resource(new HorizontalPodAutoscalerBuilder().withNewMetadata()
                .withName("web").endMetadata().withNewSpec().withMinReplicas(2).withMaxReplicas(5).withNewScaleTargetRef()
                .withApiVersion("apps/v1").withKind("Deployment").withName("web").endScaleTargetRef().endSpec().build()).create();
        run(15, p -> TestKubelet.State.RUNNING_READY);
        assertThat(pods()).hasSize(5);
        int before = harness.cluster().requests().size();
        run(5, p -> TestKubelet.State.RUNNING_READY);
        assertThat(harness.cluster().requests().subList(before, harness.cluster().requests().size()))
                .as("nothing changed, so nothing is written").isEmpty();
    }

    @Test
    void deletingADeploymentTakesItsReplicaSetsAndPodsWithItButLeavesOtherPods() {
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("web:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("bare").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("x:1").endContainer().endSpec().build()).create();
        run(3, p -> TestKubelet.State.RUNNING_READY);
        assertThat(pods()).hasSize(3);
        client.apps().deployments().inNamespace(NS).withName("web").delete();
        run(1, p -> TestKubelet.State.RUNNING_READY);
        assertThat(client.apps().replicaSets().inNamespace(NS).list().getItems()).as("orphaned on one tick only: not yet").hasSize(1);
        run(3, p -> TestKubelet.State.RUNNING_READY);
        assertThat(client.apps().replicaSets().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(pods()).extracting(p -> p.getMetadata().getName()).containsExactly("bare");
    }

    private void run(int ticks, Function<Pod, TestKubelet.State> kubelet) {
        harness.run(ticks, kubelet);
    }

    private void node(String name, boolean cordoned, boolean tainted) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withUnschedulable(cordoned).endSpec();
        if (tainted) {
            b.editSpec().addNewTaint().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").endTaint().endSpec();
        }
        client.nodes().resource(b.build()).create();
    }

    private List<Pod> pods() {
        return client.pods().inNamespace(NS).list().getItems();
    }

    private Job job() {
        return client.batch().v1().jobs().inNamespace(NS).withName("migrate").get();
    }
}
