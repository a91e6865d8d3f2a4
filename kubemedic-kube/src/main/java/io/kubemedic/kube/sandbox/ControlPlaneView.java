package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.model.Ownership;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the controller-manager's informers hold in one tick: every object the emulated controllers act on, listed
 * once per tick across all namespaces (a controller-manager watches them all), with the indexes a controller needs
 * (pods and ReplicaSets by their controller's uid, objects by uid) so no controller scans every pod for every owner.
 */
record ControlPlaneView(List<Deployment> deployments, List<ReplicaSet> replicaSets, List<StatefulSet> statefulSets,
                        List<DaemonSet> daemonSets, List<Job> jobs, List<HorizontalPodAutoscaler> autoscalers,
                        List<ControllerRevision> revisions, List<Node> nodes, List<Pod> pods,
                        Map<String, List<Pod>> podsByController, Map<String, List<ReplicaSet>> replicaSetsByController,
                        Map<String, List<ControllerRevision>> revisionsByController, Map<String, List<Pod>> podsByNamespace,
                        Map<String, List<Pod>> orphansByNamespace, Map<String, HasMetadata> byUid) {

    static ControlPlaneView read(KubernetesClient client) {
        return of(client.apps().deployments().inAnyNamespace().list().getItems(),
                client.apps().replicaSets().inAnyNamespace().list().getItems(),
                client.apps().statefulSets().inAnyNamespace().list().getItems(),
                client.apps().daemonSets().inAnyNamespace().list().getItems(),
                client.batch().v1().jobs().inAnyNamespace().list().getItems(),
                client.autoscaling().v1().horizontalPodAutoscalers().inAnyNamespace().list().getItems(),
                client.apps().controllerRevisions().inAnyNamespace().list().getItems(),
                client.nodes().list().getItems(),
                client.pods().inAnyNamespace().list().getItems());
    }

    static ControlPlaneView of(List<Deployment> deployments, List<ReplicaSet> replicaSets, List<StatefulSet> statefulSets,
                               List<DaemonSet> daemonSets, List<Job> jobs, List<HorizontalPodAutoscaler> autoscalers,
                               List<ControllerRevision> revisions, List<Node> nodes, List<Pod> pods) {
        Map<String, HasMetadata> byUid = new HashMap<>();
        for (List<? extends HasMetadata> kind : List.of(deployments, replicaSets, statefulSets, daemonSets, jobs)) {
            kind.forEach(o -> byUid.put(o.getMetadata().getUid(), o));
        }
        return new ControlPlaneView(deployments, replicaSets, statefulSets, daemonSets, jobs, autoscalers, revisions, nodes, pods,
                byController(pods), byController(replicaSets), byController(revisions),
                pods.stream().collect(Collectors.groupingBy(p -> p.getMetadata().getNamespace())),
                pods.stream().filter(p -> Ownership.controller(p).isEmpty()).collect(Collectors.groupingBy(p -> p.getMetadata().getNamespace())),
                byUid);
    }

    private static <T extends HasMetadata> Map<String, List<T>> byController(List<T> objects) {
        return objects.stream().filter(o -> Ownership.controller(o).isPresent())
                .collect(Collectors.groupingBy(o -> Ownership.controller(o).orElseThrow().getUid(), Collectors.toCollection(ArrayList::new)));
    }

    /** The pods whose controller is this object. */
    List<Pod> podsOf(HasMetadata owner) {
        return podsByController.getOrDefault(owner.getMetadata().getUid(), List.of());
    }

    List<ReplicaSet> replicaSetsOf(Deployment owner) {
        return replicaSetsByController.getOrDefault(owner.getMetadata().getUid(), List.of());
    }

    List<ControllerRevision> revisionsOf(HasMetadata owner) {
        return revisionsByController.getOrDefault(owner.getMetadata().getUid(), List.of());
    }

    List<Pod> podsIn(String namespace) {
        return podsByNamespace.getOrDefault(namespace, List.of());
    }

    /** Pods without a controller in a namespace, which a controller whose selector matches them adopts. */
    List<Pod> orphans(String namespace) {
        return orphansByNamespace.getOrDefault(namespace, List.of());
    }
}
