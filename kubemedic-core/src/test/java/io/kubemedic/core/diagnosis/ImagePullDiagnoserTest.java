package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.FindingType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImagePullDiagnoserTest {

    private final ImagePullDiagnoser diagnoser = new ImagePullDiagnoser();

    @Test
    void reportsTheImageTheReasonAndThePullSecrets() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("imagepull.json")))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.IMAGE_PULL_FAILURE);
            assertThat(f.evidence()).containsEntry("image", "registry.example.com/shop/cart:1.9.O")
                    .containsEntry("reason", "ImagePullBackOff").containsEntry("pullSecrets", "regcred");
            assertThat(f.evidence().get("waitingMessage")).contains("Back-off pulling image");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"ErrImagePull", "InvalidImageName", "ErrImageNeverPull"})
    void everyPullFailureReasonCounts(String reason) {
        Pod pod = PodJson.pod("imagepull.json");
        pod.getStatus().getContainerStatuses().getFirst().getState().getWaiting().setReason(reason);
        assertThat(diagnoser.diagnose(PodJson.snapshot(pod))).singleElement()
                .satisfies(f -> assertThat(f.evidence()).containsEntry("reason", reason));
    }

    @Test
    void otherWaitingReasonsAreNotPullFailures() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("crashloop.json")))).isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("init-crashloop.json")))).isEmpty();
    }
}
