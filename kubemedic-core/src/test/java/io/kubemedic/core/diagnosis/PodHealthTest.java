package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodHealthTest {

    private static Pod pod(String phase, ContainerState state) {
        return new PodBuilder().withNewMetadata().withNamespace("shop").withName("web-1").endMetadata()
                .withNewStatus().withPhase(phase).addToContainerStatuses(new ContainerStatusBuilder().withName("app").withReady(false)
                        .withRestartCount(0).withState(state).build()).endStatus().build();
    }

    private static ContainerState waiting(String reason) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).endWaiting().build();
    }

    private static ContainerState terminated(int exitCode, String reason) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(reason).endTerminated().build();
    }

    @Test
    void aContainerWaitingForAFailureReasonIsFailing() {
        assertThat(PodHealth.failing(pod("Running", waiting("CrashLoopBackOff")))).isTrue();
        assertThat(PodHealth.failing(pod("Pending", waiting("ImagePullBackOff")))).isTrue();
        assertThat(PodHealth.failing(pod("Pending", waiting("ContainerCreating")))).as("merely starting").isFalse();
    }

    @Test
    void aContainerThatHasJustDiedIsFailingBeforeTheKubeletBacksOff() {
        assertThat(PodHealth.failing(pod("Running", terminated(1, "Error")))).isTrue();
        assertThat(PodHealth.failing(pod("Running", terminated(137, "OOMKilled")))).isTrue();
        assertThat(PodHealth.failing(pod("Succeeded", terminated(0, "Completed")))).as("a container that finished its work").isFalse();
    }

    @Test
    void aRunningOrTerminatingPodIsNotFailing() {
        assertThat(PodHealth.failing(pod("Running", new ContainerStateBuilder().withNewRunning().endRunning().build()))).isFalse();
        Pod terminating = new PodBuilder(pod("Running", waiting("CrashLoopBackOff"))).editMetadata().withDeletionTimestamp("2026-12-01T00:00:00Z").endMetadata().build();
        assertThat(PodHealth.failing(terminating)).isFalse();
    }
}
