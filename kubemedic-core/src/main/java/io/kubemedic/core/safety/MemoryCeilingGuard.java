package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Memory raises stop somewhere: at {@code memory.ceiling}, and at the {@code max.memory} of every Container-type
 * LimitRange item in the namespace (the API server would reject the pods otherwise, leaving the workload worse off).
 * A "raise" that is not above the previous limit is no fix either. Each case escalates, with the numbers.
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
        Optional<String> limitRange = exceededLimitRange(wanted.get(), context);
        if (limitRange.isPresent()) {
            return escalate("memory limit " + requested + " is above " + limitRange.get());
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

    /** The first Container-type LimitRange max.memory below {@code wanted}, described for the verdict. */
    private static Optional<String> exceededLimitRange(BigDecimal wanted, GuardContext context) {
        if (context.snapshot() == null) {
            return Optional.empty();
        }
        for (LimitRange range : context.snapshot().limitRanges()) {
            List<LimitRangeItem> items = range.getSpec() == null || range.getSpec().getLimits() == null
                    ? List.of() : range.getSpec().getLimits();
            for (LimitRangeItem item : items) {
                Quantity max = "Container".equals(item.getType()) && item.getMax() != null ? item.getMax().get("memory") : null;
                if (max != null && wanted.compareTo(Quantity.getAmountInBytes(max)) > 0) {
                    return Optional.of("max.memory " + max + " of LimitRange " + Pods.name(range));
                }
            }
        }
        return Optional.empty();
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
