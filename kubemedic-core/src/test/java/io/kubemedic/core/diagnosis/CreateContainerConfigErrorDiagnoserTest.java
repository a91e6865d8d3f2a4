package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.FindingType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CreateContainerConfigErrorDiagnoserTest {

    private final CreateContainerConfigErrorDiagnoser diagnoser = new CreateContainerConfigErrorDiagnoser();

    @Test
    void namesTheMissingKeyAndItsConfigMap() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("config-error.json")))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.CREATE_CONTAINER_CONFIG_ERROR);
            assertThat(f.evidence()).containsEntry("missingKind", "ConfigMap").containsEntry("missingName", "app-config")
                    .containsEntry("missingKey", "DB_URL");
        });
    }

    @Test
    void namesAMissingSecret() {
        Pod pod = PodJson.pod("config-error.json");
        pod.getStatus().getContainerStatuses().getFirst().getState().getWaiting().setMessage("secret \"db\" not found");
        assertThat(diagnoser.diagnose(PodJson.snapshot(pod))).singleElement().satisfies(f ->
                assertThat(f.evidence()).containsEntry("missingKind", "Secret").containsEntry("missingName", "db").doesNotContainKey("missingKey"));
    }

    @Test
    void anUnparsedMessageIsStillReported() {
        Pod pod = PodJson.pod("config-error.json");
        pod.getStatus().getContainerStatuses().getFirst().getState().getWaiting().setMessage("something else went wrong");
        assertThat(diagnoser.diagnose(PodJson.snapshot(pod))).singleElement().satisfies(f ->
                assertThat(f.evidence()).containsEntry("waitingMessage", "something else went wrong").doesNotContainKey("missingKind"));
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("healthy.json")))).isEmpty();
    }
}
