package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The 1.20 disruption controller's arithmetic, without a cluster. */
class DisruptionsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @ParameterizedTest(name = "{0}={1} over scale {2} with {3} ready -> expected {4}, desired {5}, allowed {6}")
    @CsvSource({
            "minAvailable, 1, 3, 3, 3, 1, 2",
            "minAvailable, 50%, 3, 3, 3, 2, 1",
            "minAvailable, 34%, 3, 2, 3, 2, 0",
            "maxUnavailable, 1, 3, 3, 3, 2, 1",
            "maxUnavailable, 34%, 3, 3, 3, 1, 2",
            "maxUnavailable, 10%, 5, 5, 5, 4, 1",
            "minAvailable, 2, 3, 1, 3, 2, 0"
    })
    void percentagesRoundUpAgainstTheControllersScale(String field, String value, int scale, int ready, int expected, int desired, int allowed) {
        IntOrString v = value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
        PodDisruptionBudget pdb = "minAvailable".equals(field) ? budget(b -> b.withMinAvailable(v)) : budget(b -> b.withMaxUnavailable(v));
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < scale; i++) {
            pods.add(pod("web-" + i, i < ready, "rs-uid"));
        }
        PodDisruptionBudgetStatus s = Disruptions.status(pdb, pods, p -> Optional.of(new Disruptions.Scale("d-uid", scale)), NOW).orElseThrow();
        assertThat(s.getExpectedPods()).isEqualTo(expected);
        assertThat(s.getDesiredHealthy()).isEqualTo(desired);
        assertThat(s.getCurrentHealthy()).isEqualTo(ready);
        assertThat(s.getDisruptionsAllowed()).isEqualTo(allowed);
        assertThat(s.getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void aPercentageOverAPodWithoutAControllerCannotBeCountedButAnIntegerCan() {
        List<Pod> bare = List.of(pod("web-0", true, null), pod("web-1", true, null));
        assertThat(Disruptions.status(budget(b -> b.withMaxUnavailable(new IntOrString("50%"))), bare, p -> Optional.empty(), NOW)).isEmpty();
        assertThat(Disruptions.status(budget(b -> b.withMinAvailable(new IntOrString(1))), bare, p -> Optional.empty(), NOW))
                .hasValueSatisfying(s -> assertThat(s.getDisruptionsAllowed()).isEqualTo(1));
    }

    @Test
    void aJustEvictedPodIsNotHealthyForTwoMinutesUnlessItIsGone() {
        PodDisruptionBudget pdb = budget(b -> b.withMinAvailable(new IntOrString(1)));
        pdb.setStatus(new PodDisruptionBudgetStatus(null, 2, 1, Map.of("web-0", "2026-12-01T09:59:00Z", "web-9", "2026-12-01T09:59:00Z"), 1, 2, 2L));
        List<Pod> pods = List.of(pod("web-0", true, "rs"), pod("web-1", true, "rs"));
        PodDisruptionBudgetStatus s = Disruptions.status(pdb, pods, p -> Optional.empty(), NOW).orElseThrow();
        assertThat(s.getDisruptedPods()).containsOnlyKeys("web-0");
        assertThat(s.getCurrentHealthy()).isEqualTo(1);
        assertThat(s.getDisruptionsAllowed()).isZero();
        PodDisruptionBudgetStatus later = Disruptions.status(pdb, pods, p -> Optional.empty(), NOW.plusSeconds(90)).orElseThrow();
        assertThat(later.getDisruptedPods()).as("expected to be deleted by 10:01; it was not").isNull();
        assertThat(later.getCurrentHealthy()).isEqualTo(2);
    }

    @Test
    void anEmptySelectorSelectsNothingUnderV1beta1AndEverythingUnderV1() {
        PodDisruptionBudget pdb = new PodDisruptionBudgetBuilder().withNewMetadata().withName("all").withNamespace("shop").endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(1)).withNewSelector().endSelector().endSpec().build();
        Pod pod = pod("web-0", true, "rs");
        assertThat(Disruptions.selects(new Disruptions.Budget("policy/v1beta1", pdb), pod)).isFalse();
        assertThat(Disruptions.selects(new Disruptions.Budget("policy/v1", pdb), pod)).isTrue();
    }

    private static PodDisruptionBudget budget(java.util.function.UnaryOperator<io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpecFluent<?>> spec) {
        PodDisruptionBudgetBuilder b = new PodDisruptionBudgetBuilder().withNewMetadata().withName("web").withNamespace("shop").withGeneration(2L).endMetadata();
        var s = b.withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector();
        spec.apply(s);
        return s.endSpec().build();
    }

    private static Pod pod(String name, boolean ready, String ownerUid) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").withLabels(Map.of("app", "web")).endMetadata()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus();
        if (ownerUid != null) {
            b.editMetadata().addNewOwnerReference().withKind("ReplicaSet").withName("rs").withUid(ownerUid).withController(true).endOwnerReference().endMetadata();
        }
        return b.build();
    }
}
