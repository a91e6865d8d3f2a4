package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Patches, the same on the sandbox and on kube-apiserver 1.20: RFC 6902 path rules (what one refuses, so does the
 * other) and RFC 7386 merge patches (lists replaced, null removes).
 */
class JsonPatchParityE2E {

    private static final String RESTARTED_AT = "/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void patchesNamingPathsThatDoNotExistAre422InvalidAndChangeNothing(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            Deployment d = deployment(t);
            long generation = d.getMetadata().getGeneration();
            invalid(t, "[{\"op\":\"add\",\"path\":\"" + RESTARTED_AT + "\",\"value\":\"2026-12-01T10:00:00Z\"}]");
            invalid(t, "[{\"op\":\"replace\",\"path\":\"" + RESTARTED_AT + "\",\"value\":\"x\"}]");
            invalid(t, "[{\"op\":\"remove\",\"path\":\"/spec/template/metadata/labels/nope\"}]");
            invalid(t, "[{\"op\":\"test\",\"path\":\"/spec/nope\",\"value\":1}]");
            invalid(t, "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":5}]");
            invalid(t, "[{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/5\",\"value\":{\"name\":\"x\",\"image\":\"x\"}}]");
            Deployment after = t.client().apps().deployments().inNamespace(t.namespace()).withName("web").get();
            assertThat(after.getMetadata().getGeneration()).isEqualTo(generation);
            assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void addingTheWholeMapWhenAbsentThenAKeyInsideItIsAccepted(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            deployment(t);
            patch(t, "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":1},"
                    + "{\"op\":\"add\",\"path\":\"/spec/template/metadata/annotations\",\"value\":{\"kubectl.kubernetes.io/restartedAt\":\"a\"}}]");
            patch(t, "[{\"op\":\"add\",\"path\":\"" + RESTARTED_AT + "\",\"value\":\"b\"}]");
            assertThat(t.client().apps().deployments().inNamespace(t.namespace()).withName("web").get().getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsExactly(Map.entry("kubectl.kubernetes.io/restartedAt", "b"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void aMergePatchReplacesListsAndNullRemovesAKey(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            deployment(t);
            PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
            t.client().apps().deployments().inNamespace(t.namespace()).withName("web").patch(merge, "{\"metadata\":{\"labels\":{\"tier\":\"web\"}},"
                    + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"registry.example.com/web:2\"}]}}}}");
            t.client().apps().deployments().inNamespace(t.namespace()).withName("web").patch(merge, "{\"metadata\":{\"labels\":{\"tier\":null}}}");
            Deployment d = t.client().apps().deployments().inNamespace(t.namespace()).withName("web").get();
            assertThat(d.getSpec().getTemplate().getSpec().getContainers()).singleElement()
                    .satisfies(c -> assertThat(c.getImage()).isEqualTo("registry.example.com/web:2"));
            assertThat(d.getMetadata().getLabels()).doesNotContainKey("tier");
        }
    }

    private static void invalid(ParityTarget t, String ops) {
        assertThatThrownBy(() -> patch(t, ops)).as(ops).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(422);
            assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
            assertThat(e.getStatus().getMessage()).isEqualTo("the server rejected our request due to an error in our request");
        });
    }

    private static void patch(ParityTarget t, String ops) {
        t.client().apps().deployments().inNamespace(t.namespace()).withName("web").patch(PatchContext.of(PatchType.JSON), ops);
    }

    private static Deployment deployment(ParityTarget t) {
        return t.client().apps().deployments().inNamespace(t.namespace()).resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.example.com/web:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }
}
