package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a Deployment's revision history from its ReplicaSets, as {@code kubectl rollout history} does. */
public final class Revisions {

    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String TEMPLATE_HASH = "pod-template-hash";

    private Revisions() {
    }

    /** The {@code deployment.kubernetes.io/revision} annotation of a ReplicaSet or Deployment; 0 when absent. */
    public static long revision(io.fabric8.kubernetes.api.model.HasMetadata rs) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        try {
            return a == null || a.get(REVISION) == null ? 0 : Long.parseLong(a.get(REVISION));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** ReplicaSets with a revision, oldest first. */
    public static List<ReplicaSet> history(TargetSnapshot s) {
        return s.replicaSets().stream().filter(rs -> revision(rs) > 0).sorted(Comparator.comparingLong(Revisions::revision)).toList();
    }

    public static Optional<ReplicaSet> current(TargetSnapshot s) {
        List<ReplicaSet> h = history(s);
        return h.isEmpty() ? Optional.empty() : Optional.of(h.getLast());
    }

    /**
     * Where a rollback goes: the newest earlier revision that runs different images from the current one. A rollout
     * restart makes a new revision with the same images, so "the previous revision" alone could roll back to the
     * same broken build; when no earlier revision differs, the previous one.
     */
    public static Optional<ReplicaSet> previous(TargetSnapshot s) {
        List<ReplicaSet> h = history(s);
        if (h.size() < 2) {
            return Optional.empty();
        }
        List<String> current = images(h.getLast());
        for (int i = h.size() - 2; i >= 0; i--) {
            if (!images(h.get(i)).equals(current)) {
                return Optional.of(h.get(i));
            }
        }
        return Optional.of(h.get(h.size() - 2));
    }

    private static List<String> images(ReplicaSet rs) {
        if (rs.getSpec() == null || rs.getSpec().getTemplate() == null || rs.getSpec().getTemplate().getSpec() == null) {
            return List.of();
        }
        return rs.getSpec().getTemplate().getSpec().getContainers().stream().map(c -> c.getImage()).toList();
    }

    /** True when the given pods all run the newest revision and an earlier revision exists to go back to. */
    public static boolean faultBeganWithNewRevision(TargetSnapshot s, List<Pod> faultyPods) {
        Optional<ReplicaSet> current = current(s);
        if (current.isEmpty() || previous(s).isEmpty() || faultyPods.isEmpty()) {
            return false;
        }
        String hash = hash(current.get());
        return hash != null && faultyPods.stream().allMatch(p -> hash.equals(label(p, TEMPLATE_HASH)));
    }

    /** A copy of a pod template without its {@code pod-template-hash} label: how templates are compared across revisions. */
    public static io.fabric8.kubernetes.api.model.PodTemplateSpec withoutHash(io.fabric8.kubernetes.api.model.PodTemplateSpec t) {
        var copy = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(t).build();
        if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
            Map<String, String> labels = new java.util.HashMap<>(copy.getMetadata().getLabels());
            labels.remove(TEMPLATE_HASH);
            copy.getMetadata().setLabels(labels);
        }
        return copy;
    }

    private static String hash(ReplicaSet rs) {
        Map<String, String> labels = rs.getMetadata().getLabels();
        return labels == null ? null : labels.get(TEMPLATE_HASH);
    }

    private static String label(Pod p, String key) {
        Map<String, String> labels = p.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }
}
