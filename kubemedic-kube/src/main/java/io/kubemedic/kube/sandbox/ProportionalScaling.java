package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment controller's {@code scale} for a Deployment resized in the middle of a rolling update: the
 * replicas to add (or remove) are spread over the active ReplicaSets in proportion to their size, using the
 * {@code max-replicas} annotation each carries, the leftover going to the largest (newest when adding, oldest when
 * removing). Pure: returns the new size of each ReplicaSet by name.
 */
final class ProportionalScaling {

    private ProportionalScaling() {
    }

    static Map<String, Integer> sizes(Deployment d, List<ReplicaSet> active, int statusReplicas) {
        int allowed = Rollouts.replicas(d) > 0 ? Rollouts.replicas(d) + Rollouts.maxSurge(d) : 0;
        int toAdd = allowed - Rollouts.sum(active, Rollouts::replicas);
        List<ReplicaSet> sorted = new ArrayList<>(active);
        Comparator<ReplicaSet> byCreation = Comparator.comparing((ReplicaSet rs) -> String.valueOf(rs.getMetadata().getCreationTimestamp()))
                .thenComparing(rs -> rs.getMetadata().getName());
        Comparator<ReplicaSet> bySize = Comparator.comparingInt((ReplicaSet rs) -> Rollouts.replicas(rs)).reversed();
        sorted.sort(toAdd > 0 ? bySize.thenComparing(byCreation.reversed()) : bySize.thenComparing(byCreation));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int added = 0;
        for (ReplicaSet rs : sorted) {
            int proportion = toAdd == 0 ? 0 : proportion(rs, d, toAdd, added, statusReplicas);
            sizes.put(rs.getMetadata().getName(), Rollouts.replicas(rs) + proportion);
            added += proportion;
        }
        if (toAdd != 0 && !sorted.isEmpty()) {
            String first = sorted.getFirst().getMetadata().getName();
            sizes.put(first, Math.max(0, sizes.get(first) + toAdd - added));
        }
        return sizes;
    }

    private static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added, int statusReplicas) {
        if (Rollouts.replicas(rs) == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d, statusReplicas);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private static int fraction(ReplicaSet rs, Deployment d, int statusReplicas) {
        if (Rollouts.replicas(d) == 0) {
            return -Rollouts.replicas(rs);
        }
        int deploymentReplicas = Rollouts.replicas(d) + Rollouts.maxSurge(d);
        String annotated = Rollouts.annotations(rs.getMetadata().getAnnotations()).get(Rollouts.MAX_REPLICAS);
        int annotatedReplicas;
        try {
            annotatedReplicas = annotated == null ? statusReplicas : Integer.parseInt(annotated);
        } catch (NumberFormatException e) {
            annotatedReplicas = statusReplicas;
        }
        if (annotatedReplicas == 0) {
            return 0;
        }
        double size = (double) Rollouts.replicas(rs) * deploymentReplicas / annotatedReplicas;
        return (int) Math.round(size) - Rollouts.replicas(rs);
    }
}
