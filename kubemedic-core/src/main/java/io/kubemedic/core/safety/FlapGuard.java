package io.kubemedic.core.safety;

import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;

import java.time.Duration;

/**
 * A fix that keeps being needed is not fixing anything: when {@code flap.threshold} earlier incidents on the same
 * workload already took the same action within {@code flap.window}, this one escalates instead of running it once more.
 * Healing four crash-looping replicas one after another within one incident is progress and does not count; a ladder
 * that fails verification climbs to its next rung by itself.
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
        int count = context.ledger().otherIncidentsSince(step.workload(), step.action(), context.now().minus(window), context.incidentId());
        if (count < threshold) {
            return GuardVerdict.allow();
        }
        return GuardVerdict.of(Decision.ESCALATE, Reason.FLAPPING, step.action().policyName() + " was already needed by " + count
                + " earlier incident(s) on " + step.workload() + " in the last " + GuardText.duration(window)
                + " (flap.threshold " + threshold + "): the fix does not stick", name());
    }
}
