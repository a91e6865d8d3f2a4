package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Listable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the emulators see in one tick: the scenario namespaces' objects and the run's nodes. Each kind is listed at
 * most once per tick and only when someone asks for it, so a tick costs one list per kind actually needed. On a real
 * server lists are served from the API server's watch cache ({@code resourceVersion=0}), as informers start.
 */
final class ClusterView {


    private final KubernetesClient client;
    private final Set<String> namespaces;
    private final String nodeSelector;
    private final boolean fromCache;
    private final Map<Class<?>, List<?>> lists = new ConcurrentHashMap<>();
    private volatile Map<String, ReplicaSet> replicaSetsByUid;

    /**
     * @param nodeSelector a label selector for the run's nodes ({@code kubemedic.io/run=...}), or null for all nodes
     * @param fromCache    list from the API server's watch cache (real servers; the CRUD mock has none)
     */
    ClusterView(KubernetesClient client, Set<String> namespaces, String nodeSelector, boolean fromCache) {
        this.client = client;
        this.namespaces = Set.copyOf(namespaces);
        this.nodeSelector = nodeSelector;
        this.fromCache = fromCache;
    }

    List<Pod> pods() {
        return namespaced(Pod.class, () -> client.pods().inAnyNamespace());
    }

    List<Deployment> deployments() {
        return namespaced(Deployment.class, () -> client.apps().deployments().inAnyNamespace());
    }

    List<ReplicaSet> replicaSets() {
        return namespaced(ReplicaSet.class, () -> client.apps().replicaSets().inAnyNamespace());
    }

    List<StatefulSet> statefulSets() {
        return namespaced(StatefulSet.class, () -> client.apps().statefulSets().inAnyNamespace());
    }

    List<DaemonSet> daemonSets() {
        return namespaced(DaemonSet.class, () -> client.apps().daemonSets().inAnyNamespace());
    }

    List<Job> jobs() {
        return namespaced(Job.class, () -> client.batch().v1().jobs().inAnyNamespace());
    }

    /** The run's nodes (all nodes when the view has no node selector). */
    @SuppressWarnings("unchecked")
    List<Node> nodes() {
        return (List<Node>) lists.computeIfAbsent(Node.class, k -> {
            Listable<NodeList> op = nodeSelector == null ? client.nodes() : client.nodes().withLabelSelector(nodeSelector);
            return (fromCache ? op.list(fromCache()) : op.list()).getItems();
        });
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> List<T> namespaced(Class<T> kind, Supplier<Listable<? extends KubernetesResourceList<T>>> op) {
        return (List<T>) lists.computeIfAbsent(kind, k -> {
            KubernetesResourceList<T> list = fromCache ? op.get().list(fromCache()) : op.get().list();
            return list.getItems().stream().filter(o -> namespaces.contains(o.getMetadata().getNamespace())).toList();
        });
    }

    /** New options for every call: fabric8 writes the call's label selector into the options it is given. */
    private static ListOptions fromCache() {
        return new ListOptionsBuilder().withResourceVersion("0").build();
    }

    /** The Deployment a pod belongs to through its ReplicaSet, if any. */
    Optional<Deployment> deploymentOf(Pod pod) {
        return replicaSetOf(pod).flatMap(rs -> SandboxPods.controller(rs).filter(o -> "Deployment".equals(o.getKind()))
                .flatMap(o -> deployments().stream().filter(d -> d.getMetadata().getUid().equals(o.getUid())).findFirst()));
    }

    Optional<ReplicaSet> replicaSetOf(Pod pod) {
        return SandboxPods.controller(pod).filter(o -> "ReplicaSet".equals(o.getKind())).map(o -> replicaSetIndex().get(o.getUid()));
    }

    private Map<String, ReplicaSet> replicaSetIndex() {
        if (replicaSetsByUid == null) {
            replicaSetsByUid = replicaSets().stream().collect(Collectors.toMap(rs -> rs.getMetadata().getUid(), Function.identity(), (a, b) -> a));
        }
        return replicaSetsByUid;
    }

    /** Whether a pod belongs to the scenario target named {@code Kind/name} in its namespace, through its controllers. */
    boolean belongsTo(Pod pod, Scenario.Target target, String namespace) {
        if (!namespace.equals(pod.getMetadata().getNamespace())) {
            return false;
        }
        return switch (target.kind()) {
            case "Pod" -> target.name().equals(pod.getMetadata().getName());
            case "Deployment" -> deploymentOf(pod).map(d -> d.getMetadata().getName().equals(target.name())).orElse(false);
            case "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> SandboxPods.controller(pod)
                    .map(o -> target.kind().equals(o.getKind()) && o.getName().equals(target.name())).orElse(false);
            default -> false;
        };
    }

    /** A workload (or pod) named by a scenario target, from this tick's lists. */
    Optional<HasMetadata> object(Scenario.Target target, String namespace) {
        List<? extends HasMetadata> candidates = switch (target.kind()) {
            case "Deployment" -> deployments();
            case "StatefulSet" -> statefulSets();
            case "DaemonSet" -> daemonSets();
            case "ReplicaSet" -> replicaSets();
            case "Job" -> jobs();
            case "Pod" -> pods();
            default -> List.of();
        };
        return candidates.stream().filter(o -> o.getMetadata().getNamespace().equals(namespace) && o.getMetadata().getName().equals(target.name()))
                .map(o -> (HasMetadata) o).findFirst();
    }

    Optional<Node> node(String name) {
        return nodes().stream().filter(n -> n.getMetadata().getName().equals(name)).findFirst();
    }
}
