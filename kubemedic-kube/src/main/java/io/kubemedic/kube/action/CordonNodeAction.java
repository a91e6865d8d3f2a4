package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

/** Marks a node unschedulable, as {@code kubectl cordon} does. Pods already there keep running. */
public final class CordonNodeAction implements RemediationAction {

    private final KubernetesClient client;

    public CordonNodeAction(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public ActionType type() {
        return ActionType.CORDON_NODE;
    }

    @Override
    public ActionResult execute(Step step, TargetSnapshot snapshot) {
        String name = step.target().name();
        try {
            Node node = client.nodes().withName(name).get();
            if (node == null) {
                return ActionResult.stale("node " + name + " no longer exists");
            }
            if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
                return ActionResult.noOp("node " + name + " is already cordoned");
            }
            client.nodes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":true}}");
            return ActionResult.applied("cordoned node " + name);
        } catch (KubernetesClientException e) {
            return ApiErrors.map("cordon node " + name, e);
        }
    }
}
