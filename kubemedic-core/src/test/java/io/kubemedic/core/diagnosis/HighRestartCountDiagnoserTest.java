package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HighRestartCountDiagnoserTest {

    private static TargetSnapshot runningWithRestarts(int restarts) {
        Pod pod = PodJson.pod("healthy.json");
        pod.getStatus().getContainerStatuses().getFirst().setRestartCount(restarts);
        pod.getStatus().getContainerStatuses().getFirst().getLastState().getTerminated().setFinishedAt("2026-11-25T10:01:00Z");
        return PodJson.snapshot(pod);
    }

    @Test
    void restartsWhoseLastOneIsOlderThanTheEvidenceWindowAreHistory() {
        Pod pod = PodJson.pod("healthy.json"); // last termination at 08:59:58, NOW is 10:05
        pod.getStatus().getContainerStatuses().getFirst().setRestartCount(40);
        assertThat(new HighRestartCountDiagnoser(10).diagnose(PodJson.snapshot(pod))).isEmpty();
    }

    @Test
    void aRunningContainerAtTheThresholdIsReported() {
        assertThat(new HighRestartCountDiagnoser(10).diagnose(runningWithRestarts(10))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.HIGH_RESTART_COUNT);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo(ResourceRef.pod("shop", "web-7d4b9c6f5-abcde"));
            assertThat(f.container()).isEqualTo("app");
            assertThat(f.evidence()).containsExactlyEntriesOf(Map.of("restartCount", "10"));
            assertThat(f.message()).isEqualTo("container app of pod web-7d4b9c6f5-abcde has restarted 10 times");
        });
    }

    @Test
    void belowTheThresholdIsNothing() {
        assertThat(new HighRestartCountDiagnoser(10).diagnose(runningWithRestarts(9))).isEmpty();
        assertThat(new HighRestartCountDiagnoser(10).diagnose(PodJson.snapshot(PodJson.pod("healthy.json")))).isEmpty();
    }

    @Test
    void aContainerThatRecoveredFromAnOomCountsOnceItIsPastTheThreshold() {
        assertThat(new HighRestartCountDiagnoser(1).diagnose(PodJson.snapshot(PodJson.pod("oom-recovered.json"))))
                .singleElement().satisfies(f -> assertThat(f.container()).isEqualTo("search"));
    }

    @Test
    void aCrashLoopPastTheThresholdIsLeftToTheCrashLoopDiagnoser() {
        HighRestartCountDiagnoser diagnoser = new HighRestartCountDiagnoser(3);
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("crashloop.json")))).as("7 restarts, in CrashLoopBackOff").isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("init-crashloop.json")))).as("init container, 6 restarts").isEmpty();
    }
}
