package io.kubemedic.core.safety;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Step;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.kubemedic.core.safety.GuardFixtures.NOW;
import static io.kubemedic.core.safety.GuardFixtures.WEB;
import static io.kubemedic.core.safety.GuardFixtures.context;
import static io.kubemedic.core.safety.GuardFixtures.entry;
import static io.kubemedic.core.safety.GuardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

/** Default cooldown is 10 minutes. */
class CooldownGuardTest {

    private static final Step SCALE = step(ActionType.SCALE);
    private static final Instant LAST = NOW.minusSeconds(120);

    private final CooldownGuard guard = new CooldownGuard();

    private GuardVerdict checkAt(Instant now, String incident) {
        return guard.check(SCALE, context().at(now).incident(incident)
                .recorded(entry(LAST, "inc-old", WEB, ActionType.EVICT_POD)).build());
    }

    @Test
    void allowsAWorkloadNeverActedOn() {
        assertThat(guard.check(SCALE, context().build()).allowed()).isTrue();
    }

    @Test
    void holdsWithinTheCooldown() {
        GuardVerdict verdict = checkAt(NOW, "inc-new");

        assertThat(verdict.decision()).isEqualTo(Decision.HOLD);
        assertThat(verdict.reason()).isEqualTo(Reason.COOLDOWN);
        assertThat(verdict.detail()).isEqualTo("Deployment(shop/web) was acted on at " + LAST
                + " (evict-pod); cooldown 10m ends in 8m");
    }

    @Test
    void holdsOneSecondBeforeTheCooldownEnds() {
        GuardVerdict verdict = checkAt(LAST.plusSeconds(599), "inc-new");

        assertThat(verdict.reason()).isEqualTo(Reason.COOLDOWN);
        assertThat(verdict.detail()).endsWith("ends in 1s");
    }

    @Test
    void allowsOnceTheCooldownHasEnded() {
        assertThat(checkAt(LAST.plusSeconds(600), "inc-new").allowed()).isTrue();
        assertThat(checkAt(LAST.plusSeconds(601), "inc-new").allowed()).isTrue();
    }

    @Test
    void theNextRungOfTheSameIncidentIsExempt() {
        assertThat(checkAt(NOW, "inc-old").allowed()).isTrue();
    }

    @Test
    void aScaleUpTakesNothingDownSoAnotherIncidentsCooldownDoesNotHoldIt() {
        java.util.function.Function<Step, GuardVerdict> check = step -> guard.check(step, context().incident("inc-new")
                .recorded(entry(LAST, "inc-old", WEB, ActionType.EVICT_POD)).build());
        Step up = step(ActionType.SCALE, WEB, java.util.Map.of("replicas", "2", "previousReplicas", "1"), true);
        Step hpaUp = step(ActionType.SCALE, WEB, java.util.Map.of("replicas", "2", "hpa", "web", "previousMinReplicas", "1"), true);
        Step down = step(ActionType.SCALE, WEB, java.util.Map.of("replicas", "1", "previousReplicas", "3"), true);

        assertThat(check.apply(up).allowed()).isTrue();
        assertThat(check.apply(hpaUp).allowed()).isTrue();
        assertThat(check.apply(down).reason()).as("a scale-down takes pods away").isEqualTo(Reason.COOLDOWN);
        assertThat(check.apply(step(ActionType.ROLLOUT_RESTART)).reason()).isEqualTo(Reason.COOLDOWN);
    }

    @Test
    void aMissingIncidentIdIsNotTheSameIncident() {
        GuardVerdict verdict = guard.check(SCALE, context().incident(null)
                .recorded(entry(LAST, null, WEB, ActionType.EVICT_POD)).build());

        assertThat(verdict.reason()).isEqualTo(Reason.COOLDOWN);
    }

    @Test
    void otherWorkloadsAreNotHeld() {
        ResourceRef api = ResourceRef.deployment("shop", "api");

        assertThat(guard.check(SCALE, context().recorded(entry(LAST, "inc-old", api, ActionType.SCALE)).build()).allowed()).isTrue();
    }

    @Test
    void followsTheConfiguredCooldown() {
        assertThat(guard.check(SCALE, context().set("cooldown", "1m").incident("inc-new")
                .recorded(entry(LAST, "inc-old", WEB, ActionType.EVICT_POD)).build()).allowed()).isTrue();
    }
}
