package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The arithmetic of a memory raise: +N % of the current limit, at least a minimum increment (as VPA does), never above
 * the cap {@link MemoryLimits} computes (ceiling, LimitRanges, ResourceQuotas); the request scales in proportion.
 */
public final class MemoryRaise {

    private static final BigDecimal MI = BigDecimal.valueOf(1024L * 1024L);

    /** The result; {@code cappedBy} names what stopped the raise short, or is null when nothing did. */
    public record Result(Quantity previousLimit, Quantity newLimit, Quantity newRequest, String cappedBy) {
        public boolean raises() {
            return bytes(newLimit).compareTo(bytes(previousLimit)) > 0;
        }

        public boolean capped() {
            return cappedBy != null;
        }
    }

    private MemoryRaise() {
    }

    /** Empty when the container has no memory limit to raise. */
    public static Optional<Result> compute(Container container, int percent, Quantity minIncrement, MemoryLimits.Cap cap) {
        Quantity limit = MemoryLimits.quantity(container, true);
        if (limit == null) {
            return Optional.empty();
        }
        BigDecimal current = bytes(limit);
        BigDecimal byPercent = current.multiply(BigDecimal.valueOf(100L + percent)).divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING);
        BigDecimal wanted = roundUpToMi(byPercent.max(current.add(bytes(minIncrement))));
        boolean capped = wanted.compareTo(cap.bytes()) > 0;
        BigDecimal chosen = capped ? roundDownToMi(cap.bytes()).max(current) : wanted;
        Quantity request = MemoryLimits.quantity(container, false);
        Quantity newRequest = null;
        if (request != null && current.signum() > 0) {
            BigDecimal scaled = bytes(request).multiply(chosen).divide(current, 0, RoundingMode.CEILING);
            newRequest = mebibytes(roundUpToMi(scaled));
        }
        return Optional.of(new Result(limit, mebibytes(chosen), newRequest, capped ? cap.by() : null));
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
}
