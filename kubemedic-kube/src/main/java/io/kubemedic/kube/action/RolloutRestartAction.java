package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.time.Clock;
import java.util.Map;

/** Restarts every pod of a workload as {@code kubectl rollout restart} does: a new restartedAt template annotation. */
public final class RolloutRestartAction implements RemediationAction {

    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    private final Workloads workloads;
    private final Clock clock;

    public RolloutRestartAction(KubernetesClient client, Clock clock) {
        this.workloads = new Workloads(client);
        this.clock = clock;
    }

    @Override
    public ActionType type() {
        return ActionType.ROLLOUT_RESTART;
    }

    @Override
    public ActionResult execute(Step step, TargetSnapshot snapshot) {
        HasMetadata workload = workloads.get(step.target());
        if (workload == null) {
            return ActionResult.stale(step.target() + " no longer exists");
        }
        PodTemplateSpec template = Workloads.template(workload);
        String now = clock.instant().toString();
        JsonPatch patch = new JsonPatch();
        if (template.getMetadata() == null || template.getMetadata().getAnnotations() == null) {
            patch.add(template.getMetadata() == null ? "/spec/template/metadata" : "/spec/template/metadata/annotations",
                    template.getMetadata() == null ? Map.of("annotations", Map.of(RESTARTED_AT, now)) : Map.of(RESTARTED_AT, now));
        } else {
            patch.add("/spec/template/metadata/annotations/" + JsonPatch.key(RESTARTED_AT), now);
        }
        return workloads.patch(step.target(), patch, "rolling restart of " + step.target() + " at " + now);
    }
}
