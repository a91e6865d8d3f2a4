package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.kubemedic.core.model.Ownership;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * PodDisruptionBudget arithmetic exactly as the 1.20 disruption controller does it (pkg/controller/disruption):
 * the pods a budget selects, how many it expects (an integer minAvailable counts the selected pods; a percentage or
 * maxUnavailable counts the desired scale of their controllers, percentages rounded up), how many must stay healthy,
 * how many are healthy (Ready, not being deleted, not just evicted) and so how many may go. Pure: each pod's
 * controller scale is looked up through a function, so the rules are tested without a cluster.
 */
final class Disruptions {

    /** An eviction not followed by the pod's deletion within this time no longer holds the budget (DeletionTimeout). */
    static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);

    /** A budget as stored, with the API version it was stored under (the sandbox keeps policy/v1 and v1beta1 apart). */
    record Budget(String apiVersion, PodDisruptionBudget pdb) {
    }

    /** The controller a pod counts against and its desired replicas. */
    record Scale(String controllerUid, int replicas) {
    }

    private Disruptions() {
    }

    /**
     * Whether a budget selects a pod. A policy/v1beta1 budget with an empty selector selects nothing (1.20 and the
     * v1beta1 contract); under policy/v1 an empty selector selects every pod in the namespace.
     */
    static boolean selects(Budget b, Pod pod) {
        LabelSelector s = b.pdb().getSpec() == null ? null : b.pdb().getSpec().getSelector();
        if (s == null || (!b.apiVersion().endsWith("/v1") && empty(s))) {
            return false;
        }
        return b.pdb().getMetadata().getNamespace().equals(pod.getMetadata().getNamespace()) && Selectors.matches(s, pod.getMetadata().getLabels());
    }

    /**
     * The status the controller writes, or empty when the expected pods cannot be counted (a selected pod without a
     * controller, a controller with no scale, an invalid percentage); the controller then only sets
     * disruptionsAllowed to 0 ({@code failSafe}).
     */
    static Optional<PodDisruptionBudgetStatus> status(PodDisruptionBudget pdb, List<Pod> selected, Function<Pod, Optional<Scale>> scaleOf, Instant now) {
        int expected;
        int desired;
        try {
            IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
            IntOrString minAvailable = pdb.getSpec().getMinAvailable();
            if (maxUnavailable != null) {
                Optional<Integer> scale = expectedScale(selected, scaleOf);
                if (scale.isEmpty()) {
                    return Optional.empty();
                }
                expected = scale.get();
                desired = Math.max(0, expected - IntOrPercent.scaled(maxUnavailable, 0, expected, true));
            } else if (minAvailable != null && minAvailable.getIntVal() != null) {
                desired = minAvailable.getIntVal();
                expected = selected.size();
            } else if (minAvailable != null) {
                Optional<Integer> scale = expectedScale(selected, scaleOf);
                if (scale.isEmpty()) {
                    return Optional.empty();
                }
                expected = scale.get();
                desired = IntOrPercent.scaled(minAvailable, 0, expected, true);
            } else {
                expected = 0;
                desired = 0;
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Map<String, String> disrupted = disruptedPods(pdb, selected, now);
        int healthy = (int) selected.stream().filter(p -> !PodStates.terminating(p) && !disrupted.containsKey(p.getMetadata().getName()) && PodStates.ready(p)).count();
        int allowed = expected <= 0 ? 0 : Math.max(0, healthy - desired);
        return Optional.of(new PodDisruptionBudgetStatusBuilder().withExpectedPods(expected).withDesiredHealthy(desired)
                .withCurrentHealthy(healthy).withDisruptionsAllowed(allowed).withDisruptedPods(disrupted.isEmpty() ? null : disrupted)
                .withObservedGeneration(pdb.getMetadata().getGeneration())
                .withConditions(pdb.getStatus() == null ? null : pdb.getStatus().getConditions()).build());
    }

    /** The sum of the desired scale of the distinct controllers of the selected pods; empty when one has none. */
    private static Optional<Integer> expectedScale(List<Pod> selected, Function<Pod, Optional<Scale>> scaleOf) {
        Map<String, Integer> scales = new HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Pod p : selected) {
            String uid = Ownership.controller(p).map(o -> o.getUid()).orElse(null);
            if (uid == null) {
                return Optional.empty();
            }
            if (seen.add(uid)) {
                Optional<Scale> s = scaleOf.apply(p);
                if (s.isEmpty()) {
                    return Optional.empty();
                }
                scales.put(s.get().controllerUid(), s.get().replicas());
            }
        }
        return Optional.of(scales.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** Evicted pods still present and not being deleted, for at most {@link #DELETION_TIMEOUT} after their eviction. */
    private static Map<String, String> disruptedPods(PodDisruptionBudget pdb, List<Pod> selected, Instant now) {
        Map<String, String> before = pdb.getStatus() == null || pdb.getStatus().getDisruptedPods() == null ? Map.of() : pdb.getStatus().getDisruptedPods();
        Map<String, String> kept = new LinkedHashMap<>();
        for (Pod p : selected) {
            String at = before.get(p.getMetadata().getName());
            Instant when = PodStates.parse(at);
            if (at != null && !PodStates.terminating(p) && when != null && !when.plus(DELETION_TIMEOUT).isBefore(now)) {
                kept.put(p.getMetadata().getName(), at);
            }
        }
        return kept;
    }

    private static boolean empty(LabelSelector s) {
        return (s.getMatchLabels() == null || s.getMatchLabels().isEmpty()) && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
    }
}
