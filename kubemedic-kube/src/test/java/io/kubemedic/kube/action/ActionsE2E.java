package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubemedic.core.decision.Revisions;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Risk;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The actions against the real kube-apiserver 1.20 + controller-manager (./run-tests starts it; see
 * scripts/real-apiserver), where the CRUD mock hid the defects: a JSON patch adding to a missing annotations map is
 * 422 there, a budget refuses to evict a pod that is not Ready, fabric8 retried that 429 for about 20 s, and the real
 * Deployment controller keeps and reuses ReplicaSets.
 */
class ActionsE2E {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NODE = "km-actions-" + UUID.randomUUID().toString().substring(0, 6);
    private static KubernetesClient admin;
    private static KubernetesClient writer;
    private static String ns;

    @BeforeAll
    static void connect() {
        String kubeconfig = System.getProperty("kubemedic.e2e.kubeconfig");
        assertThat(kubeconfig).as("-Dkubemedic.e2e.kubeconfig (./run-tests passes it when the real API server runs)").isNotBlank();
        admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, new File(kubeconfig))).build();
        writer = ActionClient.withoutRetries(admin);
        ns = "km-actions-" + UUID.randomUUID().toString().substring(0, 6);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()).create();
        await().atMost(WAIT).until(() -> { // with its token: the ServiceAccount admission refuses pods until the token controller made it
            var sa = admin.serviceAccounts().inNamespace(ns).withName("default").get();
            return sa != null && sa.getSecrets() != null && !sa.getSecrets().isEmpty();
        });
    }

    @AfterAll
    static void cleanUp() {
        if (admin != null) {
            admin.namespaces().withName(ns).delete();
            admin.nodes().withName(NODE).delete();
            admin.close();
        }
    }

    private static Step step(ActionType type, ResourceRef target, Map<String, String> params) {
        return new Step(type, target, target.isKind(ResourceRef.POD) ? ResourceRef.deployment(ns, "web") : target, params,
                Reason.CRASH_LOOP_EVICT, "e2e", 0.8, Risk.LOW, type.policyName(), true, "e2e");
    }

    private static TargetSnapshot none(ResourceRef target) {
        return TargetSnapshot.builder(target, Instant.now()).build();
    }

    /** A Deployment with no annotations on its pod template, as most real ones are, rolled out by the real controller. */
    private static Deployment deployment(String name, String image) {
        admin.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("app").withImage(image).build()).endSpec().endTemplate()
                .endSpec().build()).create();
        return awaitRolledOut(name);
    }

    private static Deployment awaitRolledOut(String name) {
        await().atMost(WAIT).until(() -> {
            Deployment d = admin.apps().deployments().inNamespace(ns).withName(name).get();
            return d.getStatus() != null && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration())
                    && d.getStatus().getUpdatedReplicas() != null && d.getStatus().getUpdatedReplicas().equals(d.getStatus().getReplicas());
        });
        return admin.apps().deployments().inNamespace(ns).withName(name).get();
    }

    /**
     * The controller has seen the latest spec and made its ReplicaSet. (Without a kubelet the new pods never become
     * available, so a rolling update with maxUnavailable 0 never finishes here: old pods stay, as in a stuck rollout.)
     */
    private static Deployment awaitObserved(String name, String revision) {
        await().atMost(WAIT).until(() -> {
            Deployment d = admin.apps().deployments().inNamespace(ns).withName(name).get();
            return d.getStatus() != null && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration())
                    && revision.equals(d.getMetadata().getAnnotations().get(Revisions.REVISION));
        });
        return admin.apps().deployments().inNamespace(ns).withName(name).get();
    }

    /** A pod on the test node, Running and not Ready: a crash-looping replica as the kubelet would report it. */
    private static Pod runningNotReady(String name, String app) {
        Pod pod = admin.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).withLabels(Map.of("app", app)).endMetadata()
                .withNewSpec().withNodeName(NODE).withContainers(new ContainerBuilder().withName("app").withImage("busybox").build()).endSpec().build()).create();
        pod.setStatus(new PodStatusBuilder().withPhase("Running").addNewCondition().withType("Ready").withStatus("False").endCondition().build());
        return admin.pods().inNamespace(ns).resource(pod).updateStatus();
    }

    @Test
    void aRollingRestartWorksOnATemplateWithoutAnnotations() {
        deployment("plain", "registry.example.com/plain:1");
        ResourceRef plain = ResourceRef.deployment(ns, "plain");
        Step restart = step(ActionType.ROLLOUT_RESTART, plain, Map.of("restartedAt", "2026-12-01T10:00:00Z"));

        ActionResult r = new RolloutRestartAction(writer).execute(restart, none(plain));

        assertThat(r.status()).as(r.message()).isEqualTo(ActionResult.Status.APPLIED);
        assertThat(admin.apps().deployments().inNamespace(ns).withName("plain").get().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(Revisions.RESTARTED_AT, "2026-12-01T10:00:00Z");
        awaitObserved("plain", "2");
        assertThat(new RolloutRestartAction(writer).execute(restart, none(plain)).status()).as("idempotent per rung").isEqualTo(ActionResult.Status.NO_OP);
    }

    @Test
    void aBudgetRefusingToEvictANotReadyPodIsBlockedAtOnceWithTheBudgetNamed() {
        Pod pod = runningNotReady("crashing-1", "pdb");
        admin.policy().v1beta1().podDisruptionBudget().inNamespace(ns).resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName("pdb")
                .endMetadata().withNewSpec().withMinAvailable(new IntOrString(1)).withNewSelector().withMatchLabels(Map.of("app", "pdb"))
                .endSelector().endSpec().build()).create();
        await().atMost(WAIT).until(() -> {
            var p = admin.policy().v1beta1().podDisruptionBudget().inNamespace(ns).withName("pdb").get();
            return p.getStatus() != null && p.getStatus().getObservedGeneration() != null && p.getStatus().getExpectedPods() == 1;
        });
        long started = System.nanoTime();

        ActionResult r = new EvictPodAction(writer).execute(step(ActionType.EVICT_POD, ResourceRef.pod(ns, "crashing-1"),
                Map.of("podUid", pod.getMetadata().getUid())), none(ResourceRef.pod(ns, "crashing-1")));

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(r.status()).as(r.message()).isEqualTo(ActionResult.Status.BLOCKED);
        assertThat(r.details()).containsEntry("budget", "The disruption budget pdb needs 1 healthy pods and has 0 currently");
        assertThat(millis).as("the client's own 429 retry loop (about 20 s) must not hold the worker").isLessThan(3_000);
        assertThat(admin.pods().inNamespace(ns).withName("crashing-1").get().getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void aPodReplacedUnderTheSameNameIsNotEvicted() {
        runningNotReady("renamed", "uid");
        ActionResult r = new EvictPodAction(writer).execute(step(ActionType.EVICT_POD, ResourceRef.pod(ns, "renamed"),
                Map.of("podUid", "uid-of-an-earlier-pod")), none(ResourceRef.pod(ns, "renamed")));
        assertThat(r.status()).isEqualTo(ActionResult.Status.STALE);
        assertThat(admin.pods().inNamespace(ns).withName("renamed").get().getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void aRollbackGoesBackToTheEarlierReleaseAndTheControllerReusesItsReplicaSet() {
        deployment("rb", "registry.example.com/rb:1");
        admin.apps().deployments().inNamespace(ns).withName("rb").edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec()
                .editFirstContainer().withImage("registry.example.com/rb:2").endContainer().endSpec().endTemplate().endSpec().build());
        Deployment v2 = awaitObserved("rb", "2");
        var v1 = admin.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .filter(rs -> rs.getMetadata().getName().startsWith("rb-") && "1".equals(rs.getMetadata().getAnnotations().get(Revisions.REVISION)))
                .findFirst().orElseThrow();
        String hash = v1.getMetadata().getLabels().get(Revisions.TEMPLATE_HASH);
        ResourceRef rb = ResourceRef.deployment(ns, "rb");

        ActionResult r = new RollbackAction(writer).execute(step(ActionType.ROLLBACK, rb,
                Map.of("revision", "1", "fromRevision", "2", "templateHash", hash)), none(rb));

        assertThat(r.status()).as(r.message()).isEqualTo(ActionResult.Status.APPLIED);
        Deployment back = awaitObserved("rb", "3");
        assertThat(back.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("registry.example.com/rb:1");
        assertThat(back.getMetadata().getAnnotations()).containsEntry(Revisions.REVISION, "3");
        assertThat(admin.apps().replicaSets().inNamespace(ns).withName(v1.getMetadata().getName()).get().getMetadata().getAnnotations())
                .as("the old ReplicaSet is reused with the next revision").containsEntry(Revisions.REVISION, "3");
        assertThat(v2.getMetadata().getAnnotations()).containsEntry(Revisions.REVISION, "2");
    }

    @Test
    void anAutoscaledWorkloadGetsItsAutoscalersMinimumRaisedAndTheHpaControllerScalesIt() {
        deployment("prod-hpa", "registry.example.com/hpa:1");
        admin.autoscaling().v1().horizontalPodAutoscalers().inNamespace(ns).resource(new HorizontalPodAutoscalerBuilder().withNewMetadata()
                .withName("prod-hpa").endMetadata().withNewSpec().withMinReplicas(1).withMaxReplicas(4).withNewScaleTargetRef()
                .withApiVersion("apps/v1").withKind("Deployment").withName("prod-hpa").endScaleTargetRef().endSpec().build()).create();
        ResourceRef target = ResourceRef.deployment(ns, "prod-hpa");

        ActionResult r = new ScaleAction(writer).execute(step(ActionType.SCALE, target,
                Map.of("replicas", "2", "hpa", "prod-hpa", "previousMinReplicas", "1")), none(target));

        assertThat(r.status()).as(r.message()).isEqualTo(ActionResult.Status.APPLIED);
        assertThat(admin.autoscaling().v1().horizontalPodAutoscalers().inNamespace(ns).withName("prod-hpa").get().getSpec().getMinReplicas()).isEqualTo(2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(admin.apps().deployments().inNamespace(ns).withName("prod-hpa").get()
                .getSpec().getReplicas()).as("the real HPA controller enforces its minimum").isEqualTo(2));
    }

    @Test
    void drainEvictsControllerPodsSkipsDaemonAndBarePodsAndCordons() {
        String node = "km-drain-" + UUID.randomUUID().toString().substring(0, 6);
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build()).create();
        try {
            deployment("drained", "registry.example.com/drained:1");
            Pod managed = admin.pods().inNamespace(ns).withLabel("app", "drained").list().getItems().getFirst();
            admin.bindings().inNamespace(ns).resource(new BindingBuilder().withNewMetadata().withName(managed.getMetadata().getName())
                    .endMetadata().withNewTarget().withKind("Node").withName(node).endTarget().build()).create();
            Pod bare = admin.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("by-hand").endMetadata()
                    .withNewSpec().withNodeName(node).withContainers(new ContainerBuilder().withName("app").withImage("busybox").build()).endSpec().build()).create();
            List<Pod> onNode = List.of(admin.pods().inNamespace(ns).withName(managed.getMetadata().getName()).get(), bare);
            ResourceRef target = ResourceRef.node(node);

            ActionResult r = new DrainNodeAction(writer).execute(step(ActionType.DRAIN_NODE, target, Map.of()),
                    TargetSnapshot.builder(target, Instant.now()).pods(onNode).build());

            assertThat(r.status()).as(r.message()).isEqualTo(ActionResult.Status.APPLIED);
            assertThat(r.message()).contains("not evicted (no controller would recreate them) [" + ns + "/by-hand]");
            assertThat(admin.nodes().withName(node).get().getSpec().getUnschedulable()).isTrue();
            Pod evicted = admin.pods().inNamespace(ns).withName(managed.getMetadata().getName()).get();
            assertThat(evicted == null || evicted.getMetadata().getDeletionTimestamp() != null).as("evicted").isTrue();
            assertThat(admin.pods().inNamespace(ns).withName("by-hand").get().getMetadata().getDeletionTimestamp()).as("never deleted").isNull();
        } finally {
            admin.nodes().withName(node).delete();
        }
    }
}
