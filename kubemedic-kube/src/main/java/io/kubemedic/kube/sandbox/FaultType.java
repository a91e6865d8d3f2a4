package io.kubemedic.kube.sandbox;

import java.util.Arrays;

/** The faults the kubelet emulator can inject. */
public enum FaultType {
    CRASH_LOOP("crashLoop"),
    OOM_KILL("oomKill"),
    IMAGE_PULL("imagePull"),
    UNSCHEDULABLE("unschedulable"),
    MEMORY_USAGE("memoryUsage"),
    PROBE_FAILURE("probeFailure"),
    ROLLOUT_STUCK("rolloutStuck"),
    NODE_NOT_READY("nodeNotReady");

    private final String yamlName;

    FaultType(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    static FaultType parse(String s, String where) {
        return Arrays.stream(values()).filter(t -> t.yamlName.equals(s)).findFirst()
                .orElseThrow(() -> new ScenarioException(where + ": unknown fault type '" + s + "'; known: "
                        + Arrays.stream(values()).map(FaultType::yamlName).toList()));
    }
}
