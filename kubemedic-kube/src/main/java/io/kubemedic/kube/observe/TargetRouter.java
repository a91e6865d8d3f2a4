package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.Ownership;
import io.kubemedic.core.model.ResourceRef;

import java.util.List;
import java.util.Optional;

/**
 * Turns a watched object into the targets Kubemedic reasons about. A pod goes to the workload that controls it
 * (its Deployment through its ReplicaSet, its StatefulSet, DaemonSet or Job, a ReplicaSet without Deployment, or any
 * other controller kind by its owner reference), a Namespace to every target in it (so removing
 * {@code kubemedic.io/paused} is acted on at once), a Node to itself, but only with cluster scope.
 * <p>
 * One case waits instead of guessing: a pod whose ReplicaSet is not in the cache yet (the pod and ReplicaSet watches
 * race). That ReplicaSet's own add event follows and routes to the same Deployment, so nothing is lost, and nothing
 * goes to a ReplicaSet target that really belongs to a Deployment.
 */
final class TargetRouter {

    /** What routing needs from the caches; an interface so the rules are tested without a server. */
    interface Lookup {
        Optional<ReplicaSet> replicaSet(String namespace, String name);

        Optional<Pod> pod(String namespace, String name);

        List<ResourceRef> targetsIn(String namespace);
    }

    private final KubemedicConfig config;
    private final Lookup lookup;

    TargetRouter(KubemedicConfig config, Lookup lookup) {
        this.config = config;
        this.lookup = lookup;
    }

    /** The targets a change of {@code obj} concerns; empty when it concerns none Kubemedic may look at. */
    List<ResourceRef> route(HasMetadata obj) {
        String ns = obj.getMetadata().getNamespace();
        if (ns != null && !config.namespaceAllowed(ns)) {
            return List.of();
        }
        String name = obj.getMetadata().getName();
        if (obj instanceof Namespace) {
            return config.namespaceAllowed(name) ? lookup.targetsIn(name) : List.of();
        }
        Optional<ResourceRef> target = switch (obj) {
            case Pod p -> workloadOf(p);
            case ReplicaSet rs -> Optional.of(ownerOf(rs));
            case Deployment d -> Optional.of(ResourceRef.deployment(ns, name));
            case StatefulSet s -> Optional.of(ResourceRef.statefulSet(ns, name));
            case DaemonSet d -> Optional.of(new ResourceRef(ResourceRef.DAEMON_SET, ns, name));
            case Job j -> Optional.of(new ResourceRef(ResourceRef.JOB, ns, name));
            case Node n -> config.clusterScope() && config.nodesSelector().matches(n.getMetadata().getLabels())
                    ? Optional.of(ResourceRef.node(name)) : Optional.empty();
            case Event e -> involved(e);
            case HorizontalPodAutoscaler h -> scaleTarget(h);
            default -> Optional.empty();
        };
        return target.map(List::of).orElse(List.of());
    }

    /**
     * The target Kubemedic reasons about for a pod; empty only while its ReplicaSet is not yet in the cache
     * (its own event will route it).
     */
    Optional<ResourceRef> workloadOf(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        Optional<OwnerReference> controller = Ownership.controller(pod);
        if (controller.isEmpty()) {
            return Optional.of(ResourceRef.pod(ns, pod.getMetadata().getName()));
        }
        OwnerReference o = controller.get();
        if (ResourceRef.REPLICA_SET.equals(o.getKind())) {
            return lookup.replicaSet(ns, o.getName()).filter(rs -> o.getUid() == null || o.getUid().equals(rs.getMetadata().getUid()))
                    .map(TargetRouter::ownerOf);
        }
        return Optional.of(new ResourceRef(o.getKind(), ns, o.getName()));
    }

    /** A ReplicaSet's Deployment, or the ReplicaSet itself when no Deployment controls it. */
    static ResourceRef ownerOf(ReplicaSet rs) {
        String ns = rs.getMetadata().getNamespace();
        return Ownership.controller(rs).filter(o -> ResourceRef.DEPLOYMENT.equals(o.getKind()))
                .map(o -> ResourceRef.deployment(ns, o.getName()))
                .orElse(new ResourceRef(ResourceRef.REPLICA_SET, ns, rs.getMetadata().getName()));
    }

    private Optional<ResourceRef> involved(Event e) {
        var io = e.getInvolvedObject();
        if (io == null || io.getKind() == null || io.getName() == null) {
            return Optional.empty();
        }
        return switch (io.getKind()) {
            case ResourceRef.POD -> lookup.pod(io.getNamespace(), io.getName()).flatMap(this::workloadOf);
            case ResourceRef.REPLICA_SET -> lookup.replicaSet(io.getNamespace(), io.getName()).map(TargetRouter::ownerOf);
            case ResourceRef.DEPLOYMENT, ResourceRef.STATEFUL_SET, ResourceRef.DAEMON_SET, ResourceRef.JOB ->
                    Optional.of(new ResourceRef(io.getKind(), io.getNamespace(), io.getName()));
            case ResourceRef.NODE -> config.clusterScope() ? Optional.of(ResourceRef.node(io.getName())) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<ResourceRef> scaleTarget(HorizontalPodAutoscaler h) {
        var ref = h.getSpec() == null ? null : h.getSpec().getScaleTargetRef();
        return ref == null || ref.getKind() == null || ref.getName() == null ? Optional.empty()
                : Optional.of(new ResourceRef(ref.getKind(), h.getMetadata().getNamespace(), ref.getName()));
    }
}
