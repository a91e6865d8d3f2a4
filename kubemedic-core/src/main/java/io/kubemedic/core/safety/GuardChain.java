package io.kubemedic.core.safety;

import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;

import java.util.List;
import java.util.Objects;

/**
 * Puts a mutating step before every guard in a fixed order; the first guard that does not allow decides.
 * The order puts the absolute stops first (kill switch, unreadable inputs, paused, namespace), then what escalates to a human
 * (storm, ownership, ceiling), approval, and last what only waits (flapping escalates before cooldown and
 * budgets so a repeating fix is never merely delayed). Read-only steps never change the cluster and pass at once.
 * When every guard allows and the mode is dry-run the answer is DRY_RUN, so dry-run decides exactly as enforce would.
 */
public final class GuardChain {

    private final List<Guard> guards;

    public GuardChain(List<Guard> guards) {
        this.guards = List.copyOf(guards);
    }

    /** The guards of the safety model, in their order. */
    public static GuardChain defaults() {
        return new GuardChain(List.of(
                new KillSwitchGuard(),
                new InputsGuard(),
                new PausedGuard(),
                new NamespaceGuard(),
                new StormGuard(),
                new OwnershipGuard(),
                new MemoryCeilingGuard(),
                new ApprovalGuard(),
                new FlapGuard(),
                new CooldownGuard(),
                new RateLimitGuard(),
                new BlastRadiusGuard()));
    }

    public GuardVerdict evaluate(Step step, GuardContext context) {
        if (!step.action().mutating()) {
            return GuardVerdict.allow();
        }
        for (Guard guard : guards) {
            GuardVerdict verdict = Objects.requireNonNull(guard.check(step, context), guard.name());
            if (!verdict.allowed()) {
                return GuardVerdict.of(verdict.decision(), verdict.reason(), verdict.detail(), guard.name());
            }
        }
        if (!context.config().enforce()) {
            return GuardVerdict.of(Decision.DRY_RUN, Reason.DRY_RUN,
                    "every guard allows " + step + "; mode is dry-run, so it is recorded and not executed", "mode");
        }
        return GuardVerdict.allow();
    }

    public List<String> names() {
        return guards.stream().map(Guard::name).toList();
    }
}
