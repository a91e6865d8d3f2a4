package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OomKilledDiagnoserTest {

    private final OomKilledDiagnoser diagnoser = new OomKilledDiagnoser();

    @Test
    void anOomBehindACrashLoopIsFoundWithTheLimitItHit() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("oomkilled.json")))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.OOM_KILLED);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.subject()).isEqualTo(ResourceRef.pod("batch", "worker-5c9f8d7b6-q7wzp"));
            assertThat(f.container()).isEqualTo("worker");
            assertThat(f.evidence()).containsExactlyInAnyOrderEntriesOf(Map.of("memoryLimit", "256Mi", "exitCode", "137", "restartCount", "4",
                    "finishedAt", "2026-11-25T10:02:00Z"));
            assertThat(f.message()).isEqualTo("container worker of pod worker-5c9f8d7b6-q7wzp was OOMKilled at its memory limit of 256Mi");
        });
    }

    @Test
    void anOomOnlyInTheLastStateOfARunningContainerStillCounts() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("oom-recovered.json")))).singleElement().satisfies(f -> {
            assertThat(f.container()).as("not the log-shipper sidecar").isEqualTo("search");
            assertThat(f.evidence()).containsExactlyInAnyOrderEntriesOf(Map.of("memoryLimit", "1536Mi", "exitCode", "137", "restartCount", "1",
                    "finishedAt", "2026-11-25T09:21:18Z"));
        });
    }

    @Test
    void anOomInTheCurrentStateOfAJobPodCounts() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("job-oomkilled.json")))).singleElement().satisfies(f -> {
            assertThat(f.container()).isEqualTo("export");
            assertThat(f.evidence()).containsExactlyInAnyOrderEntriesOf(Map.of("memoryLimit", "1Gi", "exitCode", "137", "restartCount", "0",
                    "finishedAt", "2026-11-25T09:41:17Z"));
        });
    }

    @Test
    void anOomWithoutALimitSaysSo() {
        Pod pod = PodJson.pod("oomkilled.json");
        pod.getSpec().getContainers().getFirst().getResources().setLimits(null);
        assertThat(diagnoser.diagnose(PodJson.snapshot(pod))).singleElement().satisfies(f -> {
            assertThat(f.evidence()).doesNotContainKey("memoryLimit").containsEntry("exitCode", "137");
            assertThat(f.message()).isEqualTo("container worker of pod worker-5c9f8d7b6-q7wzp was OOMKilled (no memory limit set)");
        });
    }

    @Test
    void anOomOlderThanTheEvidenceWindowIsHistoryNotEvidence() {
        // oom-recovered.json: OOMKilled at 09:21:18, running fine since; NOW is 10:05
        assertThat(new OomKilledDiagnoser(java.time.Duration.ofMinutes(30)).diagnose(PodJson.snapshot(PodJson.pod("oom-recovered.json"))))
                .as("a first start on a cluster full of old OOMs acts on none of them").isEmpty();
        assertThat(new OomKilledDiagnoser(java.time.Duration.ofMinutes(45)).diagnose(PodJson.snapshot(PodJson.pod("oom-recovered.json"))))
                .hasSize(1);
    }

    @Test
    void exitCode137WithoutTheOomReasonIsAKillNotAnOom() {
        Pod pod = PodJson.pod("crashloop.json");
        pod.getStatus().getContainerStatuses().getFirst().getLastState().getTerminated().setExitCode(137);
        assertThat(diagnoser.diagnose(PodJson.snapshot(pod))).as("SIGKILL after a failed liveness probe").isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("healthy.json")))).isEmpty();
    }
}
