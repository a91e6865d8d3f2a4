package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Event;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeFailureDiagnoserTest {

    private static final String READINESS = "Readiness probe failed: HTTP probe failed with statuscode: 503";

    private final ProbeFailureDiagnoser diagnoser = new ProbeFailureDiagnoser();

    /** The web pod's events: readiness x4 and liveness x3 on it, plus Killing, Pulled, and a liveness failure of a pod long gone. */
    private final List<Event> events = PodJson.events("events-web.json");

    private List<Finding> diagnose(List<Event> events) {
        return diagnoser.diagnose(PodJson.workload(PodJson.pod("healthy.json")).events(events).build());
    }

    private Event liveness() {
        return events.get(1);
    }

    @Test
    void readinessIsAWarningAndThreeLivenessFailuresAreCritical() {
        assertThat(diagnose(events)).as("the gone pod's, the Killing and the Pulled events are not probe failures of this target")
                .hasSize(2)
                .satisfiesExactly(readiness -> {
                    assertThat(readiness.type()).isEqualTo(FindingType.PROBE_FAILURE);
                    assertThat(readiness.severity()).isEqualTo(Severity.WARNING);
                    assertThat(readiness.subject()).isEqualTo(ResourceRef.pod("shop", "web-7d4b9c6f5-abcde"));
                    assertThat(readiness.evidence()).containsExactlyInAnyOrderEntriesOf(Map.of("probe", "readiness", "count", "4", "message", READINESS));
                    assertThat(readiness.message()).isEqualTo("readiness probe of pod web-7d4b9c6f5-abcde failed 4 time(s): " + READINESS);
                }, live -> {
                    assertThat(live.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(live.evidence()).containsEntry("probe", "liveness").containsEntry("count", "3")
                            .containsEntry("message", liveness().getMessage());
                });
    }

    @Test
    void twoLivenessFailuresAreOnlyAWarning() {
        liveness().setCount(2);
        assertThat(diagnose(List.of(liveness()))).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void anEventWithoutACountIsOneFailure() {
        liveness().setCount(null);
        assertThat(diagnose(List.of(liveness()))).singleElement().satisfies(f -> {
            assertThat(f.evidence()).containsEntry("count", "1");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void startupProbesAndNonPodObjectsAreIgnored() {
        Event startup = events.get(0);
        startup.setMessage("Startup probe failed: HTTP probe failed with statuscode: 503");
        liveness().getInvolvedObject().setKind("ReplicaSet");
        assertThat(diagnose(List.of(startup, liveness()))).isEmpty();
        assertThat(diagnose(List.of())).isEmpty();
    }
}
