package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The web pod has a 256Mi (262144Ki) limit; metrics-server reports its usage in Ki. */
class MemoryPressureDiagnoserTest {

    private final MemoryPressureDiagnoser diagnoser = new MemoryPressureDiagnoser(0.7);
    private final Pod pod = PodJson.pod("healthy.json");

    private List<Finding> diagnose(PodMetrics m) {
        return diagnoser.diagnose(PodJson.workload(pod).podMetrics(Map.of(pod.getMetadata().getName(), m), true).build());
    }

    private List<Finding> using(String usage) {
        PodMetrics m = PodJson.metrics("metrics-web.json");
        m.getContainers().getFirst().getUsage().put("memory", new Quantity(usage));
        return diagnose(m);
    }

    @Test
    void eightyPercentOfTheLimitIsAWarningWithTheNumbers() {
        assertThat(diagnose(PodJson.metrics("metrics-web.json"))).as("209920Ki of 262144Ki").singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.MEMORY_PRESSURE);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo(ResourceRef.pod("shop", "web-7d4b9c6f5-abcde"));
            assertThat(f.container()).isEqualTo("app");
            assertThat(f.evidence()).containsExactlyInAnyOrderEntriesOf(Map.of("usage", "209920Ki", "usageBytes", "214958080",
                    "limit", "256Mi", "limitBytes", "268435456", "ratio", "0.80"));
            assertThat(f.message()).isEqualTo("container app of pod web-7d4b9c6f5-abcde uses 209920Ki of its 256Mi memory limit (80 %)");
        });
    }

    @Test
    void ninetyFivePercentIsCritical() {
        assertThat(using("249037Ki")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.evidence()).containsEntry("ratio", "0.95");
        });
    }

    @Test
    void sixtyNinePercentIsNothing() {
        assertThat(using("180880Ki")).isEmpty();
    }

    @Test
    void withoutMetricsItSaysSoOnceForTheTargetAndDoesNotGuess() {
        var s = PodJson.workload(pod, PodJson.pod("crashloop.json"), PodJson.pod("oomkilled.json")).podMetrics(Map.of(), false).build();
        assertThat(diagnoser.diagnose(s)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.NO_METRICS);
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.subject()).isEqualTo(s.target());
            assertThat(f.evidence()).isEmpty();
        });
    }

    @Test
    void withMetricsButNoneYetForThePodOrNoLimitThereIsNothingToSay() {
        assertThat(diagnoser.diagnose(PodJson.workload(pod).podMetrics(Map.of(), true).build())).as("pod too new for a sample").isEmpty();
        pod.getSpec().getContainers().getFirst().getResources().setLimits(null);
        assertThat(diagnoser.diagnose(PodJson.workload(pod).podMetrics(Map.of(), false).build())).as("no limit to be close to").isEmpty();
    }
}
