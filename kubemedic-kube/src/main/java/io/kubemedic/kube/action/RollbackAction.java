package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubemedic.core.decision.Revisions;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.Map;
import java.util.Optional;

/**
 * Rolls a Deployment back as {@code kubectl rollout undo --to-revision} does: the pod template of the ReplicaSet with
 * that revision is copied into the Deployment (without its pod-template-hash label); the Deployment controller does
 * the rest. The patch tests the revision the decision saw, so a rollout that moved on since is not undone.
 */
public final class RollbackAction implements RemediationAction {

    private final KubernetesClient client;

    public RollbackAction(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public ActionType type() {
        return ActionType.ROLLBACK;
    }

    @Override
    public ActionResult execute(Step step, TargetSnapshot snapshot) {
        String ns = step.target().namespace();
        String name = step.target().name();
        String revision = step.param("revision");
        try {
            Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
            if (d == null) {
                return ActionResult.stale(step.target() + " no longer exists");
            }
            Optional<ReplicaSet> target = client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                    .filter(rs -> rs.getMetadata().getOwnerReferences() != null && rs.getMetadata().getOwnerReferences().stream()
                            .anyMatch(o -> d.getMetadata().getUid().equals(o.getUid())))
                    .filter(rs -> revision.equals(String.valueOf(Revisions.revision(rs))))
                    .findFirst();
            if (target.isEmpty()) {
                return ActionResult.failed(step.target() + " has no revision " + revision + " to roll back to");
            }
            PodTemplateSpec template = Revisions.withoutHash(target.get().getSpec().getTemplate());
            if (template.equals(Revisions.withoutHash(d.getSpec().getTemplate()))) {
                return ActionResult.noOp(step.target() + " already runs the template of revision " + revision);
            }
            JsonPatch patch = new JsonPatch();
            String from = step.param("fromRevision");
            Map<String, String> annotations = d.getMetadata().getAnnotations();
            if (from != null && annotations != null && annotations.containsKey(Revisions.REVISION)) {
                patch.test("/metadata/annotations/" + JsonPatch.key(Revisions.REVISION), from);
            }
            patch.replace("/spec/template", template);
            return new Workloads(client).patch(step.target(), patch, "rolled " + step.target() + " back to revision " + revision);
        } catch (KubernetesClientException e) {
            return ApiErrors.map("roll back " + step.target(), e);
        }
    }

}
