package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.Objects;

/**
 * Sets a workload's replica count, only if it still has the count the decision saw: the patch tests the field the
 * decision rests on rather than the resourceVersion, which every status update moves. When a HorizontalPodAutoscaler
 * manages the workload ({@code hpa} parameter), scaling it directly would be undone by the autoscaler within seconds,
 * so its {@code minReplicas} is raised instead, tested the same way.
 */
public final class ScaleAction implements RemediationAction {

    private final KubernetesClient client;
    private final Workloads workloads;

    public ScaleAction(KubernetesClient client) {
        this.client = client;
        this.workloads = new Workloads(client);
    }

    @Override
    public ActionType type() {
        return ActionType.SCALE;
    }

    @Override
    public ActionResult execute(Step step, TargetSnapshot snapshot) {
        int wanted = Integer.parseInt(step.param("replicas"));
        if (step.param("hpa") != null) {
            return raiseMinReplicas(step, wanted);
        }
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
        return workloads.patch(step.target(), patch, "scaled " + step.target() + " from " + current + " to " + wanted,
                now -> Workloads.replicas(now) == current);
    }

    private ActionResult raiseMinReplicas(Step step, int wanted) {
        String name = step.param("hpa");
        String what = "minReplicas of HorizontalPodAutoscaler " + name;
        var resource = client.autoscaling().v1().horizontalPodAutoscalers().inNamespace(step.target().namespace()).withName(name);
        try {
            HorizontalPodAutoscaler hpa = resource.get();
            if (hpa == null) {
                return ActionResult.stale("HorizontalPodAutoscaler " + name + " no longer exists");
            }
            Integer min = hpa.getSpec().getMinReplicas();
            int current = min == null ? 1 : min;
            if (current >= wanted) {
                return ActionResult.noOp(what + " is already " + current);
            }
            if (!Objects.equals(String.valueOf(current), step.param("previousMinReplicas"))) {
                return ActionResult.stale(what + " is " + current + ", the decision saw " + step.param("previousMinReplicas"));
            }
            JsonPatch patch = min == null ? new JsonPatch().add("/spec/minReplicas", wanted)
                    : new JsonPatch().test("/spec/minReplicas", current).replace("/spec/minReplicas", wanted);
            resource.patch(PatchContext.of(PatchType.JSON), patch.toString());
            return ActionResult.applied(what + " raised from " + current + " to " + wanted);
        } catch (KubernetesClientException e) {
            return ApiErrors.map("raise " + what, e);
        }
    }
}
