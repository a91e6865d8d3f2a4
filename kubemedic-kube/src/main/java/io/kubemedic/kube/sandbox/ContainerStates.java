package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One container's status as a kubelet writes it: running, waiting (CrashLoopBackOff, ImagePullBackOff,
 * CreateContainerConfigError, PodInitializing) or terminated, with the last termination in {@code lastState},
 * the restart count, and ids that change when the container restarts.
 */
final class ContainerStates {

    private ContainerStates() {
    }

    /** An app container under its strongest fault ({@code effect}, or null when healthy). */
    static ContainerStatus of(Pod pod, Container c, PodHistory.Track t, ActiveFault effect) {
        FaultType type = effect == null ? null : effect.fault.type();
        if (type == FaultType.CREATE_CONTAINER_CONFIG_ERROR) {
            return base(pod, c, t, false).withState(waitingState("CreateContainerConfigError",
                    effect.fault.param("message", "configmap \"" + c.getName() + "-config\" not found"))).build();
        }
        if (type == FaultType.IMAGE_PULL) {
            String reason = effect.fault.param("reason", "ImagePullBackOff");
            String message = effect.fault.param("message", "ErrImagePull".equals(reason)
                    ? "rpc error: code = NotFound desc = failed to pull and unpack image \"" + c.getImage() + "\": not found"
                    : "Back-off pulling image \"" + c.getImage() + "\"");
            return base(pod, c, t, false).withState(waitingState(reason, message)).build();
        }
        if (type != null && type.crash() && t.crash == effect) {
            if ("Never".equals(pod.getSpec().getRestartPolicy())) {
                return base(pod, c, t, false).withState(terminated(pod, c, t.last, t.restarts)).withLastState(new ContainerState()).build();
            }
            return crashing(pod, c, t, effect);
        }
        boolean ready = type != FaultType.PROBE_FAILURE;
        return base(pod, c, t, true).withReady(ready).withStarted(true)
                .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(PodStatuses.time(t.runningSince)).endRunning().build()).build();
    }

    /** In CrashLoopBackOff: waiting to be restarted, the crash in {@code lastState}; in the tick it crashes, terminated. */
    static ContainerStatus crashing(Pod pod, Container c, PodHistory.Track t, ActiveFault crash) {
        if (t.exited) { // it has just died: terminated, not yet restarted or backing off
            return base(pod, c, t, true).withState(terminated(pod, c, t.last, t.restarts)).withLastState(new ContainerState()).build();
        }
        String message = crash.fault.param("message", "back-off 5m0s restarting failed container=" + c.getName() + " pod="
                + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")");
        return base(pod, c, t, true).withState(waitingState("CrashLoopBackOff", message)).build();
    }

    /** An init container that ran to completion when the pod started. */
    static ContainerStatus completed(Pod pod, Container c, Instant at) {
        PodHistory.Termination done = new PodHistory.Termination("Completed", 0, at, at);
        return new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID(imageID(c))
                .withContainerID(containerID(pod, c, 0)).withReady(true).withRestartCount(0)
                .withState(terminated(pod, c, done, 0)).withLastState(new ContainerState()).build();
    }

    /** An init container not yet run because an earlier one has not completed. */
    static ContainerStatus initWaiting(Container c, String reason) {
        return waiting(c, reason, null);
    }

    /** A container that has never started. */
    static ContainerStatus waiting(Container c, String reason, String message) {
        return new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID("").withReady(false)
                .withRestartCount(0).withStarted(false).withState(waitingState(reason, message)).withLastState(new ContainerState()).build();
    }

    private static ContainerStatusBuilder base(Pod pod, Container c, PodHistory.Track t, boolean ran) {
        boolean hasRun = ran || t.everRan;
        ContainerState last = t.last == null ? new ContainerState() : terminated(pod, c, t.last, Math.max(0, t.restarts - 1));
        return new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID(hasRun ? imageID(c) : "")
                .withContainerID(hasRun ? containerID(pod, c, t.restarts) : null).withReady(false).withRestartCount(t.restarts)
                .withStarted(false).withLastState(last);
    }

    private static ContainerState waitingState(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
    }

    private static ContainerState terminated(Pod pod, Container c, PodHistory.Termination t, int attempt) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(t.exitCode()).withReason(t.reason())
                .withStartedAt(PodStatuses.time(t.startedAt())).withFinishedAt(PodStatuses.time(t.finishedAt()))
                .withContainerID(containerID(pod, c, attempt)).endTerminated().build();
    }

    private static String imageID(Container c) {
        String image = c.getImage() == null ? "" : c.getImage();
        int tag = image.lastIndexOf(':');
        String repository = tag > image.lastIndexOf('/') ? image.substring(0, tag) : image;
        return repository + "@sha256:" + sha256(image);
    }

    /** A runtime id that changes with every restart, as a real one does. */
    private static String containerID(Pod pod, Container c, int attempt) {
        return "containerd://" + sha256(pod.getMetadata().getUid() + "/" + c.getName() + "/" + attempt);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
