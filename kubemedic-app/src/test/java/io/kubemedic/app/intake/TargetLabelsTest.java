package io.kubemedic.app.intake;

import io.kubemedic.core.model.ResourceRef;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TargetLabelsTest {

    private static final TargetLabels DEFAULT = new TargetLabels(Map.of());

    @Test
    void aPodWinsOverItsDeployment() {
        var named = DEFAULT.resolve(Map.of("alertname", "Leak", "namespace", "shop", "deployment", "web", "pod", "web-7d4b9c-abcde"));
        assertThat(named.subject()).isEqualTo(ResourceRef.pod("shop", "web-7d4b9c-abcde"));
        assertThat(named.container()).isNull();
    }

    @Test
    void aDeploymentWinsOverAStatefulSet() {
        assertThat(DEFAULT.resolve(Map.of("namespace", "shop", "deployment", "web", "statefulset", "db")).subject())
                .isEqualTo(ResourceRef.deployment("shop", "web"));
    }

    @Test
    void aStatefulSet() {
        assertThat(DEFAULT.resolve(Map.of("namespace", "shop", "statefulset", "db")).subject()).isEqualTo(ResourceRef.statefulSet("shop", "db"));
    }

    @Test
    void aNodeNeedsNoNamespace() {
        var named = DEFAULT.resolve(Map.of("alertname", "KubeNodeNotReady", "node", "worker-1.eu-west-1.compute.internal", "container", "kubelet"));
        assertThat(named.subject()).isEqualTo(ResourceRef.node("worker-1.eu-west-1.compute.internal"));
        assertThat(named.container()).as("a node has no containers").isNull();
    }

    @Test
    void aPodLabelWinsOverANodeLabel() {
        assertThat(DEFAULT.resolve(Map.of("namespace", "shop", "pod", "web-1", "node", "worker-1")).subject())
                .isEqualTo(ResourceRef.pod("shop", "web-1"));
    }

    @Test
    void aNamespacedTargetWithoutNamespaceNamesTheMissingLabel() {
        assertThatExceptionOfType(IntakeException.class).isThrownBy(() -> DEFAULT.resolve(Map.of("alertname", "Leak", "pod", "web-1")))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("missing_label");
                })
                .withMessageContaining("'namespace'");
    }

    @Test
    void noTargetLabelNamesTheLabelsItExpects() {
        assertThatExceptionOfType(IntakeException.class)
                .isThrownBy(() -> DEFAULT.resolve(Map.of("alertname", "Watchdog", "namespace", "shop", "pod", " ")))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("missing_label");
                })
                .withMessageContaining("'pod'").withMessageContaining("'deployment'").withMessageContaining("'statefulset'")
                .withMessageContaining("'namespace'").withMessageContaining("'node'");
    }

    @Test
    void invalidNamesAreRefusedBeforeAnyLookup() {
        String tooLong = "a".repeat(300);
        for (Map<String, String> labels : new Map[]{
                Map.of("namespace", "shop", "pod", "Web-1"),
                Map.of("namespace", "shop", "deployment", "web_app"),
                Map.of("namespace", "shop", "statefulset", tooLong),
                Map.of("namespace", "Shop", "pod", "web-1"),
                Map.of("node", "worker_1"),
                Map.of("namespace", "shop", "pod", "web-1", "container", "App")}) {
            assertThatExceptionOfType(IntakeException.class).as(labels.toString()).isThrownBy(() -> DEFAULT.resolve(labels))
                    .satisfies(e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.code()).isEqualTo("invalid_name");
                    });
        }
    }

    @Test
    void theInvalidNameIsAbbreviatedInTheMessage() {
        String tooLong = "a".repeat(300);
        assertThatExceptionOfType(IntakeException.class).isThrownBy(() -> DEFAULT.resolve(Map.of("namespace", "shop", "pod", tooLong)))
                .withMessageContaining("label pod").withMessageNotContaining(tooLong);
    }

    @Test
    void relabelledRolesAreReadFromTheirOwnLabels() {
        TargetLabels relabelled = new TargetLabels(Map.of("pod", "exported_pod", "namespace", "exported_namespace"));
        var named = relabelled.resolve(Map.of("alertname", "Leak", "namespace", "monitoring", "pod", "kube-state-metrics-0",
                "exported_namespace", "shop", "exported_pod", "web-1", "container", "app"));
        assertThat(named.subject()).isEqualTo(ResourceRef.pod("shop", "web-1"));
        assertThat(named.container()).isEqualTo("app");
    }

    @Test
    void relabelledRolesNameTheirLabelInErrors() {
        TargetLabels relabelled = new TargetLabels(Map.of("pod", "exported_pod", "namespace", "exported_namespace"));
        assertThatExceptionOfType(IntakeException.class)
                .isThrownBy(() -> relabelled.resolve(Map.of("namespace", "shop", "exported_pod", "web-1")))
                .withMessageContaining("'exported_namespace'");
    }

    @Test
    void theContainerIsCarriedWithAWorkload() {
        var named = DEFAULT.resolve(Map.of("namespace", "shop", "deployment", "web", "container", "sidecar-proxy"));
        assertThat(named.subject()).isEqualTo(ResourceRef.deployment("shop", "web"));
        assertThat(named.container()).isEqualTo("sidecar-proxy");
        assertThat(DEFAULT.resolve(Map.of("namespace", "shop", "deployment", "web", "container", "")).container()).isNull();
    }
}
