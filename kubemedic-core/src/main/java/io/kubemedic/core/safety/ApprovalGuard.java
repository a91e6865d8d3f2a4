package io.kubemedic.core.safety;

import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;

/**
 * Destructive steps (they take running pods down) wait for a human unless the policy marked the rung
 * {@code automatic}, approval is switched off ({@code approval.required=false}), or the caller passed {@code force}.
 * {@code force} skips this guard only.
 */
public final class ApprovalGuard implements Guard {

    @Override
    public String name() {
        return "approval";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        if (!step.action().destructive() || step.automatic() || !context.config().approvalRequired() || context.force()) {
            return GuardVerdict.allow();
        }
        return GuardVerdict.of(Decision.NEEDS_APPROVAL, Reason.APPROVAL_REQUIRED, step.action().policyName()
                + " is destructive and rule " + step.rule() + " does not mark it automatic: it waits for approval", name());
    }
}
