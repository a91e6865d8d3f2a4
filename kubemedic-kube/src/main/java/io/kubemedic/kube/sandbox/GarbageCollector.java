package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The garbage collector's background cascade, for the kinds the emulated controllers own: a ReplicaSet, pod or
 * ControllerRevision whose owners (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs) are all gone is deleted,
 * as a real cluster deletes a Deployment's ReplicaSets and their pods after the Deployment. The CRUD store deletes
 * only the object asked for. An object is collected only when it was orphaned on two ticks running, so an owner
 * created between two lists of one tick is never mistaken for a missing one; owners of other kinds are left alone.
 */
final class GarbageCollector {

    private static final Set<String> OWNER_KINDS = Set.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job");

    private final ApiWrites writes;
    private Set<String> orphanedLastTick = Set.of();

    GarbageCollector(ApiWrites writes) {
        this.writes = writes;
    }

    void reconcile(ControlPlaneView view) {
        Set<String> live = new HashSet<>(view.byUid().keySet());
        Set<String> orphaned = new HashSet<>();
        Stream.of(view.replicaSets(), view.pods(), view.revisions()).flatMap(List::stream)
                .filter(o -> o.getMetadata().getDeletionTimestamp() == null && ownersGone(o, live))
                .forEach(o -> {
                    orphaned.add(o.getMetadata().getUid());
                    if (orphanedLastTick.contains(o.getMetadata().getUid())) {
                        writes.delete(o);
                    }
                });
        orphanedLastTick = orphaned;
    }

    private static boolean ownersGone(HasMetadata o, Set<String> live) {
        List<OwnerReference> owners = o.getMetadata().getOwnerReferences();
        return owners != null && !owners.isEmpty() && owners.stream().allMatch(r -> OWNER_KINDS.contains(r.getKind()) && !live.contains(r.getUid()));
    }
}
