package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.FindingType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OomKilledDiagnoserTest {

    private final OomKilledDiagnoser diagnoser = new OomKilledDiagnoser();

    @Test
    void anOomInTheLastStateIsFoundWithTheLimitItHit() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("oomkilled.json")))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.OOM_KILLED);
            assertThat(f.container()).isEqualTo("worker");
            assertThat(f.evidence()).containsEntry("memoryLimit", "256Mi").containsEntry("exitCode", "137").containsEntry("restartCount", "4");
            assertThat(f.message()).contains("OOMKilled").contains("256Mi");
        });
    }

    @Test
    void anOomWithoutALimitSaysSo() {
        Pod pod = PodJson.pod("oomkilled.json");
        pod.getSpec().getContainers().getFirst().setResources(null);
        assertThat(diagnoser.diagnose(PodJson.snapshot(pod))).singleElement().satisfies(f -> {
            assertThat(f.evidence()).doesNotContainKey("memoryLimit");
            assertThat(f.message()).contains("no memory limit");
        });
    }

    @Test
    void anOrdinaryCrashIsNotAnOom() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("crashloop.json")))).isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("healthy.json")))).isEmpty();
    }
}
