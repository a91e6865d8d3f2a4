package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeFailureDiagnoserTest {

    private final ProbeFailureDiagnoser diagnoser = new ProbeFailureDiagnoser();

    private static Event unhealthy(String pod, String message, int count) {
        return new EventBuilder().withReason("Unhealthy").withMessage(message).withCount(count)
                .withNewInvolvedObject().withKind("Pod").withName(pod).withNamespace("shop").endInvolvedObject().build();
    }

    private static TargetSnapshot with(Event... events) {
        return TargetSnapshot.builder(ResourceRef.deployment("shop", "web"), PodJson.NOW)
                .pods(List.of(PodJson.pod("healthy.json"))).events(List.of(events)).build();
    }

    @Test
    void readinessFailuresAreAWarning() {
        assertThat(diagnoser.diagnose(with(unhealthy("web-7d4b9c6f5-abcde", "Readiness probe failed: HTTP probe failed with statuscode: 503", 4))))
                .singleElement().satisfies(f -> {
                    assertThat(f.type()).isEqualTo(FindingType.PROBE_FAILURE);
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.evidence()).containsEntry("probe", "readiness").containsEntry("count", "4");
                });
    }

    @Test
    void repeatedLivenessFailuresAreCritical() {
        assertThat(diagnoser.diagnose(with(unhealthy("web-7d4b9c6f5-abcde", "Liveness probe failed: connection refused", 3))))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
        assertThat(diagnoser.diagnose(with(unhealthy("web-7d4b9c6f5-abcde", "Liveness probe failed: connection refused", 2))))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void eventsOfOtherPodsOrOtherReasonsAreIgnored() {
        assertThat(diagnoser.diagnose(with(unhealthy("someone-else", "Readiness probe failed: 503", 9)))).isEmpty();
        assertThat(diagnoser.diagnose(with(unhealthy("web-7d4b9c6f5-abcde", "Startup probe failed: 503", 9)))).isEmpty();
        assertThat(diagnoser.diagnose(with())).isEmpty();
    }
}
