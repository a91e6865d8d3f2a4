package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.diagnosis.PodHealth;
import io.kubemedic.core.model.ResourceRef;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Counts, in one pass over the pod cache, how many watched workloads have at least one visibly failing pod
 * ({@link PodHealth#failing}). Storm mode decides from this share at decision time: counting incidents opened so far
 * let six evictions run before a storm of 12 crash-looping workloads was noticed.
 */
final class WorkloadCounter {

    private WorkloadCounter() {
    }

    /**
     * @param pods       every cached pod
     * @param workloadOf a pod's target (its workload), empty when unknown
     * @param watched    whether a target is a watched workload (Deployment, StatefulSet or DaemonSet in scope)
     * @param total      how many watched workloads there are
     */
    static WorkloadCounts count(Iterable<Pod> pods, Function<Pod, Optional<ResourceRef>> workloadOf,
                                Predicate<ResourceRef> watched, int total) {
        Set<ResourceRef> unhealthy = new HashSet<>();
        for (Pod pod : pods) {
            if (PodHealth.failing(pod)) {
                workloadOf.apply(pod).filter(w -> !unhealthy.contains(w) && watched.test(w)).ifPresent(unhealthy::add);
            }
        }
        return new WorkloadCounts(total, unhealthy.size());
    }
}
