package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

/**
 * Sets a workload's replica count, only if it still has the count the decision saw: the patch tests the field the
 * decision rests on rather than the resourceVersion, which every status update moves.
 */
public final class ScaleAction implements RemediationAction {

    private final Workloads workloads;

    public ScaleAction(KubernetesClient client) {
        this.workloads = new Workloads(client);
    }

    @Override
    public ActionType type() {
        return ActionType.SCALE;
    }

    @Override
    public ActionResult execute(Step step, TargetSnapshot snapshot) {
        int wanted = Integer.parseInt(step.param("replicas"));
        HasMetadata workload = workloads.get(step.target());
        if (workload == null) {
            return ActionResult.stale(step.target() + " no longer exists");
        }
        int current = Workloads.replicas(workload);
        if (current == wanted) {
            return ActionResult.noOp(step.target() + " already has " + wanted + " replicas");
        }
        String previous = step.param("previousReplicas");
        if (previous != null && Integer.parseInt(previous) != current) {
            return ActionResult.stale(step.target() + " has " + current + " replicas, the decision saw " + previous);
        }
        JsonPatch patch = new JsonPatch().test("/spec/replicas", current).replace("/spec/replicas", wanted);
        return workloads.patch(step.target(), patch, "scaled " + step.target() + " from " + current + " to " + wanted);
    }
}
