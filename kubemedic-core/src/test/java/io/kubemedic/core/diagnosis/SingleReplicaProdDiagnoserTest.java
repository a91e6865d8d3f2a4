package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SingleReplicaProdDiagnoserTest {

    private final SingleReplicaProdDiagnoser diagnoser = new SingleReplicaProdDiagnoser(List.of("prod-*"));

    /** The rolled-out web Deployment (one replica), renamed and rescaled. */
    private static Deployment web(String namespace, String name, Integer replicas) {
        Deployment d = PodJson.deployment("deployment-web.json");
        d.getMetadata().setNamespace(namespace);
        d.getMetadata().setName(name);
        d.getSpec().setReplicas(replicas);
        return d;
    }

    private List<Finding> diagnose(Deployment d) {
        return diagnoser.diagnose(PodJson.of(d));
    }

    @Test
    void aProdNamedDeploymentWithOneReplicaIsFlagged() {
        assertThat(diagnose(web("shop", "prod-web", 1))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.SINGLE_REPLICA_PROD);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo(ResourceRef.deployment("shop", "prod-web"));
            assertThat(f.container()).isNull();
            assertThat(f.evidence()).containsExactlyInAnyOrderEntriesOf(Map.of("replicas", "1", "matched", "prod-*"));
            assertThat(f.message()).isEqualTo("production Deployment prod-web runs a single replica (matches prod-*)");
        });
    }

    @Test
    void aDeploymentInAProdNamespaceIsFlaggedToo() {
        assertThat(diagnose(web("prod-eu", "web", 1))).singleElement()
                .satisfies(f -> assertThat(f.subject()).isEqualTo(ResourceRef.deployment("prod-eu", "web")));
    }

    @Test
    void twoReplicasOrScaledToZeroOnPurposeAreLeftAlone() {
        assertThat(diagnose(web("prod-eu", "web", 2))).isEmpty();
        assertThat(diagnose(web("prod-eu", "web", 0))).isEmpty();
        assertThat(diagnose(web("prod-eu", "web", null))).isEmpty();
    }

    /** The glob is anchored at both ends; {@code *} is any run of characters, {@code ?} one, everything else literal. */
    @ParameterizedTest
    @CsvSource({
            "prod-*,  production,     false",
            "prod-*,  shop-prod-web,  false",
            "prod-*,  prod-,          true",
            "*-prod,  shop-prod,      true",
            "prod-??, prod-eu,        true",
            "prod-??, prod-eu1,       false",
            "prod.eu, prodXeu,        false",
            "prod.eu, prod.eu,        true"})
    void theGlobMatchesTheWholeName(String glob, String namespace, boolean flagged) {
        TargetSnapshot s = PodJson.of(web(namespace, "web", 1));
        assertThat(new SingleReplicaProdDiagnoser(List.of(glob)).diagnose(s)).hasSize(flagged ? 1 : 0);
    }

    @Test
    void theFirstMatchingPatternIsNamed() {
        SingleReplicaProdDiagnoser two = new SingleReplicaProdDiagnoser(List.of("live-*", "prod-*", "*-web"));
        assertThat(two.diagnose(PodJson.of(web("prod-eu", "prod-web", 1)))).singleElement()
                .satisfies(f -> assertThat(f.evidence()).containsEntry("matched", "prod-*"));
    }

    @Test
    void targetsWithoutADeploymentAreNotItsConcern() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("init-crashloop.json")))).isEmpty();
    }

    @Test
    void aDeploymentCreatedMomentsAgoIsGivenTheGraceForItsAutoscalerToAppear() {
        var young = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(PodJson.deployment("deployment-web.json"))
                .editMetadata().withName("prod-web").withCreationTimestamp(PodJson.NOW.minusSeconds(5).toString()).endMetadata()
                .editSpec().withReplicas(1).endSpec().build();
        var old = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(young)
                .editMetadata().withCreationTimestamp(PodJson.NOW.minusSeconds(60).toString()).endMetadata().build();
        SingleReplicaProdDiagnoser withGrace = new SingleReplicaProdDiagnoser(List.of("prod-*"), java.time.Duration.ofSeconds(15));

        assertThat(withGrace.diagnose(PodJson.of(young))).isEmpty();
        assertThat(withGrace.diagnose(PodJson.of(old))).hasSize(1);
    }
}
