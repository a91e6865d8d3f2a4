package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.kubemedic.core.model.Ownership;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The pod predicates the controllers share, each as the Kubernetes controller code defines it: active
 * ({@code controller.IsPodActive}), available ({@code podutil.IsPodAvailable}: Ready for minReadySeconds), created
 * and running-and-ready (the StatefulSet controller's).
 */
final class PodStates {

    private PodStates() {
    }

    static String phase(Pod p) {
        return p.getStatus() == null || p.getStatus().getPhase() == null ? "" : p.getStatus().getPhase();
    }

    static boolean terminating(Pod p) {
        return p.getMetadata().getDeletionTimestamp() != null;
    }

    /** Not finished and not being deleted: what a ReplicaSet counts as one of its replicas. */
    static boolean active(Pod p) {
        String phase = phase(p);
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && !terminating(p);
    }

    static boolean ready(Pod p) {
        return Ownership.ready(p);
    }

    /** The kubelet has written a phase: the StatefulSet controller waits for this before it goes on. */
    static boolean created(Pod p) {
        return !phase(p).isEmpty();
    }

    static boolean runningAndReady(Pod p) {
        return "Running".equals(phase(p)) && ready(p);
    }

    /**
     * Ready for at least {@code minReadySeconds} by the Ready condition's lastTransitionTime; with 0 every Ready pod
     * is available. With a positive value and no transition time the pod is not available, as in Kubernetes.
     */
    static boolean available(Pod p, int minReadySeconds, Instant now) {
        if (!ready(p)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        PodCondition c = p.getStatus().getConditions().stream().filter(x -> "Ready".equals(x.getType())).findFirst().orElseThrow();
        Instant since = parse(c.getLastTransitionTime());
        return since != null && !since.plus(Duration.ofSeconds(minReadySeconds)).isAfter(now);
    }

    static Instant parse(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null; // not a time a real server would have written: treated as absent
        }
    }

    static int restarts(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return p.getStatus().getContainerStatuses().stream().mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
    }
}
