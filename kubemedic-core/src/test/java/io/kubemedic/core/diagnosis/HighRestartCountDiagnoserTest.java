package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.FindingType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HighRestartCountDiagnoserTest {

    @Test
    void aRunningContainerAtTheThresholdIsReported() {
        Pod pod = PodJson.pod("healthy.json");
        pod.getStatus().getContainerStatuses().getFirst().setRestartCount(10);
        assertThat(new HighRestartCountDiagnoser(10).diagnose(PodJson.snapshot(pod))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.HIGH_RESTART_COUNT);
            assertThat(f.evidence()).containsEntry("restartCount", "10");
        });
        assertThat(new HighRestartCountDiagnoser(11).diagnose(PodJson.snapshot(pod))).isEmpty();
    }

    @Test
    void aCrashLoopIsLeftToTheCrashLoopDiagnoser() {
        assertThat(new HighRestartCountDiagnoser(3).diagnose(PodJson.snapshot(PodJson.pod("crashloop.json")))).isEmpty();
    }
}
