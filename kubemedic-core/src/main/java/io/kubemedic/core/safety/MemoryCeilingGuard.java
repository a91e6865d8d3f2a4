package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.Quantity;
import io.kubemedic.core.decision.MemoryLimits;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Memory raises stop somewhere. The step's new limit is checked against the cap {@link MemoryLimits} computes from the
 * snapshot just read (memory.ceiling, Container and Pod LimitRanges, ResourceQuota headroom), the same computation the
 * planner used, so the two never disagree; a "raise" that is not above the previous limit is no fix either. Each case
 * escalates with the numbers: past a LimitRange the API server would reject every new pod, leaving the workload worse off.
 */
public final class MemoryCeilingGuard implements Guard {

    @Override
    public String name() {
        return "memory-ceiling";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        if (step.action() != ActionType.RAISE_MEMORY_LIMIT) {
            return GuardVerdict.allow();
        }
        String requested = step.param("memoryLimit");
        Optional<BigDecimal> wanted = bytes(requested);
        if (wanted.isEmpty()) {
            return escalate("memoryLimit '" + requested + "' is not a Kubernetes quantity");
        }
        Quantity ceiling = context.config().memoryCeiling();
        if (wanted.get().compareTo(Quantity.getAmountInBytes(ceiling)) > 0) {
            return escalate("memory limit " + requested + " is above memory.ceiling " + ceiling);
        }
        if (context.snapshot() != null) {
            Optional<MemoryLimits.Cap> cap = MemoryLimits.cap(context.snapshot(), step.param("container"), ceiling);
            if (cap.isPresent() && wanted.get().compareTo(cap.get().bytes()) > 0) {
                return escalate("memory limit " + requested + " is above " + cap.get().by());
            }
        }
        String previous = step.param("previousLimit");
        if (previous != null) {
            Optional<BigDecimal> before = bytes(previous);
            if (before.isEmpty()) {
                return escalate("previousLimit '" + previous + "' is not a Kubernetes quantity");
            }
            if (wanted.get().compareTo(before.get()) <= 0) {
                return escalate("memory limit " + requested + " is not above the previous limit " + previous);
            }
        }
        return GuardVerdict.allow();
    }

    private static Optional<BigDecimal> bytes(String quantity) {
        if (quantity == null || quantity.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Quantity.getAmountInBytes(Quantity.parse(quantity.trim())));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private GuardVerdict escalate(String detail) {
        return GuardVerdict.of(Decision.ESCALATE, Reason.MEMORY_CEILING, detail, name());
    }
}
