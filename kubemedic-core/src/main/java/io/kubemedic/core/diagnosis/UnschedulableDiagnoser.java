package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Pending pod the scheduler cannot place, with the numbers when it is for lack of CPU or memory. Only once it has
 * been unschedulable for {@code diagnosis.pendingGrace}: the scheduler retries, a node that has just joined is tainted
 * not-ready for a few seconds, an autoscaler adds capacity; a pod that waits a moment is not an incident.
 */
public final class UnschedulableDiagnoser implements Diagnoser {

    private final java.time.Duration grace;

    public UnschedulableDiagnoser(java.time.Duration grace) {
        this.grace = grace;
    }

    public UnschedulableDiagnoser() {
        this(java.time.Duration.ZERO);
    }

    @Override
    public String name() {
        return "unschedulable";
    }

    @Override
    public List<Finding> diagnose(TargetSnapshot snapshot) {
        List<Finding> out = new ArrayList<>();
        for (Pod pod : snapshot.pods()) {
            if (pod.getStatus() == null || !"Pending".equals(pod.getStatus().getPhase())) {
                continue;
            }
            // The condition, when present, is the truth: a FailedScheduling event outlives the scheduling it reported.
            Optional<PodCondition> scheduled = PodFacts.condition(pod, "PodScheduled");
            Optional<String> message = scheduled.isEmpty() ? failedSchedulingEvent(snapshot, pod) : scheduled
                    .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
                    .map(c -> PodFacts.nullToEmpty(c.getMessage()));
            if (message.isEmpty() || recent(pod, scheduled, snapshot.observedAt())) {
                continue;
            }
            out.add(finding(snapshot, pod, message.get()));
        }
        return out;
    }

    private static Finding finding(TargetSnapshot snapshot, Pod pod, String message) {
        List<String> resources = new ArrayList<>();
        if (message.contains("Insufficient cpu")) {
            resources.add("cpu");
        }
        if (message.contains("Insufficient memory")) {
            resources.add("memory");
        }
        Map<String, String> ev = new LinkedHashMap<>();
        ev.put("schedulerMessage", message);
        if (resources.isEmpty()) {
            return new Finding(FindingType.UNSCHEDULABLE, Severity.WARNING, PodFacts.ref(pod), null,
                    "pod " + pod.getMetadata().getName() + " cannot be scheduled: " + message, ev, "read the scheduler message: affinity, taints or volumes");
        }
        ev.put("resource", String.join(",", resources));
        List<String> requested = new ArrayList<>();
        List<String> largest = new ArrayList<>();
        for (String r : resources) {
            requested.add(r + "=" + sum(pod, r).stripTrailingZeros().toPlainString());
            snapshot.nodes().stream().map(n -> allocatable(n, r)).max(BigDecimal::compareTo)
                    .ifPresent(max -> largest.add(r + "=" + max.stripTrailingZeros().toPlainString()));
        }
        ev.put("requested", String.join(",", requested));
        if (!snapshot.nodes().isEmpty()) {
            ev.put("largestAllocatable", String.join(",", largest));
            ev.put("nodes", String.valueOf(snapshot.nodes().size()));
        }
        return new Finding(FindingType.UNSCHEDULABLE_INSUFFICIENT_RESOURCES, Severity.WARNING, PodFacts.ref(pod), null,
                "pod " + pod.getMetadata().getName() + " is Pending: it requests " + String.join(", ", requested)
                        + (largest.isEmpty() ? "" : " but the largest node offers " + String.join(", ", largest)) + " (" + message + ")",
                ev, "lower the requests, scale other workloads down, or add capacity");
    }

    /** Unschedulable for less than the grace, counted from the condition's transition (else the pod's creation). */
    private boolean recent(Pod pod, Optional<PodCondition> scheduled, java.time.Instant now) {
        String since = scheduled.map(PodCondition::getLastTransitionTime).orElse(pod.getMetadata().getCreationTimestamp());
        if (since == null || grace.isZero()) {
            return false;
        }
        try {
            return java.time.Instant.parse(since).plus(grace).isAfter(now);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static BigDecimal sum(Pod pod, String resource) {
        BigDecimal total = BigDecimal.ZERO;
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            for (Container c : pod.getSpec().getContainers()) {
                Quantity q = PodFacts.request(c, resource);
                if (q != null) {
                    total = total.add(q.getNumericalAmount());
                }
            }
        }
        return total;
    }

    private static BigDecimal allocatable(Node n, String resource) {
        Quantity q = n.getStatus() == null || n.getStatus().getAllocatable() == null ? null : n.getStatus().getAllocatable().get(resource);
        return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
    }

    private static Optional<String> failedSchedulingEvent(TargetSnapshot snapshot, Pod pod) {
        return snapshot.events().stream()
                .filter(e -> "FailedScheduling".equals(e.getReason()) && e.getInvolvedObject() != null
                        && pod.getMetadata().getName().equals(e.getInvolvedObject().getName()))
                .map(Event::getMessage).findFirst();
    }
}
