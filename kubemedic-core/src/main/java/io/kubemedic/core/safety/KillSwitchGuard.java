package io.kubemedic.core.safety;

import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;

/** One flag that stops every change at once, so an operator never has to race the healer during an outage. */
public final class KillSwitchGuard implements Guard {

    @Override
    public String name() {
        return "kill-switch";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        if (!context.config().killSwitch()) {
            return GuardVerdict.allow();
        }
        return GuardVerdict.of(Decision.DENY, Reason.KILL_SWITCH,
                "killSwitch is on: " + step + " is not executed", name());
    }
}
