package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The Deployment fenceposts as {@code ResolveFenceposts} computes them, with the API server's defaults. */
class RolloutsTest {

    @ParameterizedTest(name = "{0} replicas, surge {1}, unavailable {2} -> {3}/{4}")
    @CsvSource({
            "4, 25%, 25%, 1, 1",
            "10, 25%, 25%, 3, 2",
            "1, 25%, 25%, 1, 0",
            "3, 0, 0, 0, 1",
            "5, 2, 50%, 2, 2",
            "4, 0%, 100%, 0, 4",
            "2, 1, 5, 1, 2"
    })
    void surgeRoundsUpUnavailableRoundsDownAndBothZeroMakesOneUnavailable(int replicas, String surge, String unavailable, int wantSurge, int wantUnavailable) {
        Deployment d = deployment(replicas, value(surge), value(unavailable));
        assertThat(Rollouts.maxSurge(d)).isEqualTo(wantSurge);
        assertThat(Rollouts.maxUnavailable(d)).as("capped at replicas").isEqualTo(wantUnavailable);
    }

    @Test
    void withoutAStrategyTheDefaultsAre25PercentAnd600SecondsAndRecreateHasNoSurge() {
        Deployment plain = new DeploymentBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec().withReplicas(8).endSpec().build();
        assertThat(Rollouts.maxSurge(plain)).isEqualTo(2);
        assertThat(Rollouts.maxUnavailable(plain)).isEqualTo(2);
        assertThat(Rollouts.progressDeadlineSeconds(plain)).isEqualTo(600);
        assertThat(Rollouts.revisionHistoryLimit(plain)).isEqualTo(10);
        Deployment recreate = new DeploymentBuilder(plain).editSpec().withNewStrategy().withType("Recreate").endStrategy().endSpec().build();
        assertThat(Rollouts.maxSurge(recreate)).isZero();
        assertThat(Rollouts.maxUnavailable(recreate)).isZero();
        Deployment noDeadline = new DeploymentBuilder(plain).editSpec().withProgressDeadlineSeconds(Integer.MAX_VALUE).endSpec().build();
        assertThat(Rollouts.progressDeadlineSeconds(noDeadline)).isNull();
    }

    private static IntOrString value(String s) {
        return s.endsWith("%") ? new IntOrString(s) : new IntOrString(Integer.parseInt(s));
    }

    private static Deployment deployment(int replicas, IntOrString surge, IntOrString unavailable) {
        return new DeploymentBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec().withReplicas(replicas)
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(surge).withMaxUnavailable(unavailable)
                .endRollingUpdate().endStrategy().endSpec().build();
    }
}
