package io.kubemedic.core.safety;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.kubemedic.core.safety.GuardFixtures.WEB;
import static io.kubemedic.core.safety.GuardFixtures.context;
import static io.kubemedic.core.safety.GuardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

class ApprovalGuardTest {

    private final ApprovalGuard guard = new ApprovalGuard();

    private static Step restart(boolean automatic) {
        return step(ActionType.ROLLOUT_RESTART, WEB, Map.of(), automatic);
    }

    @Test
    void aDestructiveStepWaitsForApproval() {
        GuardVerdict verdict = guard.check(restart(false), context().build());

        assertThat(verdict.decision()).isEqualTo(Decision.NEEDS_APPROVAL);
        assertThat(verdict.reason()).isEqualTo(Reason.APPROVAL_REQUIRED);
        assertThat(verdict.detail()).contains("rollout-restart", "test-rule");
    }

    @Test
    void anAutomaticRungDoesNotWait() {
        assertThat(guard.check(restart(true), context().build()).allowed()).isTrue();
    }

    @Test
    void forceSkipsApproval() {
        assertThat(guard.check(restart(false), context().force().build()).allowed()).isTrue();
    }

    @Test
    void approvalCanBeSwitchedOff() {
        assertThat(guard.check(restart(false), context().set("approval.required", "false").build()).allowed()).isTrue();
    }

    @Test
    void aNonDestructiveStepDoesNotWait() {
        assertThat(guard.check(step(ActionType.SCALE), context().build()).allowed()).isTrue();
    }

    @Test
    void aMemoryRaiseRollsEveryPodSoItIsDestructive() {
        assertThat(guard.check(step(ActionType.RAISE_MEMORY_LIMIT), context().build()).reason()).isEqualTo(Reason.APPROVAL_REQUIRED);
    }
}
