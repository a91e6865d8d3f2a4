package io.kubemedic.kube.sandbox;

import java.util.Arrays;
import java.util.Set;

/**
 * The faults a scenario can inject, each what a kubelet, scheduler or metrics-server would report for a real
 * incident. Each type knows where it applies (a container, an init container, a pod, a node) and which
 * {@code params} it reads, so a misspelt parameter is a load error rather than a silently ignored default.
 */
public enum FaultType {
    CRASH_LOOP("crashLoop", Scope.CONTAINER, "restarts", "exitCode", "message", "finishedAgo", "runsFor"),
    OOM_KILL("oomKill", Scope.CONTAINER, "restarts", "exitCode", "finishedAgo", "runsFor"),
    IMAGE_PULL("imagePull", Scope.CONTAINER, "reason", "message"),
    CREATE_CONTAINER_CONFIG_ERROR("createContainerConfigError", Scope.CONTAINER, "message"),
    INIT_CRASH_LOOP("initCrashLoop", Scope.INIT_CONTAINER, "restarts", "exitCode"),
    PROBE_FAILURE("probeFailure", Scope.CONTAINER, "message"),
    UNSCHEDULABLE("unschedulable", Scope.POD, "message"),
    MEMORY_USAGE("memoryUsage", Scope.CONTAINER, "usage"),
    NODE_NOT_READY("nodeNotReady", Scope.NODE, "reason", "message"),
    NODE_MEMORY_PRESSURE("nodeMemoryPressure", Scope.NODE, "message"),
    NODE_DISK_PRESSURE("nodeDiskPressure", Scope.NODE, "message");

    /** What a fault of this type is written on. */
    public enum Scope { CONTAINER, INIT_CONTAINER, POD, NODE }

    private final String yamlName;
    private final Scope scope;
    private final Set<String> params;

    FaultType(String yamlName, Scope scope, String... params) {
        this.yamlName = yamlName;
        this.scope = scope;
        this.params = Set.of(params);
    }

    public String yamlName() {
        return yamlName;
    }

    public Scope scope() {
        return scope;
    }

    /** The parameter names this type reads. */
    public Set<String> params() {
        return params;
    }

    public boolean onNode() {
        return scope == Scope.NODE;
    }

    /** A container crash (its last state shows the termination). */
    boolean crash() {
        return this == CRASH_LOOP || this == OOM_KILL || this == INIT_CRASH_LOOP;
    }

    static FaultType parse(String s, String where) {
        if ("rolloutStuck".equals(s)) {
            throw new ScenarioException(where + ": 'rolloutStuck' is no longer a fault: give the Deployment a low "
                    + "progressDeadlineSeconds (e.g. 10) and let its new pods fail; the Deployment controller reports the stuck rollout itself");
        }
        return Arrays.stream(values()).filter(t -> t.yamlName.equals(s)).findFirst()
                .orElseThrow(() -> new ScenarioException(where + ": unknown fault type '" + s + "'; known: "
                        + Arrays.stream(values()).map(FaultType::yamlName).toList()));
    }
}
