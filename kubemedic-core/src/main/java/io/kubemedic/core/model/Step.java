package io.kubemedic.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * One concrete action the planner wants, before guards have spoken.
 *
 * @param target    the object acted on: the pod to evict, the Deployment to patch, the Node to cordon
 * @param workload  the incident's target (the owning workload, a bare pod, or a node); cooldowns and flap counts key on it
 * @param params    action parameters, e.g. {@code container=app}, {@code memoryLimit=320Mi}, {@code replicas=2}, {@code revision=1}
 * @param rung      the name of the policy rung this step makes concrete (unique within its rule); incidents remember
 *                  rungs by name, so a ladder whose conditional rungs come and go never shifts under them
 * @param automatic the policy allows this destructive step without approval
 * @param rule      the policy rule that chose the step
 */
public record Step(ActionType action, ResourceRef target, ResourceRef workload, Map<String, String> params,
                   Reason reason, String detail, double confidence, Risk risk, String rung, boolean automatic, String rule) {

    public Step {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rung, "rung");
        params = params == null ? Map.of() : Map.copyOf(params);
        detail = detail == null ? "" : detail;
    }

    public String param(String key) {
        return params.get(key);
    }

    /** A copy with one more parameter, e.g. the restartedAt value fixed when the step is first decided. */
    public Step withParam(String key, String value) {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>(params);
        p.put(key, value);
        return new Step(action, target, workload, p, reason, detail, confidence, risk, rung, automatic, rule);
    }

    public String namespace() {
        return workload.namespace() != null ? workload.namespace() : target.namespace();
    }

    @Override
    public String toString() {
        return action.policyName() + " " + target + (params.isEmpty() ? "" : " " + params);
    }
}
