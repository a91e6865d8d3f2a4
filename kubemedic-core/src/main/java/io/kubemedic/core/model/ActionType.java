package io.kubemedic.core.model;

/**
 * What Kubemedic can do. {@code mutating} actions change the cluster and pass every guard;
 * {@code destructive} ones take running pods down and need approval unless the policy marks them automatic.
 */
public enum ActionType {
    EVICT_POD(true, true, "evict the pod through the Eviction API so its controller recreates it"),
    ROLLOUT_RESTART(true, true, "restart every pod of the workload with a rolling restart"),
    ROLLBACK(true, true, "roll the Deployment back to an earlier ReplicaSet revision"),
    RAISE_MEMORY_LIMIT(true, true, "raise the container memory limit on the owning workload (rolls every pod)"),
    SCALE(true, false, "change the workload's replica count (or its autoscaler's minReplicas)"),
    CORDON_NODE(true, false, "mark the node unschedulable"),
    DRAIN_NODE(true, true, "evict every pod from the node through the Eviction API, as kubectl drain does"),
    CHECK_IMAGE(false, false, "check the image reference and pull secrets (read-only)"),
    REPORT(false, false, "report the problem with the numbers behind it; no change"),
    ESCALATE(false, false, "hand the incident to a human");

    private final boolean mutating;
    private final boolean destructive;
    private final String description;

    ActionType(boolean mutating, boolean destructive, String description) {
        this.mutating = mutating;
        this.destructive = destructive;
        this.description = description;
    }

    public boolean mutating() {
        return mutating;
    }

    public boolean destructive() {
        return destructive;
    }

    public String description() {
        return description;
    }

    /** The policy-file spelling: {@code evict-pod}, {@code raise-memory-limit}. */
    public String policyName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static ActionType fromPolicyName(String name) {
        for (ActionType t : values()) {
            if (t.policyName().equals(name) || t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown action '" + name + "'; known: "
                + java.util.Arrays.stream(values()).map(ActionType::policyName).toList());
    }
}
