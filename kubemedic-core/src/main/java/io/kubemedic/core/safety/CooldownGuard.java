package io.kubemedic.core.safety;

import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One action per workload per {@code cooldown}, so an action has time to show whether it worked before another
 * lands on top of it. The next rung of the same incident's ladder is exempt: that rung exists precisely because
 * the previous action was verified and failed, and so is a step that only adds capacity. The cooldown ends exactly
 * {@code cooldown} after the last action.
 */
public final class CooldownGuard implements Guard {

    @Override
    public String name() {
        return "cooldown";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        Optional<ActionLedger.Entry> last = context.ledger().lastOn(step.workload());
        if (last.isEmpty() || sameIncident(last.get(), context) || addsCapacity(step)) {
            return GuardVerdict.allow();
        }
        Duration cooldown = context.config().cooldown();
        Instant ends = last.get().at().plus(cooldown);
        if (!context.now().isBefore(ends)) {
            return GuardVerdict.allow();
        }
        return GuardVerdict.of(Decision.HOLD, Reason.COOLDOWN, step.workload() + " was acted on at " + last.get().at()
                + " (" + last.get().action().policyName() + "); cooldown " + GuardText.duration(cooldown) + " ends in "
                + GuardText.duration(Duration.between(context.now(), ends)), name());
    }

    /**
     * A scale-up (or an autoscaler's minimum raised) takes nothing down and cannot hide whether the earlier action
     * worked, so another incident's cooldown does not hold it: a {@code prod-*} Deployment whose only replica was just
     * restarted still gets its second one.
     */
    static boolean addsCapacity(Step step) {
        if (step.action() != io.kubemedic.core.model.ActionType.SCALE) {
            return false;
        }
        String to = step.param("replicas");
        String from = step.param("hpa") != null ? step.param("previousMinReplicas") : step.param("previousReplicas");
        try {
            return to != null && from != null && Integer.parseInt(to) > Integer.parseInt(from);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean sameIncident(ActionLedger.Entry last, GuardContext context) {
        return context.incidentId() != null && context.incidentId().equals(last.incidentId());
    }
}
