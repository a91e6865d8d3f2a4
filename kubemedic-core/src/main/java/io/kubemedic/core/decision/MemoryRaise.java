package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * The arithmetic of a memory raise: +N % of the current limit, at least a minimum increment (as VPA does),
 * never above the configured ceiling nor a namespace LimitRange max; the request scales in proportion.
 */
public final class MemoryRaise {

    private static final BigDecimal MI = BigDecimal.valueOf(1024L * 1024L);

    /** The result; {@code capped} tells that the ceiling or a LimitRange stopped the raise short. */
    public record Result(Quantity previousLimit, Quantity newLimit, Quantity newRequest, boolean capped) {
        public boolean raises() {
            return bytes(newLimit).compareTo(bytes(previousLimit)) > 0;
        }
    }

    private MemoryRaise() {
    }

    /** Empty when the container has no memory limit to raise. */
    public static Optional<Result> compute(Container container, int percent, Quantity minIncrement, Quantity ceiling,
                                           List<LimitRange> limitRanges) {
        Quantity limit = memory(container, true);
        if (limit == null) {
            return Optional.empty();
        }
        BigDecimal current = bytes(limit);
        BigDecimal byPercent = current.multiply(BigDecimal.valueOf(100L + percent)).divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING);
        BigDecimal wanted = byPercent.max(current.add(bytes(minIncrement)));
        BigDecimal cap = bytes(ceiling);
        for (BigDecimal max : limitRangeMaxima(limitRanges)) {
            cap = cap.min(max);
        }
        boolean capped = wanted.compareTo(cap) > 0;
        BigDecimal chosen = roundDownToMi(wanted.min(cap));
        if (!capped) {
            chosen = roundUpToMi(wanted);
        }
        Quantity request = memory(container, false);
        Quantity newRequest = null;
        if (request != null && current.signum() > 0) {
            BigDecimal scaled = bytes(request).multiply(chosen).divide(current, 0, RoundingMode.CEILING);
            newRequest = mebibytes(roundUpToMi(scaled));
        }
        return Optional.of(new Result(limit, mebibytes(chosen), newRequest, capped));
    }

    public static BigDecimal bytes(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }

    public static Quantity mebibytes(BigDecimal bytes) {
        return new Quantity(bytes.divide(MI, 0, RoundingMode.CEILING).toPlainString() + "Mi");
    }

    private static BigDecimal roundUpToMi(BigDecimal b) {
        return b.divide(MI, 0, RoundingMode.CEILING).multiply(MI);
    }

    private static BigDecimal roundDownToMi(BigDecimal b) {
        return b.divide(MI, 0, RoundingMode.FLOOR).multiply(MI);
    }

    private static Quantity memory(Container c, boolean limit) {
        if (c.getResources() == null) {
            return null;
        }
        var map = limit ? c.getResources().getLimits() : c.getResources().getRequests();
        return map == null ? null : map.get("memory");
    }

    private static List<BigDecimal> limitRangeMaxima(List<LimitRange> ranges) {
        return ranges.stream()
                .filter(r -> r.getSpec() != null && r.getSpec().getLimits() != null)
                .flatMap(r -> r.getSpec().getLimits().stream())
                .filter(i -> i.getType() == null || "Container".equals(i.getType()))
                .map(LimitRangeItem::getMax)
                .filter(m -> m != null && m.get("memory") != null)
                .map(m -> bytes(m.get("memory")))
                .toList();
    }
}
