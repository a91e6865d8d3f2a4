package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImagePullDiagnoserTest {

    private static final String IMAGE = "registry.example.com/shop/cart:1.9.O";

    private final ImagePullDiagnoser diagnoser = new ImagePullDiagnoser();

    @Test
    void reportsTheImageTheReasonAndThePullSecrets() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("imagepull.json")))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.IMAGE_PULL_FAILURE);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.subject()).isEqualTo(ResourceRef.pod("shop", "cart-6d8f7c9b4-m2x9t"));
            assertThat(f.container()).isEqualTo("cart");
            assertThat(f.evidence()).containsExactlyInAnyOrderEntriesOf(Map.of("image", IMAGE, "reason", "ImagePullBackOff",
                    "waitingMessage", "Back-off pulling image \"" + IMAGE + "\"", "pullSecrets", "regcred,mirror-cred"));
            assertThat(f.message()).isEqualTo("container cart of pod cart-6d8f7c9b4-m2x9t cannot pull image " + IMAGE + " (ImagePullBackOff)");
        });
    }

    /** The kubelet's own wording for each reason, as {@code kubectl describe} shows it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ErrImagePull      | failed to pull and unpack image "registry.example.com/shop/cart:1.9.O": registry.example.com/shop/cart:1.9.O: not found
            InvalidImageName  | Failed to apply default image tag "registry.example.com/shop/cart:1.9.O": couldn't parse image name: invalid reference format
            ErrImageNeverPull | Container image "registry.example.com/shop/cart:1.9.O" is not present with pull policy of Never
            """)
    void everyPullFailureReasonCounts(String reason, String message) {
        Pod pod = PodJson.pod("imagepull.json");
        pod.getStatus().getContainerStatuses().getFirst().getState().setWaiting(new ContainerStateWaiting(message, reason));
        assertThat(diagnoser.diagnose(PodJson.snapshot(pod))).singleElement().satisfies(f -> {
            assertThat(f.evidence()).containsEntry("reason", reason).containsEntry("waitingMessage", message);
            assertThat(f.message()).endsWith("(" + reason + ")");
        });
    }

    @Test
    void aPodWithoutPullSecretsSaysNone() {
        Pod pod = PodJson.pod("imagepull.json");
        pod.getSpec().setImagePullSecrets(null);
        assertThat(diagnoser.diagnose(PodJson.snapshot(pod))).singleElement()
                .satisfies(f -> assertThat(f.evidence()).containsEntry("pullSecrets", ""));
    }

    @Test
    void otherWaitingReasonsAreNotPullFailures() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("crashloop.json")))).isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("init-crashloop.json")))).as("PodInitializing").isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("config-error.json")))).isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("healthy.json")))).isEmpty();
    }
}
