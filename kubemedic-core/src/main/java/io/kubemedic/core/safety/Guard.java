package io.kubemedic.core.safety;

import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.Step;

/**
 * One safety rule. Pure and stateless: history lives in the {@link ActionLedger} passed in the context,
 * so one guard serves every target. Only mutating steps are put before the guards.
 */
public interface Guard {

    /** Short stable name, shown with every verdict. */
    String name();

    GuardVerdict check(Step step, GuardContext context);
}
