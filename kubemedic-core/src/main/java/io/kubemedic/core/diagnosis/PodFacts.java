package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubemedic.core.model.ResourceRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small readers of pod state shared by the diagnosers; null-safe, since real pods omit empty fields. */
final class PodFacts {

    private PodFacts() {
    }

    static ResourceRef ref(Pod p) {
        return ResourceRef.pod(p.getMetadata().getNamespace(), p.getMetadata().getName());
    }

    /** Init and app container statuses. */
    static List<ContainerStatus> statuses(Pod p) {
        List<ContainerStatus> out = new ArrayList<>();
        if (p.getStatus() != null) {
            if (p.getStatus().getInitContainerStatuses() != null) {
                out.addAll(p.getStatus().getInitContainerStatuses());
            }
            if (p.getStatus().getContainerStatuses() != null) {
                out.addAll(p.getStatus().getContainerStatuses());
            }
        }
        return out;
    }

    /** The names of the pod's init containers (from its status, else its spec). */
    static java.util.Set<String> initContainerNames(Pod p) {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (p.getStatus() != null && p.getStatus().getInitContainerStatuses() != null) {
            p.getStatus().getInitContainerStatuses().forEach(s -> out.add(s.getName()));
        }
        if (p.getSpec() != null && p.getSpec().getInitContainers() != null) {
            p.getSpec().getInitContainers().forEach(c -> out.add(c.getName()));
        }
        return out;
    }

    static String waitingReason(ContainerStatus s) {
        return s.getState() != null && s.getState().getWaiting() != null ? s.getState().getWaiting().getReason() : null;
    }

    static String waitingMessage(ContainerStatus s) {
        return s.getState() != null && s.getState().getWaiting() != null ? nullToEmpty(s.getState().getWaiting().getMessage()) : "";
    }

    static int restarts(ContainerStatus s) {
        return s.getRestartCount() == null ? 0 : s.getRestartCount();
    }

    static Optional<Container> container(Pod p, String name) {
        if (p.getSpec() == null) {
            return Optional.empty();
        }
        List<Container> all = new ArrayList<>();
        if (p.getSpec().getInitContainers() != null) {
            all.addAll(p.getSpec().getInitContainers());
        }
        if (p.getSpec().getContainers() != null) {
            all.addAll(p.getSpec().getContainers());
        }
        return all.stream().filter(c -> name.equals(c.getName())).findFirst();
    }

    static Quantity limit(Container c, String resource) {
        return c.getResources() == null || c.getResources().getLimits() == null ? null : c.getResources().getLimits().get(resource);
    }

    static Quantity request(Container c, String resource) {
        return c.getResources() == null || c.getResources().getRequests() == null ? null : c.getResources().getRequests().get(resource);
    }

    static Optional<PodCondition> condition(Pod p, String type) {
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static String label(Pod p, String key) {
        Map<String, String> labels = p.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    /**
     * Whether a termination is recent enough to be evidence: finished no longer than {@code maxAge} before
     * {@code now}. A termination without a (readable) finish time counts as recent, since the kubelet always sets one
     * and missing data should not hide a fault.
     */
    static boolean recent(io.fabric8.kubernetes.api.model.ContainerStateTerminated t, java.time.Instant now, java.time.Duration maxAge) {
        if (t == null || t.getFinishedAt() == null || t.getFinishedAt().isBlank()) {
            return true;
        }
        try {
            return !java.time.Instant.parse(t.getFinishedAt()).isBefore(now.minus(maxAge));
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
    }

    /** The container's last termination ({@code lastState.terminated}), or null. */
    static io.fabric8.kubernetes.api.model.ContainerStateTerminated lastTermination(ContainerStatus s) {
        return s.getLastState() == null ? null : s.getLastState().getTerminated();
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
