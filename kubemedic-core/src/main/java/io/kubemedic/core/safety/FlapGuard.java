package io.kubemedic.core.safety;

import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;

import java.time.Duration;

/**
 * A fix that keeps being needed is not fixing anything: the same action on the same workload
 * {@code flap.threshold} times within {@code flap.window} escalates instead of running once more.
 */
public final class FlapGuard implements Guard {

    @Override
    public String name() {
        return "flapping";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        Duration window = context.config().flapWindow();
        int threshold = context.config().flapThreshold();
        int count = context.ledger().countSince(step.workload(), step.action(), context.now().minus(window));
        if (count < threshold) {
            return GuardVerdict.allow();
        }
        return GuardVerdict.of(Decision.ESCALATE, Reason.FLAPPING, step.action().policyName() + " ran " + count + " times on "
                + step.workload() + " in the last " + GuardText.duration(window) + ", flap.threshold " + threshold, name());
    }
}
