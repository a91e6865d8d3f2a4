package io.kubemedic.core.verify;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.decision.MemoryRaise;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A named predicate that tells whether an action really took effect ("landed"), as java-operator-sdk's
 * expectations do. Made when the action runs, from the state before it; checked against later snapshots.
 *
 * @param podUidsBefore the target's pods when the action ran; pods not in it are replacements
 */
public record Expectation(String name, Step step, Instant startedAt, Instant deadline, Set<String> podUidsBefore) {

    public static Expectation forStep(Step step, TargetSnapshot before, Instant now, java.time.Duration timeout) {
        Set<String> uids = before.pods().stream().map(p -> p.getMetadata().getUid()).filter(Objects::nonNull).collect(Collectors.toSet());
        return new Expectation(nameOf(step), step, now, now.plus(timeout), Set.copyOf(uids));
    }

    private static String nameOf(Step step) {
        return switch (step.action()) {
            case EVICT_POD -> "pod " + step.target().name() + " replaced and the workload Ready";
            case ROLLOUT_RESTART -> "all pods restarted and Ready";
            case ROLLBACK -> "rolled back to revision " + step.param("revision") + " and Ready";
            case RAISE_MEMORY_LIMIT -> "memory limit of " + step.param("container") + " at " + step.param("memoryLimit") + ", no new OOM";
            case SCALE -> step.param("replicas") + " replicas available";
            case CORDON_NODE -> "node unschedulable";
            default -> step.action().policyName() + " took effect";
        };
    }

    /** Whether the cluster shows the action was applied (not yet whether the target is healthy). */
    public boolean landed(TargetSnapshot now) {
        ActionType action = step.action();
        return switch (action) {
            case EVICT_POD -> now.pods().stream().noneMatch(p -> step.param("podUid") != null
                    ? step.param("podUid").equals(p.getMetadata().getUid())
                    : step.target().name().equals(p.getMetadata().getName()));
            case ROLLOUT_RESTART, ROLLBACK -> now.pods().stream().noneMatch(p -> podUidsBefore.contains(p.getMetadata().getUid()))
                    && (action != ActionType.ROLLBACK || rolledBack(now));
            case RAISE_MEMORY_LIMIT -> limitAtLeast(now, step.param("container"), step.param("memoryLimit"));
            case SCALE -> now.deployment() != null || now.statefulSet() != null
                    ? now.desiredReplicas() == Integer.parseInt(step.param("replicas")) : false;
            case CORDON_NODE -> now.node() != null && now.node().getSpec() != null && Boolean.TRUE.equals(now.node().getSpec().getUnschedulable());
            default -> true;
        };
    }

    /** Pods that did not exist when the action ran. */
    public boolean isReplacement(Pod pod) {
        return !podUidsBefore.contains(pod.getMetadata().getUid());
    }

    private boolean rolledBack(TargetSnapshot now) {
        Map<String, String> a = now.deployment() == null ? null : now.deployment().getMetadata().getAnnotations();
        String from = step.param("fromRevision");
        return a != null && (from == null || !from.equals(a.get("deployment.kubernetes.io/revision")));
    }

    private static boolean limitAtLeast(TargetSnapshot now, String container, String limit) {
        return now.podTemplate().map(t -> t.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(container))
                .map(Container::getResources)
                .anyMatch(r -> r != null && r.getLimits() != null && r.getLimits().get("memory") != null
                        && MemoryRaise.bytes(r.getLimits().get("memory")).compareTo(
                        MemoryRaise.bytes(new io.fabric8.kubernetes.api.model.Quantity(limit))) >= 0))
                .orElse(false);
    }
}
