package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pods of a workload's current revision: what a rolling restart, a rollback or a memory raise must bring up.
 * Pods of older revisions may stay for as long as a rollout is stuck (the Deployment controller keeps them while the
 * new ones are not available) and say nothing about whether the change worked, so verification looks only at these.
 */
public final class CurrentRevision {

    private CurrentRevision() {
    }

    /** Pods of the current revision that are not terminating; empty when the controller has not made them yet. */
    public static List<Pod> pods(TargetSnapshot s) {
        return s.pods().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).filter(p -> isCurrent(s, p)).toList();
    }

    public static boolean isCurrent(TargetSnapshot s, Pod p) {
        if (s.deployment() != null) {
            return Revisions.current(s).flatMap(rs -> Revisions.ownerOf(s, p).map(owner -> owner == rs)).orElse(false);
        }
        if (s.statefulSet() != null) {
            String update = s.statefulSet().getStatus() == null ? null : s.statefulSet().getStatus().getUpdateRevision();
            return update != null && update.equals(label(p, "controller-revision-hash"));
        }
        if (s.daemonSet() != null) {
            Long generation = s.daemonSet().getMetadata().getGeneration();
            return generation != null && String.valueOf(generation).equals(label(p, "pod-template-generation"));
        }
        return true;
    }

    /** The workload's controller has seen its latest spec (status.observedGeneration caught up with metadata.generation). */
    public static boolean observed(TargetSnapshot s) {
        if (s.deployment() != null) {
            return caughtUp(s.deployment().getMetadata().getGeneration(),
                    s.deployment().getStatus() == null ? null : s.deployment().getStatus().getObservedGeneration());
        }
        if (s.statefulSet() != null) {
            return caughtUp(s.statefulSet().getMetadata().getGeneration(),
                    s.statefulSet().getStatus() == null ? null : s.statefulSet().getStatus().getObservedGeneration());
        }
        if (s.daemonSet() != null) {
            return caughtUp(s.daemonSet().getMetadata().getGeneration(),
                    s.daemonSet().getStatus() == null ? null : s.daemonSet().getStatus().getObservedGeneration());
        }
        return true;
    }

    private static boolean caughtUp(Long generation, Long observedGeneration) {
        return generation == null || observedGeneration != null && observedGeneration >= generation;
    }

    private static String label(Pod p, String key) {
        Map<String, String> labels = p.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    public static boolean sameUid(Pod p, String uid) {
        return Objects.equals(p.getMetadata().getUid(), uid);
    }
}
