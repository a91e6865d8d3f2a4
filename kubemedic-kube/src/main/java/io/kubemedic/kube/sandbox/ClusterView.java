package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the emulator sees in one tick: the scenario namespaces' workloads and pods, listed once. */
record ClusterView(List<Deployment> deployments, List<ReplicaSet> replicaSets, List<StatefulSet> statefulSets, List<Pod> pods) {

    static ClusterView read(KubernetesClient client, Set<String> namespaces) {
        return new ClusterView(
                client.apps().deployments().inAnyNamespace().list().getItems().stream().filter(d -> namespaces.contains(d.getMetadata().getNamespace())).toList(),
                client.apps().replicaSets().inAnyNamespace().list().getItems().stream().filter(d -> namespaces.contains(d.getMetadata().getNamespace())).toList(),
                client.apps().statefulSets().inAnyNamespace().list().getItems().stream().filter(d -> namespaces.contains(d.getMetadata().getNamespace())).toList(),
                client.pods().inAnyNamespace().list().getItems().stream().filter(d -> namespaces.contains(d.getMetadata().getNamespace())).toList());
    }

    /** The Deployment a pod belongs to through its ReplicaSet, if any. */
    Optional<Deployment> deploymentOf(Pod pod) {
        return SandboxPods.controller(pod).filter(o -> "ReplicaSet".equals(o.getKind()))
                .flatMap(o -> replicaSets.stream().filter(rs -> rs.getMetadata().getUid().equals(o.getUid())).findFirst())
                .flatMap(rs -> deployments.stream().filter(d -> SandboxPods.ownedBy(rs, d)).findFirst());
    }

    /** Whether a pod belongs to the scenario target named {@code Kind/name} in its namespace. */
    boolean belongsTo(Pod pod, Scenario.Target target, String namespace) {
        if (!namespace.equals(pod.getMetadata().getNamespace())) {
            return false;
        }
        return switch (target.kind()) {
            case "Pod" -> target.name().equals(pod.getMetadata().getName());
            case "Deployment" -> deploymentOf(pod).map(d -> d.getMetadata().getName().equals(target.name())).orElse(false);
            case "StatefulSet" -> SandboxPods.controller(pod).map(o -> "StatefulSet".equals(o.getKind()) && o.getName().equals(target.name())).orElse(false);
            default -> false;
        };
    }

    Optional<Deployment> deployment(String namespace, String name) {
        return deployments.stream().filter(d -> d.getMetadata().getNamespace().equals(namespace) && d.getMetadata().getName().equals(name)).findFirst();
    }
}
