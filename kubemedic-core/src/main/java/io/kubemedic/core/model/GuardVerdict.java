package io.kubemedic.core.model;

import java.util.Objects;

/**
 * A guard's answer for one step. The engine treats the decisions differently:
 * {@code HOLD} retries later (cooldown, budgets, storm), {@code DENY} suppresses the step for good,
 * {@code ESCALATE} hands the incident to a human, {@code NEEDS_APPROVAL} parks it as a pending action,
 * {@code DRY_RUN} records it exactly as enforce mode would, marked not executed.
 */
public record GuardVerdict(Decision decision, Reason reason, String detail, String guard) {

    public enum Decision { ALLOW, DRY_RUN, HOLD, DENY, ESCALATE, NEEDS_APPROVAL }

    public GuardVerdict {
        Objects.requireNonNull(decision, "decision");
        detail = detail == null ? "" : detail;
        guard = guard == null ? "" : guard;
    }

    public static GuardVerdict allow() {
        return new GuardVerdict(Decision.ALLOW, null, "", "");
    }

    public static GuardVerdict of(Decision decision, Reason reason, String detail, String guard) {
        return new GuardVerdict(decision, reason, detail, guard);
    }

    public boolean allowed() {
        return decision == Decision.ALLOW;
    }

    @Override
    public String toString() {
        return reason == null ? decision.name() : decision + " " + reason + " (" + detail + ")";
    }
}
