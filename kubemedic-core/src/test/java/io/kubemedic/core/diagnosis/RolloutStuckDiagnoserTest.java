package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutStuckDiagnoserTest {

    private static final String TIMED_OUT = "ReplicaSet \"checkout-6c5d4b3a2\" has timed out progressing.";

    private final RolloutStuckDiagnoser diagnoser = new RolloutStuckDiagnoser();

    private static DeploymentCondition progressing(Deployment d) {
        return d.getStatus().getConditions().stream().filter(c -> "Progressing".equals(c.getType())).findFirst().orElseThrow();
    }

    @Test
    void aRolloutPastItsDeadlineIsFoundWithItsRevision() {
        assertThat(diagnoser.diagnose(PodJson.of(PodJson.deployment("deployment-stuck.json")))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.ROLLOUT_STUCK);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.subject()).isEqualTo(ResourceRef.deployment("shop", "checkout"));
            assertThat(f.evidence()).containsExactlyInAnyOrderEntriesOf(Map.of("revision", "4", "message", TIMED_OUT));
            assertThat(f.message()).isEqualTo("rollout of checkout (revision 4) exceeded its progress deadline: " + TIMED_OUT);
        });
    }

    @Test
    void aCompletedRolloutIsNotStuck() {
        Deployment web = PodJson.deployment("deployment-web.json");
        assertThat(progressing(web).getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(diagnoser.diagnose(PodJson.of(web))).isEmpty();
    }

    /** Progressing, paused, or blocked on creating its ReplicaSet (a quota): none of them is a missed deadline. */
    @ParameterizedTest
    @CsvSource({"True, ReplicaSetUpdated", "Unknown, DeploymentPaused", "False, ReplicaSetCreateError"})
    void otherProgressingStatesAreNotAMissedDeadline(String status, String reason) {
        Deployment d = PodJson.deployment("deployment-stuck.json");
        progressing(d).setStatus(status);
        progressing(d).setReason(reason);
        assertThat(diagnoser.diagnose(PodJson.of(d))).isEmpty();
    }

    @Test
    void aMissingRevisionAnnotationIsReportedAsEmpty() {
        Deployment d = PodJson.deployment("deployment-stuck.json");
        d.getMetadata().setAnnotations(null);
        assertThat(diagnoser.diagnose(PodJson.of(d))).singleElement().satisfies(f -> assertThat(f.evidence()).containsEntry("revision", ""));
    }

    @Test
    void targetsWithoutADeploymentAreNotItsConcern() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("crashloop.json")))).isEmpty();
    }
}
