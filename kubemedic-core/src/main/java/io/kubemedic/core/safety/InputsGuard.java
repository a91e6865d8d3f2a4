package io.kubemedic.core.safety;

import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;

import java.util.List;

/**
 * Guards fail closed: when something a decision rests on could not be read (the namespace with its paused annotation,
 * caches not in sync during an API-server outage), the answer is HOLD, never ALLOW. A paused namespace that could not
 * be read looks exactly like one that is not paused; only refusing to act tells them apart.
 */
public final class InputsGuard implements Guard {

    @Override
    public String name() {
        return "inputs";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        List<String> unreadable = context.snapshot() == null ? List.of("the target's state") : context.snapshot().cluster().unreadable();
        if (unreadable.isEmpty()) {
            return GuardVerdict.allow();
        }
        return GuardVerdict.of(Decision.HOLD, Reason.INPUT_UNREADABLE, "cannot read " + String.join("; ", unreadable)
                + ": " + step.action().policyName() + " waits until it can", name());
    }
}
