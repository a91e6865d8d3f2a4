package io.kubemedic.app.intake;

import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import io.kubemedic.kube.observe.ClusterObserver;

import java.util.Optional;

/** What the intake reads of the cluster, from the observer's caches only (an alert burst makes no API calls). */
public interface ClusterLookup {

    /** The workload Kubemedic reasons about for a pod, empty when the pod is not in the cache. */
    Optional<ResourceRef> workloadOfPod(String namespace, String name);

    /** The target as the caches hold it now. */
    TargetSnapshot snapshot(ResourceRef target);

    /** Whether the caches are in sync: before that nothing can be said about a target. */
    boolean inSync();

    static ClusterLookup of(ClusterObserver observer) {
        return new ClusterLookup() {
            @Override
            public Optional<ResourceRef> workloadOfPod(String namespace, String name) {
                return observer.cachedPod(namespace, name).flatMap(observer::workloadOf);
            }

            @Override
            public TargetSnapshot snapshot(ResourceRef target) {
                return observer.snapshot(target);
            }

            @Override
            public boolean inSync() {
                return observer.inSync();
            }
        };
    }
}
