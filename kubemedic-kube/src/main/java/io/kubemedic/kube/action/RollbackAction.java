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
 * the rest, reusing that ReplicaSet and its pods. The patch tests the revision the decision saw, so a rollout that
 * moved on since is not undone; a Deployment already on that template is a NO_OP.
 */
public final class RollbackAction implements RemediationAction {

    private final KubernetesClient client;
    private final Workloads workloads;

    public RollbackAction(KubernetesClient client) {
        this.client = client;
        this.workloads = new Workloads(client);
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
                    .filter(rs -> matches(rs, step))
                    .findFirst();
            if (target.isEmpty()) {
                return ActionResult.stale(step.target() + " has no revision " + revision + " any more");
            }
            PodTemplateSpec template = Revisions.withoutHash(target.get().getSpec().getTemplate());
            if (Revisions.normalized(template).equals(Revisions.normalized(d.getSpec().getTemplate()))) {
                return ActionResult.noOp(step.target() + " already runs the template of revision " + revision);
            }
            JsonPatch patch = new JsonPatch();
            String from = step.param("fromRevision");
            Map<String, String> annotations = d.getMetadata().getAnnotations();
            if (from != null && annotations != null && annotations.containsKey(Revisions.REVISION)) {
                patch.test("/metadata/annotations/" + JsonPatch.key(Revisions.REVISION), from);
            }
            patch.replace("/spec/template", template);
            return workloads.patch(step.target(), patch, "rolled " + step.target() + " back to revision " + revision,
                    now -> from == null || from.equals(String.valueOf(Revisions.revision(now))));
        } catch (KubernetesClientException e) {
            return ApiErrors.map("roll back " + step.target(), e);
        }
    }

    /** The ReplicaSet to roll back to: by its pod-template-hash when the decision recorded it, else by revision. */
    private static boolean matches(ReplicaSet rs, Step step) {
        String hash = step.param("templateHash");
        if (hash != null) {
            return rs.getMetadata().getLabels() != null && hash.equals(rs.getMetadata().getLabels().get(Revisions.TEMPLATE_HASH));
        }
        return step.param("revision").equals(String.valueOf(Revisions.revision(rs)));
    }
}
