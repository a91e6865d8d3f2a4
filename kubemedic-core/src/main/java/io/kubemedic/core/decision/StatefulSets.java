package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.kubemedic.core.model.Ownership;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Where a StatefulSet rollout waits for a human. With the default {@code podManagementPolicy: OrderedReady} the
 * controller goes through the pods by ordinal and stops at the first one that is not Running and Ready, so a template
 * change (a memory raise, a restart, a rollback) never reaches a pod that is already broken: the Kubernetes docs tell
 * the operator to delete it after fixing the template ("forced rollback"). With {@code updateStrategy: OnDelete} no
 * pod is ever replaced by the controller. In both cases the pod to replace is the lowest-ordinal unhealthy pod still
 * on the old revision; once it is gone the controller recreates it from the new revision.
 */
public final class StatefulSets {

    private StatefulSets() {
    }

    /** The pod the StatefulSet's rollout waits on and that must be replaced for it to go on; empty when none. */
    public static Optional<Pod> stuckPod(TargetSnapshot s) {
        StatefulSet set = s.statefulSet();
        if (set == null || set.getStatus() == null || !CurrentRevision.observed(s)) {
            return Optional.empty();
        }
        String update = set.getStatus().getUpdateRevision();
        boolean onDelete = set.getSpec().getUpdateStrategy() != null && "OnDelete".equals(set.getSpec().getUpdateStrategy().getType());
        boolean ordered = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
        if (update == null || update.equals(set.getStatus().getCurrentRevision())) {
            return Optional.empty(); // no change waiting to roll out
        }
        if (!ordered && !onDelete) {
            return Optional.empty(); // Parallel: the rolling update replaces broken pods of the old revision itself
        }
        return s.pods().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparingInt(p -> ordinal(set, p)))
                .filter(p -> !runningAndReady(p))
                .findFirst()
                .filter(p -> !update.equals(label(p, "controller-revision-hash")));
    }

    private static boolean runningAndReady(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && Ownership.ready(p);
    }

    private static int ordinal(StatefulSet set, Pod p) {
        String prefix = set.getMetadata().getName() + "-";
        String name = p.getMetadata().getName();
        try {
            return name.startsWith(prefix) ? Integer.parseInt(name.substring(prefix.length())) : Integer.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String label(Pod p, String key) {
        Map<String, String> labels = p.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }
}
