package io.kubemedic.core.safety;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import org.junit.jupiter.api.Test;

import static io.kubemedic.core.safety.GuardFixtures.NOW;
import static io.kubemedic.core.safety.GuardFixtures.context;
import static io.kubemedic.core.safety.GuardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

/** Defaults: storm.threshold 0.5, storm.minWorkloads 10, storm.cooldown 5m. */
class StormGuardTest {

    private final StormGuard guard = new StormGuard();

    private GuardVerdict check(ClusterHealth health) {
        return guard.check(step(ActionType.SCALE), context().health(health).build());
    }

    @Test
    void escalatesAboveTheThreshold() {
        GuardVerdict verdict = check(new ClusterHealth(10, 6, null));

        assertThat(verdict.decision()).isEqualTo(Decision.ESCALATE);
        assertThat(verdict.reason()).isEqualTo(Reason.STORM);
        assertThat(verdict.detail()).isEqualTo("6 of 10 watched workloads are unhealthy (60%), above storm.threshold 50%");
    }

    @Test
    void exactlyAtTheThresholdIsNoStorm() {
        assertThat(check(new ClusterHealth(10, 5, null)).allowed()).isTrue();
    }

    @Test
    void tooFewWatchedWorkloadsIsNoStorm() {
        assertThat(check(new ClusterHealth(9, 9, null)).allowed()).isTrue();
    }

    @Test
    void aCalmClusterPasses() {
        assertThat(check(ClusterHealth.calm()).allowed()).isTrue();
    }

    @Test
    void escalatesDuringTheStormCooldown() {
        GuardVerdict verdict = check(new ClusterHealth(10, 1, NOW.minusSeconds(299)));

        assertThat(verdict.reason()).isEqualTo(Reason.STORM);
        assertThat(verdict.detail()).contains("storm last seen at", "1 of 10 unhealthy", "storm.cooldown 5m", "in 1s");
    }

    @Test
    void actingResumesOnceTheStormCooldownHasPassed() {
        assertThat(check(new ClusterHealth(10, 1, NOW.minusSeconds(300))).allowed()).isTrue();
        assertThat(check(new ClusterHealth(10, 1, NOW.minusSeconds(301))).allowed()).isTrue();
    }

    @Test
    void toleratesAMissingHealth() {
        assertThat(check(null).allowed()).isTrue();
    }
}
