package io.kubemedic.core.safety;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import org.junit.jupiter.api.Test;

import static io.kubemedic.core.safety.GuardFixtures.context;
import static io.kubemedic.core.safety.GuardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

class KillSwitchGuardTest {

    private final KillSwitchGuard guard = new KillSwitchGuard();

    @Test
    void allowsWhenTheSwitchIsOff() {
        assertThat(guard.check(step(ActionType.SCALE), context().build()).allowed()).isTrue();
    }

    @Test
    void deniesEveryStepWhenTheSwitchIsOn() {
        GuardVerdict verdict = guard.check(step(ActionType.SCALE), context().set("killSwitch", "true").build());

        assertThat(verdict.decision()).isEqualTo(Decision.DENY);
        assertThat(verdict.reason()).isEqualTo(Reason.KILL_SWITCH);
        assertThat(verdict.detail()).contains("killSwitch is on", "Deployment(shop/web)");
    }
}
