package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The status a kubelet would report for a pod, healthy or under a fault. Deterministic (no timestamps), so the
 * emulator writes a status only when it really changes and the healer's informers see no churn.
 */
final class PodStatuses {

    private PodStatuses() {
    }

    static PodStatus of(Pod pod, ActiveFault fault) {
        FaultType type = fault == null ? null : fault.fault.type();
        if (type == FaultType.UNSCHEDULABLE) {
            String message = fault.fault.param("message", "0/3 nodes are available: 3 Insufficient cpu.");
            return new PodStatusBuilder().withPhase("Pending").withQosClass("Burstable")
                    .withConditions(condition("PodScheduled", false, "Unschedulable", message)).build();
        }
        boolean ready = type == null || type == FaultType.MEMORY_USAGE;
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            statuses.add(container(pod, c, type, fault));
        }
        return new PodStatusBuilder().withPhase("Running").withQosClass("Burstable").withHostIP("10.0.0.1")
                .withConditions(condition("Initialized", true, null, null), condition("Ready", ready, ready ? null : "ContainersNotReady", null),
                        condition("ContainersReady", ready, ready ? null : "ContainersNotReady", null), condition("PodScheduled", true, null, null))
                .withContainerStatuses(statuses).build();
    }

    private static ContainerStatus container(Pod pod, Container c, FaultType type, ActiveFault fault) {
        ContainerStatusBuilder b = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                .withImageID("").withContainerID("sandbox://" + pod.getMetadata().getName() + "/" + c.getName());
        if (type == null || type == FaultType.MEMORY_USAGE || type == FaultType.PROBE_FAILURE) {
            boolean ready = type != FaultType.PROBE_FAILURE;
            return b.withReady(ready).withStarted(true).withRestartCount(0).withNewState().withNewRunning().endRunning().endState().build();
        }
        return switch (type) {
            case CRASH_LOOP, OOM_KILL -> {
                boolean oom = type == FaultType.OOM_KILL;
                int exit = Integer.parseInt(fault.fault.param("exitCode", oom ? "137" : "1"));
                yield b.withReady(false).withStarted(false).withRestartCount(Integer.parseInt(fault.fault.param("restarts", "5")))
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 2m40s restarting failed container=" + c.getName() + " pod=" + pod.getMetadata().getName())
                        .endWaiting().endState()
                        .withNewLastState().withNewTerminated().withExitCode(exit).withReason(oom ? "OOMKilled" : "Error").endTerminated().endLastState()
                        .build();
            }
            case IMAGE_PULL -> b.withReady(false).withStarted(false).withRestartCount(0)
                    .withNewState().withNewWaiting().withReason(fault.fault.param("reason", "ImagePullBackOff"))
                    .withMessage("Back-off pulling image \"" + c.getImage() + "\"").endWaiting().endState().build();
            default -> b.withReady(true).withStarted(true).withRestartCount(0).withNewState().withNewRunning().endRunning().endState().build();
        };
    }

    private static PodCondition condition(String type, boolean status, String reason, String message) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason).withMessage(message).build();
    }
}
