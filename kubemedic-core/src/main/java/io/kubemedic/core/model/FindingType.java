package io.kubemedic.core.model;

/** The failure modes Kubemedic recognises. One diagnoser class stands behind each group of these. */
public enum FindingType {
    CRASH_LOOP_BACK_OFF("container restarts over and over (CrashLoopBackOff)"),
    INIT_CONTAINER_CRASH_LOOP("an init container fails over and over, so the pod never starts (Init:CrashLoopBackOff)"),
    OOM_KILLED("container was killed for exceeding its memory limit (OOMKilled)"),
    IMAGE_PULL_FAILURE("image cannot be pulled (ImagePullBackOff / ErrImagePull / InvalidImageName)"),
    CREATE_CONTAINER_CONFIG_ERROR("container cannot be created: missing ConfigMap/Secret or key"),
    UNSCHEDULABLE_INSUFFICIENT_RESOURCES("pod is Pending: no node has enough CPU or memory"),
    UNSCHEDULABLE("pod is Pending: the scheduler cannot place it"),
    PROBE_FAILURE("readiness or liveness probe keeps failing"),
    HIGH_RESTART_COUNT("container has restarted many times"),
    MEMORY_PRESSURE("container memory usage is close to its limit"),
    NO_METRICS("resource usage is unknown: metrics.k8s.io is not available"),
    SINGLE_REPLICA_PROD("production Deployment runs a single replica"),
    ROLLOUT_STUCK("rollout stopped making progress (ProgressDeadlineExceeded)"),
    NODE_NOT_READY("node is NotReady"),
    MEMORY_LEAK("memory usage keeps growing (reported by an alert)"),
    REQUESTED_RESTART("restart requested by an authenticated caller"),
    REQUESTED_SCALE("scaling requested by an authenticated caller"),
    REQUESTED_MEMORY_RAISE("memory raise requested by an authenticated caller"),
    REQUESTED_ROLLBACK("rollback requested by an authenticated caller");

    private final String description;

    FindingType(String description) {
        this.description = description;
    }

    /** Findings that stand for an explicit request (the Elastic bridge, an agent), not for something seen in the cluster. */
    public boolean requested() {
        return name().startsWith("REQUESTED_");
    }

    public String description() {
        return description;
    }
}
