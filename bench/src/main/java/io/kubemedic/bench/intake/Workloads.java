package io.kubemedic.bench.intake;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.bench.Fixtures;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bench namespace's Deployments of healthy pods on the sandbox, where no controller or kubelet runs: the harness
 * writes each Deployment's status as a settled rollout, creates the ReplicaSets and pods, and after an eviction plays
 * both, a healthy replacement in the evicted pod's place and the evicted pod's deletion confirmed (grace 0).
 */
final class Workloads {

    static final String NS = "bench";

    private final KubernetesClient client;
    private final Map<String, ReplicaSet> sets = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> live = new ConcurrentHashMap<>();
    private final AtomicInteger replacements = new AtomicInteger();

    Workloads(KubernetesClient client) {
        this.client = client;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    /** Creates {@code count} Deployments {@code prefix-0} … of {@code replicas} healthy pods each; returns their names. */
    List<String> create(String prefix, int count, int replicas) {
        List<String> names = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            String name = prefix + "-" + d;
            Deployment dep = client.apps().deployments().inNamespace(NS).resource(deployment(name, replicas)).create();
            dep.setStatus(new DeploymentStatusBuilder().withObservedGeneration(dep.getMetadata().getGeneration()).withReplicas(replicas)
                    .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
            dep = client.apps().deployments().inNamespace(NS).resource(dep).updateStatus();
            ReplicaSet rs = client.apps().replicaSets().inNamespace(NS).resource(replicaSet(dep)).create();
            sets.put(name, rs);
            live.put(name, new ConcurrentLinkedDeque<>());
            for (int i = 0; i < replicas; i++) {
                live.get(name).addLast(createPod(rs, name + "-p" + i));
            }
            names.add(name);
        }
        return names;
    }

    /** The healthy pods of a Deployment, oldest first. */
    List<String> pods(String deployment) {
        return List.copyOf(live.get(deployment));
    }

    /** The Deployment's oldest healthy pod: the next victim. */
    String victim(String deployment) {
        return live.get(deployment).getFirst();
    }

    Pod get(String pod) {
        return client.pods().inNamespace(NS).withName(pod).get();
    }

    /**
     * The kubelet and the ReplicaSet controller after an eviction: the evicted (Terminating) pod's deletion confirmed,
     * then a healthy replacement. In this order because the verifier counts a Terminating pod that still shows the
     * crash loop as "another pod with the fault" and climbs to a rollout restart, which nothing here would carry out.
     */
    void replace(String deployment, String evicted) {
        Deque<String> pods = live.get(deployment);
        pods.remove(evicted);
        client.pods().inNamespace(NS).withName(evicted).withGracePeriod(0).delete();
        pods.addLast(createPod(sets.get(deployment), deployment + "-r" + replacements.incrementAndGet()));
    }

    private String createPod(ReplicaSet rs, String name) {
        Pod p = client.pods().inNamespace(NS).resource(pod(rs, name)).create();
        p.setStatus(Fixtures.healthy());
        client.pods().inNamespace(NS).resource(p).updateStatus();
        return name;
    }

    private static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().withContainers(Fixtures.container()).endSpec().endTemplate().endSpec().build();
    }

    private static ReplicaSet replicaSet(Deployment d) {
        return new ReplicaSetBuilder().withNewMetadata().withName(d.getMetadata().getName() + "-1").withNamespace(NS)
                .withLabels(Map.of("app", d.getMetadata().getName(), "pod-template-hash", "1"))
                .withAnnotations(Map.of("deployment.kubernetes.io/revision", "1"))
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName(d.getMetadata().getName())
                .withUid(d.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withReplicas(d.getSpec().getReplicas()).withTemplate(d.getSpec().getTemplate()).endSpec().build();
    }

    private static Pod pod(ReplicaSet rs, String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(rs.getMetadata().getLabels())
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(rs.getMetadata().getName())
                .withUid(rs.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withContainers(Fixtures.container()).withNodeName("bench-node").endSpec().build();
    }
}
