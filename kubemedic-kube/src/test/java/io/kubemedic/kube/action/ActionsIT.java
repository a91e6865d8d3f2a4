package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Risk;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import io.kubemedic.kube.sandbox.SandboxCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Each action against a real HTTP API server (the sandbox's), read back through the API. */
class ActionsIT {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static SandboxCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        cluster = SandboxCluster.start();
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    private static String namespace() {
        String ns = "act-" + SEQ.incrementAndGet();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        return ns;
    }

    private static Step step(ActionType type, ResourceRef target, Map<String, String> params) {
        ResourceRef workload = target.isKind(ResourceRef.POD) ? ResourceRef.deployment(target.namespace(), "web") : target;
        return new Step(type, target, workload, params, Reason.CRASH_LOOP_EVICT, "test", 0.8, Risk.LOW, type.policyName(), true, "test-rule");
    }

    private static TargetSnapshot none(ResourceRef target) {
        return TargetSnapshot.builder(target, NOW).build();
    }

    private static PodTemplateSpec template(String image, String memory) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("sidecar").withImage("proxy:1").build(),
                        new ContainerBuilder().withName("app").withImage(image).withNewResources()
                                .withLimits(Map.of("memory", new Quantity(memory))).withRequests(Map.of("memory", new Quantity("128Mi")))
                                .endResources().build()).endSpec().build();
    }

    private static Deployment deployment(String ns, int replicas) {
        return deployment(ns, replicas, template("web:2", "256Mi"));
    }

    /** A Deployment whose status says its controller observed it and finished rolling it out. */
    private static Deployment deployment(String ns, int replicas, PodTemplateSpec template) {
        Deployment d = client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("web")
                .withAnnotations(Map.of("deployment.kubernetes.io/revision", "2")).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withTemplate(template).endSpec().build()).create();
        d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).build());
        return client.apps().deployments().inNamespace(ns).resource(d).updateStatus();
    }

    private static Pod readyPod(String ns, String name) {
        Pod p = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).withLabels(Map.of("app", "web"))
                .addNewOwnerReference().withKind("ReplicaSet").withName("web-1").withUid("rs").withController(true).withApiVersion("apps/v1").endOwnerReference()
                .endMetadata().withNewSpec().withContainers(new ContainerBuilder().withName("app").withImage("web:2").build()).endSpec().build()).create();
        p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        return client.pods().inNamespace(ns).resource(p).updateStatus();
    }

    @Test
    void evictionDeletesThePodThroughTheEvictionApi() {
        String ns = namespace();
        Pod pod = readyPod(ns, "web-a");
        EvictPodAction action = new EvictPodAction(client);
        ActionResult r = action.execute(step(ActionType.EVICT_POD, ResourceRef.pod(ns, "web-a"), Map.of("podUid", pod.getMetadata().getUid())), none(ResourceRef.pod(ns, "web-a")));
        assertThat(r.status()).isEqualTo(ActionResult.Status.APPLIED);
        assertThat(client.pods().inNamespace(ns).withName("web-a").get()).isNull();
        assertThat(cluster.dispatcher().evictions()).anyMatch(e -> e.namespace().equals(ns) && e.pod().equals("web-a") && e.status() == 201);
        assertThat(action.execute(step(ActionType.EVICT_POD, ResourceRef.pod(ns, "web-a"), Map.of()), none(ResourceRef.pod(ns, "web-a"))).status())
                .as("already gone").isEqualTo(ActionResult.Status.NO_OP);
    }

    @Test
    void aReplacedPodIsNotEvicted() {
        String ns = namespace();
        readyPod(ns, "web-a");
        ActionResult r = new EvictPodAction(client).execute(step(ActionType.EVICT_POD, ResourceRef.pod(ns, "web-a"), Map.of("podUid", "an-older-uid")), none(ResourceRef.pod(ns, "web-a")));
        assertThat(r.status()).isEqualTo(ActionResult.Status.STALE);
        assertThat(client.pods().inNamespace(ns).withName("web-a").get()).isNotNull();
    }

    @Test
    void aDisruptionBudgetBlocksTheEvictionAndThePodStays() {
        String ns = namespace();
        readyPod(ns, "web-a");
        client.policy().v1().podDisruptionBudget().inNamespace(ns).resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(1)).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector().endSpec().build()).create();
        long start = System.nanoTime();
        ActionResult r = new EvictPodAction(client).execute(step(ActionType.EVICT_POD, ResourceRef.pod(ns, "web-a"), Map.of()), none(ResourceRef.pod(ns, "web-a")));
        assertThat(r.status()).isEqualTo(ActionResult.Status.BLOCKED);
        assertThat(r.details()).containsEntry("blockedBy", "PodDisruptionBudget");
        assertThat(client.pods().inNamespace(ns).withName("web-a").get()).isNotNull();
        assertThat((System.nanoTime() - start) / 1_000_000).as("no retry loop on 429").isLessThan(5_000);
    }

    @Test
    void theMemoryLimitIsRaisedOnTheRightContainerOnlyIfItIsStillWhatTheDecisionSaw() {
        String ns = namespace();
        deployment(ns, 2);
        ResourceRef web = ResourceRef.deployment(ns, "web");
        RaiseMemoryLimitAction action = new RaiseMemoryLimitAction(client);
        Map<String, String> params = Map.of("container", "app", "memoryLimit", "356Mi", "memoryRequest", "178Mi", "previousLimit", "256Mi");
        assertThat(action.execute(step(ActionType.RAISE_MEMORY_LIMIT, web, Map.of("container", "app", "memoryLimit", "356Mi", "previousLimit", "200Mi")), none(web)).status())
                .as("someone changed the limit since").isEqualTo(ActionResult.Status.STALE);
        assertThat(action.execute(step(ActionType.RAISE_MEMORY_LIMIT, web, params), none(web)).status()).isEqualTo(ActionResult.Status.APPLIED);
        var app = client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getTemplate().getSpec().getContainers().get(1);
        assertThat(app.getResources().getLimits().get("memory")).isEqualTo(new Quantity("356Mi"));
        assertThat(app.getResources().getRequests().get("memory")).isEqualTo(new Quantity("178Mi"));
        assertThat(action.execute(step(ActionType.RAISE_MEMORY_LIMIT, web, params), none(web)).status()).isEqualTo(ActionResult.Status.NO_OP);
    }

    @Test
    void scalingChecksTheReplicaCountTheDecisionSaw() {
        String ns = namespace();
        deployment(ns, 1);
        ResourceRef web = ResourceRef.deployment(ns, "web");
        ScaleAction action = new ScaleAction(client);
        assertThat(action.execute(step(ActionType.SCALE, web, Map.of("replicas", "2", "previousReplicas", "3")), none(web)).status()).isEqualTo(ActionResult.Status.STALE);
        assertThat(action.execute(step(ActionType.SCALE, web, Map.of("replicas", "2", "previousReplicas", "1")), none(web)).status()).isEqualTo(ActionResult.Status.APPLIED);
        assertThat(client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas()).isEqualTo(2);
        assertThat(action.execute(step(ActionType.SCALE, web, Map.of("replicas", "2", "previousReplicas", "1")), none(web)).status()).isEqualTo(ActionResult.Status.NO_OP);
    }

    @Test
    void rollbackCopiesTheEarlierRevisionsTemplateWithoutItsHashLabel() {
        String ns = namespace();
        Deployment d = deployment(ns, 2);
        for (int rev = 1; rev <= 2; rev++) {
            PodTemplateSpec t = template("web:" + rev, "256Mi");
            t.getMetadata().setLabels(Map.of("app", "web", "pod-template-hash", "h" + rev));
            client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder().withNewMetadata().withName("web-h" + rev)
                    .withAnnotations(Map.of("deployment.kubernetes.io/revision", String.valueOf(rev)))
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("web").withUid(d.getMetadata().getUid()).withController(true).endOwnerReference()
                    .endMetadata().withNewSpec().withReplicas(rev == 2 ? 2 : 0).withTemplate(t).endSpec().build()).create();
        }
        ResourceRef web = ResourceRef.deployment(ns, "web");
        RollbackAction action = new RollbackAction(client);
        assertThat(action.execute(step(ActionType.ROLLBACK, web, Map.of("revision", "7")), none(web)).status())
                .as("no such revision any more").isEqualTo(ActionResult.Status.STALE);
        assertThat(action.execute(step(ActionType.ROLLBACK, web, Map.of("revision", "1", "fromRevision", "5")), none(web)).status())
                .as("the rollout moved on since the decision").isEqualTo(ActionResult.Status.STALE);
        assertThat(action.execute(step(ActionType.ROLLBACK, web, Map.of("revision", "1", "fromRevision", "2")), none(web)).status()).isEqualTo(ActionResult.Status.APPLIED);
        PodTemplateSpec now = client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getTemplate();
        assertThat(now.getSpec().getContainers().get(1).getImage()).isEqualTo("web:1");
        assertThat(now.getMetadata().getLabels()).doesNotContainKey("pod-template-hash");
        assertThat(action.execute(step(ActionType.ROLLBACK, web, Map.of("revision", "1")), none(web)).status()).isEqualTo(ActionResult.Status.NO_OP);
    }

    @Test
    void rolloutRestartStampsTemplatesWithAndWithoutAnnotationsOnceAndNotDuringARollout() {
        for (boolean annotated : new boolean[] {false, true}) {
            String ns = namespace();
            PodTemplateSpec t = template("web:2", "256Mi");
            if (annotated) {
                t.getMetadata().setAnnotations(Map.of("team", "shop"));
            }
            deployment(ns, 2, t);
            ResourceRef web = ResourceRef.deployment(ns, "web");
            RolloutRestartAction action = new RolloutRestartAction(client);
            Step restart = step(ActionType.ROLLOUT_RESTART, web, Map.of("restartedAt", NOW.toString()));
            assertThat(action.execute(restart, none(web)).status()).as("annotated=" + annotated).isEqualTo(ActionResult.Status.APPLIED);
            assertThat(client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry("kubectl.kubernetes.io/restartedAt", NOW.toString());
            assertThat(action.execute(restart, none(web)).status()).as("the same rung again: idempotent").isEqualTo(ActionResult.Status.NO_OP);
        }
        String ns = namespace();
        Deployment d = deployment(ns, 2);
        d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder(d.getStatus()).withReplicas(3).withUpdatedReplicas(1).build());
        client.apps().deployments().inNamespace(ns).resource(d).updateStatus();
        ActionResult during = new RolloutRestartAction(client).execute(step(ActionType.ROLLOUT_RESTART, ResourceRef.deployment(ns, "web"),
                Map.of("restartedAt", NOW.toString())), none(ResourceRef.deployment(ns, "web")));
        assertThat(during.status()).isEqualTo(ActionResult.Status.STALE);
        assertThat(during.message()).contains("1 of 3 updated");
    }

    @Test
    void cordonMarksTheNodeUnschedulableOnce() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n-" + SEQ.incrementAndGet()).endMetadata().build()).create();
        String name = "n-" + SEQ.get();
        ResourceRef node = ResourceRef.node(name);
        CordonNodeAction action = new CordonNodeAction(client);
        assertThat(action.execute(step(ActionType.CORDON_NODE, node, Map.of()), none(node)).status()).isEqualTo(ActionResult.Status.APPLIED);
        assertThat(client.nodes().withName(name).get().getSpec().getUnschedulable()).isTrue();
        assertThat(action.execute(step(ActionType.CORDON_NODE, node, Map.of()), none(node)).status()).isEqualTo(ActionResult.Status.NO_OP);
    }

    @Test
    void eventsCarryTheReasonCodeAndTheIncident() {
        String ns = namespace();
        new EventRecorder(client, Clock.fixed(NOW, ZoneOffset.UTC)).record(ResourceRef.deployment(ns, "web"), "Normal", Reason.OOM_RAISE_MEMORY, "raised", "inc-42");
        Event e = client.v1().events().inNamespace(ns).list().getItems().getFirst();
        assertThat(e.getReason()).isEqualTo("OomRaiseMemory");
        assertThat(e.getInvolvedObject().getKind()).isEqualTo("Deployment");
        assertThat(e.getInvolvedObject().getName()).isEqualTo("web");
        assertThat(e.getMetadata().getAnnotations()).containsEntry(EventRecorder.INCIDENT_ANNOTATION, "inc-42");
        assertThat(e.getSource().getComponent()).isEqualTo("kubemedic");
    }

    @Test
    void exactlyTheSevenMutatingActionsAreRegistered() {
        assertThat(Actions.defaults(client).keySet()).containsExactlyInAnyOrder(ActionType.EVICT_POD, ActionType.ROLLOUT_RESTART,
                ActionType.RAISE_MEMORY_LIMIT, ActionType.SCALE, ActionType.ROLLBACK, ActionType.CORDON_NODE, ActionType.DRAIN_NODE);
    }
}
