package io.kubemedic.core.safety;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Step;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.kubemedic.core.safety.GuardFixtures.NOW;
import static io.kubemedic.core.safety.GuardFixtures.INCIDENT;
import static io.kubemedic.core.safety.GuardFixtures.WEB;
import static io.kubemedic.core.safety.GuardFixtures.context;
import static io.kubemedic.core.safety.GuardFixtures.entry;
import static io.kubemedic.core.safety.GuardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

/** Defaults: flap.threshold 3, flap.window 1h. */
class FlapGuardTest {

    private static final Step RESTART = step(ActionType.ROLLOUT_RESTART, WEB, Map.of(), true);

    private final FlapGuard guard = new FlapGuard();

    private static ActionLedger.Entry restartAt(Instant at) {
        return entry(at, "inc-" + at.getEpochSecond(), WEB, ActionType.ROLLOUT_RESTART);
    }

    @Test
    void escalatesWhenTheSameFixRanThresholdTimesInTheWindow() {
        GuardVerdict verdict = guard.check(RESTART, context().recorded(
                restartAt(NOW.minusSeconds(3600)), restartAt(NOW.minusSeconds(1800)), restartAt(NOW.minusSeconds(60))).build());

        assertThat(verdict.decision()).isEqualTo(Decision.ESCALATE);
        assertThat(verdict.reason()).isEqualTo(Reason.FLAPPING);
        assertThat(verdict.detail()).isEqualTo("rollout-restart was already needed by 3 earlier incident(s) on Deployment(shop/web)"
                + " in the last 1h (flap.threshold 3): the fix does not stick");
    }

    @Test
    void healingSeveralReplicasOneByOneWithinOneIncidentIsProgressNotFlapping() {
        Step evict = step(ActionType.EVICT_POD, io.kubemedic.core.model.ResourceRef.pod("shop", "web-4"), Map.of(), true);
        ActionLedger.Entry[] threeEvictions = {
                entry(NOW.minusSeconds(30), INCIDENT, WEB, ActionType.EVICT_POD),
                entry(NOW.minusSeconds(20), INCIDENT, WEB, ActionType.EVICT_POD),
                entry(NOW.minusSeconds(10), INCIDENT, WEB, ActionType.EVICT_POD)};

        assertThat(guard.check(evict, context().recorded(threeEvictions).build()).allowed()).isTrue();
    }

    @Test
    void allowsOneBelowTheThreshold() {
        assertThat(guard.check(RESTART, context().recorded(
                restartAt(NOW.minusSeconds(1800)), restartAt(NOW.minusSeconds(60))).build()).allowed()).isTrue();
    }

    @Test
    void forgetsActionsOlderThanTheWindow() {
        assertThat(guard.check(RESTART, context().recorded(
                restartAt(NOW.minusSeconds(3601)), restartAt(NOW.minusSeconds(1800)), restartAt(NOW.minusSeconds(60))).build())
                .allowed()).isTrue();
    }

    @Test
    void countsOnlyTheSameActionOnTheSameWorkload() {
        ResourceRef api = ResourceRef.deployment("shop", "api");
        assertThat(guard.check(RESTART, context().recorded(
                restartAt(NOW.minusSeconds(600)),
                entry(NOW.minusSeconds(500), "other", WEB, ActionType.ROLLBACK),
                entry(NOW.minusSeconds(400), "other", api, ActionType.ROLLOUT_RESTART),
                restartAt(NOW.minusSeconds(60))).build()).allowed()).isTrue();
    }

    @Test
    void followsTheConfiguredThreshold() {
        assertThat(guard.check(RESTART, context().set("flap.threshold", "1").recorded(restartAt(NOW.minusSeconds(60))).build())
                .reason()).isEqualTo(Reason.FLAPPING);
    }
}
