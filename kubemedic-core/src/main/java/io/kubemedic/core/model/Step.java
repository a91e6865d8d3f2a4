package io.kubemedic.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * One concrete action the planner wants, before guards have spoken.
 *
 * @param target    the object acted on: the pod to evict, the Deployment to patch, the Node to cordon
 * @param workload  the incident's target (the owning workload, a bare pod, or a node); cooldowns and flap counts key on it
 * @param params    action parameters, e.g. {@code container=app}, {@code memoryLimit=320Mi}, {@code replicas=2}, {@code revision=1}
 * @param rung      position in the policy ladder, from 0
 * @param automatic the policy allows this destructive step without approval
 * @param rule      the policy rule that chose the step
 */
public record Step(ActionType action, ResourceRef target, ResourceRef workload, Map<String, String> params,
                   Reason reason, String detail, double confidence, Risk risk, int rung, boolean automatic, String rule) {

    public Step {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(reason, "reason");
        params = params == null ? Map.of() : Map.copyOf(params);
        detail = detail == null ? "" : detail;
    }

    public String param(String key) {
        return params.get(key);
    }

    public String namespace() {
        return workload.namespace() != null ? workload.namespace() : target.namespace();
    }

    @Override
    public String toString() {
        return action.policyName() + " " + target + (params.isEmpty() ? "" : " " + params);
    }
}
