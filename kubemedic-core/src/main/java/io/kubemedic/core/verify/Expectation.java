package io.kubemedic.core.verify;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubemedic.core.decision.CurrentRevision;
import io.kubemedic.core.decision.MemoryRaise;
import io.kubemedic.core.decision.Revisions;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A named predicate that tells whether an action really took effect ("landed"), as java-operator-sdk's expectations
 * do. Made when the action runs, from the state before it; checked against later snapshots. Plain data, so an
 * incident's pending verification survives a restart.
 *
 * @param podUidsBefore  the target's pods when the action ran; pods not in it are replacements
 * @param outcomeUnknown the API server did not answer whether the action ran (5xx, timeout): if it does not show in
 *                       the cluster by {@code landBy}, the same step is tried again rather than the ladder climbed
 * @param landBy         when an unknown outcome must have shown in the cluster
 */
public record Expectation(String name, Step step, Instant startedAt, Instant deadline, Set<String> podUidsBefore,
                          boolean outcomeUnknown, Instant landBy) {

    /** How long the informer caches may lag behind a write whose answer got lost. */
    static final Duration UNKNOWN_LAND_GRACE = Duration.ofSeconds(5);

    public Expectation {
        podUidsBefore = podUidsBefore == null ? Set.of() : Set.copyOf(podUidsBefore);
    }

    public static Expectation forStep(Step step, TargetSnapshot before, Instant now, Duration timeout) {
        Set<String> uids = before.pods().stream().map(p -> p.getMetadata().getUid()).filter(Objects::nonNull).collect(Collectors.toSet());
        return new Expectation(nameOf(step), step, now, now.plus(timeout), uids, false, now);
    }

    /** The same expectation for a call whose outcome the API server did not give. */
    public Expectation unknownOutcome() {
        return new Expectation(name, step, startedAt, deadline, podUidsBefore, true, startedAt.plus(UNKNOWN_LAND_GRACE));
    }

    private static String nameOf(Step step) {
        return switch (step.action()) {
            case EVICT_POD -> "pod " + step.target().name() + " replaced by a Ready pod that stays healthy";
            case ROLLOUT_RESTART -> "the restarted revision's pods Ready and healthy";
            case ROLLBACK -> "rolled back to revision " + step.param("revision") + ", its pods Ready and healthy";
            case RAISE_MEMORY_LIMIT -> "memory limit of " + step.param("container") + " at " + step.param("memoryLimit")
                    + ", the new revision's pods Ready with no new OOM";
            case SCALE -> step.param("hpa") != null ? "HorizontalPodAutoscaler " + step.param("hpa") + " minReplicas at "
                    + step.param("replicas") + " and that many pods Ready" : step.param("replicas") + " replicas Ready";
            case CORDON_NODE -> "node unschedulable, then Ready again";
            case DRAIN_NODE -> "node drained of evictable pods, then Ready again";
            default -> step.action().policyName() + " took effect";
        };
    }

    /** Whether the cluster shows the action was applied (not yet whether it helped). */
    public boolean landed(TargetSnapshot now) {
        return switch (step.action()) {
            case EVICT_POD -> now.pods().stream().noneMatch(p -> isEvicted(p) && p.getMetadata().getDeletionTimestamp() == null);
            case ROLLOUT_RESTART -> CurrentRevision.observed(now) && now.podTemplate()
                    .map(t -> annotation(t, Revisions.RESTARTED_AT)).filter(v -> v != null && v.equals(step.param("restartedAt"))).isPresent();
            case ROLLBACK -> CurrentRevision.observed(now) && rolledBack(now);
            case RAISE_MEMORY_LIMIT -> CurrentRevision.observed(now) && limitAtLeast(now, step.param("container"), step.param("memoryLimit"));
            case SCALE -> scaled(now);
            case CORDON_NODE -> now.node() != null && now.node().getSpec() != null && Boolean.TRUE.equals(now.node().getSpec().getUnschedulable());
            case DRAIN_NODE -> now.pods().stream().noneMatch(Expectation::evictable);
            default -> true;
        };
    }

    /** Pods that did not exist when the action ran. */
    public boolean isReplacement(Pod pod) {
        return !podUidsBefore.contains(pod.getMetadata().getUid());
    }

    private boolean isEvicted(Pod p) {
        return step.param("podUid") != null ? step.param("podUid").equals(p.getMetadata().getUid())
                : step.target().name().equals(p.getMetadata().getName());
    }

    /** What a drain evicts, as kubectl drain: not DaemonSet pods (their controller ignores unschedulable), not mirror pods. */
    static boolean evictable(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        Map<String, String> a = p.getMetadata().getAnnotations();
        if (a != null && a.containsKey("kubernetes.io/config.mirror")) {
            return false;
        }
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return false;
        }
        return io.kubemedic.core.model.Ownership.controller(p).map(o -> !"DaemonSet".equals(o.getKind())).orElse(true);
    }

    /**
     * The Deployment runs the target revision's ReplicaSet again: the ReplicaSet whose template the Deployment now has
     * carries the {@code pod-template-hash} of the one we rolled back to (a rollback gives it a new revision number,
     * but its hash stays).
     */
    private boolean rolledBack(TargetSnapshot now) {
        String wanted = step.param("templateHash");
        return now.deployment() != null && wanted != null && Revisions.current(now)
                .filter(rs -> Revisions.normalized(rs.getSpec().getTemplate()).equals(Revisions.normalized(now.deployment().getSpec().getTemplate())))
                .map(rs -> rs.getMetadata().getLabels() != null && wanted.equals(rs.getMetadata().getLabels().get(Revisions.TEMPLATE_HASH)))
                .orElse(false);
    }

    private boolean scaled(TargetSnapshot now) {
        int wanted = Integer.parseInt(step.param("replicas"));
        if (step.param("hpa") != null) {
            return now.autoscalers().stream().anyMatch(h -> step.param("hpa").equals(h.getMetadata().getName())
                    && h.getSpec().getMinReplicas() != null && h.getSpec().getMinReplicas() >= wanted);
        }
        return (now.deployment() != null || now.statefulSet() != null) && now.desiredReplicas() == wanted;
    }

    private static String annotation(PodTemplateSpec t, String key) {
        return t.getMetadata() == null || t.getMetadata().getAnnotations() == null ? null : t.getMetadata().getAnnotations().get(key);
    }

    private static boolean limitAtLeast(TargetSnapshot now, String container, String limit) {
        return now.podTemplate().map(t -> t.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(container))
                .map(Container::getResources)
                .anyMatch(r -> r != null && r.getLimits() != null && r.getLimits().get("memory") != null
                        && MemoryRaise.bytes(r.getLimits().get("memory")).compareTo(MemoryRaise.bytes(new Quantity(limit))) >= 0))
                .orElse(false);
    }
}
