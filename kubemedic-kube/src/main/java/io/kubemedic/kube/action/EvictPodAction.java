package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.Map;

/**
 * Restarts a pod through its controller by evicting it with the Eviction API, so PodDisruptionBudgets hold.
 * It never deletes a pod directly, and the eviction carries the pod's UID as a precondition: a pod recreated
 * under the same name since the decision is not touched.
 */
public final class EvictPodAction implements RemediationAction {

    private final KubernetesClient client;

    public EvictPodAction(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public ActionType type() {
        return ActionType.EVICT_POD;
    }

    @Override
    public ActionResult execute(Step step, TargetSnapshot snapshot) {
        String ns = step.target().namespace();
        String name = step.target().name();
        String uid = step.param("podUid");
        try {
            Pod current = client.pods().inNamespace(ns).withName(name).get();
            if (current == null) {
                return ActionResult.noOp("pod " + name + " is already gone");
            }
            if (uid != null && !uid.equals(current.getMetadata().getUid())) {
                return ActionResult.stale("pod " + name + " was replaced since the decision (uid changed)");
            }
            DeleteOptionsBuilder options = new DeleteOptionsBuilder();
            if (uid != null) {
                options.withNewPreconditions().withUid(uid).endPreconditions();
            }
            Eviction eviction = new EvictionBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                    .withDeleteOptions(options.build()).build();
            if (client.pods().inNamespace(ns).withName(name).evict(eviction)) {
                return ActionResult.applied("evicted pod " + name);
            }
            return new ActionResult(ActionResult.Status.FAILED, "eviction of " + name + " refused: a PodDisruptionBudget allows no disruption now",
                    Map.of("blockedBy", "PodDisruptionBudget"));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 429) {
                return new ActionResult(ActionResult.Status.FAILED, "eviction of " + name + " refused: a PodDisruptionBudget allows no disruption now",
                        Map.of("blockedBy", "PodDisruptionBudget"));
            }
            return ApiErrors.map("evict pod " + name, e);
        }
    }
}
