package io.kubemedic.core.model;

/**
 * Why Kubemedic did, skipped, held or escalated something. The same code appears in logs, audit rows,
 * Kubernetes Events and metric labels, so an SRE can follow one incident across all of them.
 */
public enum Reason {
    // decisions
    CRASH_LOOP_EVICT(Kind.DECISION, "crash loop: restart the pod through its controller"),
    CRASH_LOOP_ROLLOUT_RESTART(Kind.DECISION, "crash loop persists after a pod restart: rolling restart"),
    CRASH_LOOP_ROLLBACK(Kind.DECISION, "crash loop began with a new revision: roll back"),
    MEMORY_LEAK_RESTART(Kind.DECISION, "an alert reports a memory leak: restart the pod through its controller"),
    REQUESTED_ACTION(Kind.DECISION, "an authenticated caller asked for this action; every guard still applies"),
    OOM_RAISE_MEMORY(Kind.DECISION, "container was OOMKilled: raise its memory limit"),
    MEMORY_PRESSURE_RAISE_MEMORY(Kind.DECISION, "memory usage is close to the limit: raise it before an OOM kill"),
    IMAGE_PULL_CHECK(Kind.DECISION, "image cannot be pulled: check the reference and pull secrets"),
    CONFIG_ERROR_REPORT(Kind.DECISION, "container config refers to a missing ConfigMap/Secret: report"),
    UNSCHEDULABLE_REPORT(Kind.DECISION, "pod cannot be scheduled: report the numbers"),
    UNSCHEDULABLE_SCALE_DOWN(Kind.DECISION, "pod cannot be scheduled: scale down as the policy allows"),
    SINGLE_REPLICA_SCALE_UP(Kind.DECISION, "production Deployment has one replica: scale to two"),
    ROLLOUT_STUCK_ROLLBACK(Kind.DECISION, "rollout exceeded its progress deadline: roll back"),
    NODE_NOT_READY_CORDON(Kind.DECISION, "node is NotReady: cordon it"),
    NODE_NOT_READY_DRAIN(Kind.DECISION, "node is NotReady: drain it"),
    PROBE_FAILURE_REPORT(Kind.DECISION, "probe keeps failing: report"),
    HIGH_RESTART_REPORT(Kind.DECISION, "container restarts often: report"),
    NO_MEMORY_LIMIT(Kind.ESCALATION, "container has no memory limit to raise"),
    NOT_A_WORKLOAD(Kind.ESCALATION, "target has no controller to act through"),
    POLICY_ESCALATE(Kind.DECISION, "policy hands this to a human"),
    LADDER_EXHAUSTED(Kind.ESCALATION, "every rung of the ladder was tried: escalate to a human"),
    NO_PREVIOUS_REVISION(Kind.ESCALATION, "no earlier revision to roll back to"),
    HPA_RAISE_MIN(Kind.DECISION, "an autoscaler manages the replicas: raise its minReplicas instead of scaling the workload"),
    AUTOSCALER_LIMIT(Kind.ESCALATION, "an autoscaler manages the replicas and its maxReplicas forbids the wanted count"),
    UNMANAGED_CONTROLLER_REPORT(Kind.DECISION, "pods of a Job or of a controller Kubemedic does not manage: report, restart nothing"),
    ROLLOUT_IN_PROGRESS(Kind.DECISION, "a rollout is in progress: a rolling restart would only add another revision, skipped"),
    STATEFULSET_ROLLOUT_WAITS(Kind.DECISION, "the StatefulSet rollout waits for an unhealthy pod of the old revision (OrderedReady or OnDelete): it is evicted so it comes back at the new revision"),
    ROLLOUT_PAUSED(Kind.DECISION, "the Deployment's rollouts are paused: a template change (restart, memory raise, rollback) would not roll out, skipped"),
    HELD_TOO_LONG(Kind.ESCALATION, "the target stays broken while its next step is held: a human must look"),

    // guards
    DRY_RUN(Kind.GUARD, "dry-run mode: recorded, not executed"),
    KILL_SWITCH(Kind.GUARD, "kill switch is on: no action is taken"),
    INPUT_UNREADABLE(Kind.GUARD, "something the decision rests on could not be read: nothing is done until it can"),
    CLUSTER_SCOPE_REQUIRED(Kind.GUARD, "a cluster-scoped object is only acted on by a run without a namespace allow-list"),
    NODE_NOT_SELECTED(Kind.GUARD, "the node does not match nodes.selector"),
    PAUSED(Kind.GUARD, "target or namespace carries kubemedic.io/paused=true"),
    NAMESPACE_NOT_ALLOWED(Kind.GUARD, "namespace is outside the allowed namespaces"),
    NAMESPACE_DENIED(Kind.GUARD, "namespace is on the deny list"),
    NOT_CONTROLLER_MANAGED(Kind.GUARD, "no controller would recreate this pod: it is never deleted"),
    COOLDOWN(Kind.GUARD, "target was acted on recently: cooldown"),
    RATE_LIMIT_GLOBAL(Kind.GUARD, "global hourly action budget is spent"),
    RATE_LIMIT_NAMESPACE(Kind.GUARD, "namespace hourly action budget is spent"),
    BLAST_RADIUS(Kind.GUARD, "acting would take more of the workload down than allowed"),
    PDB_BLOCKED(Kind.GUARD, "a PodDisruptionBudget allows no disruption now"),
    MEMORY_CEILING(Kind.GUARD, "memory limit would exceed the ceiling, a LimitRange or the ResourceQuota headroom"),
    APPROVAL_REQUIRED(Kind.GUARD, "destructive action waits for approval"),
    APPROVAL_REJECTED(Kind.GUARD, "a human rejected the step that waited for approval: the ladder goes on without it"),
    FLAPPING(Kind.GUARD, "same fix on the same target too often: escalate instead of repeating"),
    STORM(Kind.GUARD, "too many workloads unhealthy at once: acting is suspended"),

    // execution and verification
    EXECUTED(Kind.RESULT, "action executed"),
    EXECUTION_FAILED(Kind.RESULT, "action failed"),
    STALE_STATE(Kind.RESULT, "object changed since it was read: action not applied"),
    API_THROTTLED(Kind.RESULT, "the API server throttled the request: retried with backoff"),
    OUTCOME_UNKNOWN(Kind.RESULT, "the API server did not say whether the action ran: re-read and verify before anything else"),
    MITIGATED(Kind.RESULT, "the action contains the problem but cannot fix it: the incident stays open"),
    VERIFIED(Kind.RESULT, "the fix took effect: target is healthy"),
    VERIFICATION_TIMEOUT(Kind.RESULT, "target did not become healthy in time"),
    VERIFICATION_SAME_FAULT(Kind.RESULT, "the same fault came back after the action"),
    RESOLVED(Kind.RESULT, "target is healthy again");

    /** Which step of the loop produced the code. */
    public enum Kind { DECISION, GUARD, RESULT, ESCALATION }

    private final Kind kind;
    private final String text;

    Reason(Kind kind, String text) {
        this.kind = kind;
        this.text = text;
    }

    public Kind kind() {
        return kind;
    }

    public String text() {
        return text;
    }

    /** Kubernetes Event reasons are UpperCamelCase. */
    public String eventReason() {
        StringBuilder sb = new StringBuilder();
        for (String part : name().split("_")) {
            sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }
}
