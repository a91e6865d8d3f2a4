package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.decision.Revisions;
import io.kubemedic.core.decision.Rollouts;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Restarts every pod of a Deployment, StatefulSet or DaemonSet as {@code kubectl rollout restart} does: a restartedAt
 * annotation on the pod template. Works whether or not the template has annotations (a JSON patch cannot add a key
 * to a map that does not exist: the real API server answers 422, so the whole map is added then). The value is fixed
 * when the step is decided ({@code restartedAt} parameter), which makes the action idempotent per rung: a retry after
 * a lost answer finds its own annotation and does nothing. Preconditions, read fresh: the controller has observed the
 * latest generation and no rollout is in progress (a restart would only stack another revision on it).
 */
public final class RolloutRestartAction implements RemediationAction {

    static final String RESTARTED_AT = Revisions.RESTARTED_AT;

    private final Workloads workloads;

    public RolloutRestartAction(KubernetesClient client) {
        this.workloads = new Workloads(client);
    }

    @Override
    public ActionType type() {
        return ActionType.ROLLOUT_RESTART;
    }

    @Override
    public ActionResult execute(Step step, TargetSnapshot snapshot) {
        String stamp = Objects.requireNonNull(step.param("restartedAt"), "restartedAt is fixed when the step is decided");
        HasMetadata workload = workloads.get(step.target());
        if (workload == null) {
            return ActionResult.stale(step.target() + " no longer exists");
        }
        PodTemplateSpec template = Workloads.template(workload);
        Map<String, String> annotations = template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
        if (annotations != null && stamp.equals(annotations.get(RESTARTED_AT))) {
            return ActionResult.noOp(step.target() + " was already restarted at " + stamp);
        }
        Optional<String> rollout = Rollouts.inProgress(Fresh.snapshot(step, workload));
        if (rollout.isPresent()) {
            return ActionResult.stale("not restarting " + step.target() + ": " + rollout.get());
        }
        JsonPatch patch = new JsonPatch();
        if (template.getMetadata() == null) {
            patch.add("/spec/template/metadata", Map.of("annotations", Map.of(RESTARTED_AT, stamp)));
        } else if (annotations == null || annotations.isEmpty()) {
            patch.add("/spec/template/metadata/annotations", Map.of(RESTARTED_AT, stamp));
        } else {
            patch.add("/spec/template/metadata/annotations/" + JsonPatch.key(RESTARTED_AT), stamp);
        }
        if (workload.getMetadata().getGeneration() != null) {
            patch.test("/metadata/generation", workload.getMetadata().getGeneration());
        }
        return workloads.patch(step.target(), patch, "rolling restart of " + step.target() + " at " + stamp,
                now -> Objects.equals(now.getMetadata().getGeneration(), workload.getMetadata().getGeneration()));
    }
}
