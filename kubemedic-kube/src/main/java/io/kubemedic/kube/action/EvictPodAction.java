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
 * It never deletes a pod directly. The UID the decision saw is checked first and, where the server serves
 * policy/v1 eviction, also sent as a precondition: a pod recreated under the same name is not touched. Which
 * eviction version to post is discovered once, as {@code kubectl drain} does (Kubernetes 1.20 serves only v1beta1).
 */
public final class EvictPodAction implements RemediationAction {

    private final KubernetesClient client;
    private volatile String evictionVersion;

    public EvictPodAction(KubernetesClient client) {
        this.client = client;
    }

    /** The version of the {@code pods/eviction} subresource in the core API discovery; v1 when discovery says nothing. */
    String evictionVersion() {
        String v = evictionVersion;
        if (v == null) {
            v = "v1";
            try {
                var resources = client.getApiResources("v1");
                if (resources != null && resources.getResources() != null) {
                    v = resources.getResources().stream().filter(r -> "pods/eviction".equals(r.getName()))
                            .map(r -> r.getVersion() == null || r.getVersion().isEmpty() ? "v1" : r.getVersion()).findFirst().orElse("v1");
                }
            } catch (KubernetesClientException e) {
                // no discovery (some test servers): assume the current API
            }
            evictionVersion = v;
        }
        return v;
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
            boolean evicted;
            if ("v1beta1".equals(evictionVersion())) {
                evicted = client.pods().inNamespace(ns).withName(name).evict(); // fabric8 posts policy/v1beta1 here
            } else {
                DeleteOptionsBuilder options = new DeleteOptionsBuilder();
                if (uid != null) {
                    options.withNewPreconditions().withUid(uid).endPreconditions();
                }
                Eviction eviction = new EvictionBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                        .withDeleteOptions(options.build()).build();
                evicted = client.pods().inNamespace(ns).withName(name).evict(eviction);
            }
            if (evicted) {
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
