package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.time.Instant;

/**
 * A one-object snapshot around a workload just read from the API server, so an action can check a precondition with
 * the same pure code the planner used (e.g. {@link io.kubemedic.core.decision.Rollouts}) against fresh state.
 */
final class Fresh {

    private Fresh() {
    }

    static TargetSnapshot snapshot(Step step, HasMetadata workload) {
        TargetSnapshot.Builder b = TargetSnapshot.builder(step.workload(), Instant.EPOCH);
        switch (workload) {
            case Deployment d -> b.deployment(d);
            case StatefulSet s -> b.statefulSet(s);
            case DaemonSet d -> b.daemonSet(d);
            default -> { }
        }
        return b.build();
    }
}
