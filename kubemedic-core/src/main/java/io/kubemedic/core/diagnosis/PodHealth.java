package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.Set;

/**
 * A cheap, cache-friendly answer to "is this pod visibly failing right now?", for counting unhealthy workloads
 * across the whole cluster (storm mode) without running every diagnoser on every pod. A pod is failing when a
 * container waits for a reason that only a failure produces or has just exited with a non-zero code, or the scheduler
 * said it cannot place the pod.
 * Pods that are merely starting or terminating are not failing.
 */
public final class PodHealth {

    /** Waiting reasons that mean a container cannot run, as the kubelet reports them. */
    public static final Set<String> FAILING_WAIT_REASONS = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
            "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    private PodHealth() {
    }

    public static boolean failing(Pod pod) {
        if (pod.getStatus() == null || pod.getMetadata() == null || pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        for (ContainerStatus s : PodFacts.statuses(pod)) {
            String reason = PodFacts.waitingReason(s);
            if (reason != null && FAILING_WAIT_REASONS.contains(reason)) {
                return true;
            }
            if (s.getState() != null && s.getState().getTerminated() != null && s.getState().getTerminated().getExitCode() != null
                    && s.getState().getTerminated().getExitCode() != 0) {
                return true; // it has just died, before the kubelet restarts it or backs off
            }
        }
        return "Pending".equals(pod.getStatus().getPhase()) && PodFacts.condition(pod, "PodScheduled")
                .map(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())).orElse(false);
    }
}
