package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The status a kubelet posts for its node: the four conditions (Ready and the three pressures, as the node's faults
 * dictate), addresses, capacity and system info. Every field a real server always returns is filled in, and
 * transition times are kept while a condition does not change, so the status is only written when it changes.
 */
final class NodeStatuses {

    private NodeStatuses() {
    }

    static NodeStatus of(Nodes.Def d, NodeStatus previous, List<ActiveFault> faults, Instant now) {
        ActiveFault notReady = find(faults, FaultType.NODE_NOT_READY);
        ActiveFault memory = find(faults, FaultType.NODE_MEMORY_PRESSURE);
        ActiveFault disk = find(faults, FaultType.NODE_DISK_PRESSURE);
        List<NodeCondition> conditions = List.of(
                condition(previous, "MemoryPressure", memory != null, memory != null ? "KubeletHasInsufficientMemory" : "KubeletHasSufficientMemory",
                        memory != null ? param(memory, "kubelet has insufficient memory available") : "kubelet has sufficient memory available", now),
                condition(previous, "DiskPressure", disk != null, disk != null ? "KubeletHasDiskPressure" : "KubeletHasNoDiskPressure",
                        disk != null ? param(disk, "kubelet has disk pressure") : "kubelet has no disk pressure", now),
                condition(previous, "PIDPressure", false, "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
                condition(previous, "Ready", notReady == null, notReady != null ? notReady.fault.param("reason", "KubeletNotReady") : "KubeletReady",
                        notReady != null ? param(notReady, "container runtime is down") : "kubelet is posting ready status", now));
        return new NodeStatusBuilder().withConditions(conditions)
                .withAddresses(new NodeAddressBuilder().withType("InternalIP").withAddress(d.hostIP()).build(),
                        new NodeAddressBuilder().withType("Hostname").withAddress(d.name()).build())
                .withCapacity(d.capacity()).withAllocatable(d.capacity())
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint().endDaemonEndpoints()
                .withNodeInfo(new NodeSystemInfoBuilder().withMachineID(id(d, "machine")).withSystemUUID(id(d, "system")).withBootID(id(d, "boot"))
                        .withKernelVersion("5.10.0-kubemedic").withOsImage("Kubemedic emulated node").withContainerRuntimeVersion("containerd://1.4.13")
                        .withKubeletVersion("v1.20.2").withKubeProxyVersion("v1.20.2").withOperatingSystem("linux").withArchitecture("amd64").build())
                .build();
    }

    /** The condition statuses: what must match on the server. */
    static List<String> essentials(NodeStatus s) {
        if (s == null || s.getConditions() == null) {
            return List.of();
        }
        return s.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus()).sorted().toList();
    }

    private static ActiveFault find(List<ActiveFault> faults, FaultType type) {
        return faults.stream().filter(a -> a.fault.type() == type).findFirst().orElse(null);
    }

    private static String param(ActiveFault a, String fallback) {
        return a.fault.param("message", fallback);
    }

    private static NodeCondition condition(NodeStatus previous, String type, boolean on, String reason, String message, Instant now) {
        String status = on ? "True" : "False";
        String since = previous == null || previous.getConditions() == null ? null : previous.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()) && Objects.equals(reason, c.getReason()))
                .map(NodeCondition::getLastTransitionTime).filter(Objects::nonNull).findFirst().orElse(null);
        String at = since != null ? since : PodStatuses.time(now);
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(at).withLastTransitionTime(at).build();
    }

    private static String id(Nodes.Def d, String what) {
        return String.format("%032x", Objects.hash(d.name(), what) & 0xffffffffL);
    }
}
