package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryPressureDiagnoserTest {

    private final MemoryPressureDiagnoser diagnoser = new MemoryPressureDiagnoser(0.7);
    private final Pod pod = PodJson.pod("healthy.json");

    private TargetSnapshot using(String usage) {
        PodMetrics m = new PodMetricsBuilder().withNewMetadata().withName(pod.getMetadata().getName()).withNamespace("shop").endMetadata()
                .withContainers(new ContainerMetricsBuilder().withName("app").withUsage(Map.of("memory", new Quantity(usage))).build()).build();
        return TargetSnapshot.builder(ResourceRef.deployment("shop", "web"), PodJson.NOW).pods(List.of(pod))
                .podMetrics(Map.of(pod.getMetadata().getName(), m), true).build();
    }

    @Test
    void eightyPercentOfTheLimitIsAWarningWithTheNumbers() {
        assertThat(diagnoser.diagnose(using("205Mi"))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.MEMORY_PRESSURE);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.evidence()).containsEntry("usage", "205Mi").containsEntry("limit", "256Mi").containsEntry("ratio", "0.80")
                    .containsEntry("limitBytes", "268435456");
        });
    }

    @Test
    void ninetyFivePercentIsCriticalAndSixtyNineIsNothing() {
        assertThat(diagnoser.diagnose(using("244Mi"))).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
        assertThat(diagnoser.diagnose(using("176Mi"))).isEmpty();
    }

    @Test
    void withoutMetricsItSaysSoOnceAndDoesNotGuess() {
        TargetSnapshot s = TargetSnapshot.builder(ResourceRef.deployment("shop", "web"), PodJson.NOW)
                .pods(List.of(pod, PodJson.pod("crashloop.json"))).podMetrics(Map.of(), false).build();
        assertThat(diagnoser.diagnose(s)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.NO_METRICS);
            assertThat(f.severity()).isEqualTo(Severity.INFO);
        });
    }
}
