package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.Ownership;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Step;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Null-safe reads of pod and object metadata that several guards share. */
final class Pods {

    /** Owner kinds whose controller recreates a deleted pod. */
    static final Set<String> RECREATING_OWNERS = Set.of("ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController");

    private Pods() {
    }

    /** The pod a step acts on, as observed; empty when the step does not target a pod or the pod is not in the snapshot. */
    static Optional<Pod> target(Step step, GuardContext context) {
        if (!step.target().isKind(ResourceRef.POD) || context.snapshot() == null) {
            return Optional.empty();
        }
        return context.snapshot().pod(step.target().name());
    }

    /** The owner reference marked {@code controller: true}, if any. */
    static Optional<OwnerReference> controller(Pod pod) {
        return Ownership.controller(pod);
    }

    /** The pod's Ready condition is True. */
    static boolean ready(Pod pod) {
        return Ownership.ready(pod);
    }

    /** Not serving: not Ready, or already on its way out (a terminating pod is as good as gone). */
    static boolean unavailable(Pod pod) {
        return !ready(pod) || pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null;
    }

    static String name(HasMetadata object) {
        return object.getMetadata() == null || object.getMetadata().getName() == null ? "" : object.getMetadata().getName();
    }

    static Map<String, String> labels(HasMetadata object) {
        Map<String, String> labels = object.getMetadata() == null ? null : object.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    static Optional<String> annotation(HasMetadata object, String key) {
        Map<String, String> annotations = object == null || object.getMetadata() == null ? null : object.getMetadata().getAnnotations();
        return annotations == null ? Optional.empty() : Optional.ofNullable(annotations.get(key));
    }
}
