package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CreateContainerConfigErrorDiagnoserTest {

    private final CreateContainerConfigErrorDiagnoser diagnoser = new CreateContainerConfigErrorDiagnoser();

    private List<Finding> withMessage(String message) {
        Pod pod = PodJson.pod("config-error.json");
        pod.getStatus().getContainerStatuses().getFirst().getState().getWaiting().setMessage(message);
        return diagnoser.diagnose(PodJson.snapshot(pod));
    }

    @Test
    void namesTheMissingKeyAndItsConfigMap() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("config-error.json")))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.CREATE_CONTAINER_CONFIG_ERROR);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.subject()).isEqualTo(ResourceRef.pod("shop", "api-7b9d6c5f8-h4k2p"));
            assertThat(f.container()).isEqualTo("api");
            assertThat(f.evidence()).containsExactlyInAnyOrderEntriesOf(Map.of("missingKind", "ConfigMap", "missingName", "app-config",
                    "missingKey", "DB_URL", "waitingMessage", "couldn't find key DB_URL in ConfigMap shop/app-config"));
            assertThat(f.message()).isEqualTo("container api of pod api-7b9d6c5f8-h4k2p cannot be created: "
                    + "couldn't find key DB_URL in ConfigMap shop/app-config");
        });
    }

    /**
     * The kubelet's wordings: a whole object missing, or one key of an existing object. With the default Watch
     * change-detection strategy it names the kind in the singular; with Get or Cache it passes on the API server's
     * NotFound, which names the resource in the plural.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            secret "db" not found                          | Secret    | db         | -
            configmap "app-config" not found               | ConfigMap | app-config | -
            configmaps "app-config" not found              | ConfigMap | app-config | -
            secrets "db" not found                         | Secret    | db         | -
            couldn't find key password in Secret shop/db   | Secret    | db         | password
            couldn't find key DB_URL in ConfigMap app-config | ConfigMap | app-config | DB_URL
            """)
    void namesWhatIsMissing(String message, String kind, String name, String key) {
        assertThat(withMessage(message)).singleElement().satisfies(f -> {
            assertThat(f.evidence()).containsEntry("missingKind", kind).containsEntry("missingName", name);
            if (key == null) {
                assertThat(f.evidence()).doesNotContainKey("missingKey");
            } else {
                assertThat(f.evidence()).containsEntry("missingKey", key);
            }
        });
    }

    @Test
    void anUnparsedMessageIsStillReportedWithoutGuessing() {
        assertThat(withMessage("container has runAsNonRoot and image will run as root")).singleElement().satisfies(f ->
                assertThat(f.evidence()).containsExactlyEntriesOf(Map.of("waitingMessage", "container has runAsNonRoot and image will run as root")));
    }

    @Test
    void podsThatWereCreatedAreNotConfigErrors() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("healthy.json")))).isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("crashloop.json")))).isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("imagepull.json")))).isEmpty();
    }
}
