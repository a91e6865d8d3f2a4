package io.kubemedic.kube.action;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

/**
 * Restarts a pod through its controller by evicting it with the Eviction API, so PodDisruptionBudgets hold. It never
 * deletes a pod directly, and the UID the decision saw is a precondition: a pod recreated under the same name is not
 * touched.
 */
public final class EvictPodAction implements RemediationAction {

    private final Evictions evictions;

    public EvictPodAction(KubernetesClient client) {
        this.evictions = new Evictions(client);
    }

    @Override
    public ActionType type() {
        return ActionType.EVICT_POD;
    }

    @Override
    public ActionResult execute(Step step, TargetSnapshot snapshot) {
        return evictions.evict(step.target().namespace(), step.target().name(), step.param("podUid"),
                snapshot.pod(step.target().name()).orElse(null));
    }

    /** The eviction API version in use (policy/v1 or v1beta1), for tests and logs. */
    String evictionVersion() {
        return evictions.version();
    }
}
