package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.kubemedic.core.model.Ownership;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a StatefulSet rollout waits for a human. With the default {@code podManagementPolicy: OrderedReady} the
 * controller goes through the pods by ordinal and stops at the first one that is not Running and Ready, so a template
 * change (a memory raise, a restart, a rollback) never reaches a pod that is already broken: the Kubernetes docs tell
 * the operator to delete it after fixing the template ("forced rollback"). With {@code updateStrategy: OnDelete} no
 * pod is ever replaced by the controller. In both cases the pod to replace is the lowest-ordinal unhealthy pod still
 * on the old revision; once it is gone the controller recreates it from the new revision. Like the controller, this
 * replaces one pod at a time (nothing while a pod is missing or terminating) and leaves pods below a RollingUpdate
 * partition on the old revision they are meant to keep.
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
        int replicas = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        List<Pod> present = s.pods().stream().filter(p -> ordinal(set, p) < replicas).toList();
        if (present.size() < replicas || present.stream().anyMatch(p -> p.getMetadata().getDeletionTimestamp() != null)) {
            return Optional.empty(); // the controller is replacing a pod: one at a time, as it would itself
        }
        int partition = partition(set);
        return present.stream()
                .sorted(Comparator.comparingInt(p -> ordinal(set, p)))
                .filter(p -> !runningAndReady(p))
                .findFirst()
                .filter(p -> ordinal(set, p) >= partition) // below the partition the old revision is wanted
                .filter(p -> !update.equals(label(p, "controller-revision-hash")));
    }

    /** Pods with an ordinal below a RollingUpdate partition are meant to stay on the current revision. */
    private static int partition(StatefulSet set) {
        var strategy = set.getSpec().getUpdateStrategy();
        if (strategy == null || "OnDelete".equals(strategy.getType()) || strategy.getRollingUpdate() == null
                || strategy.getRollingUpdate().getPartition() == null) {
            return 0;
        }
        return strategy.getRollingUpdate().getPartition();
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
