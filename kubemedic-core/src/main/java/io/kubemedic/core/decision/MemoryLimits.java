package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubemedic.core.model.TargetSnapshot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that knows how high a container's memory limit may go on its workload, so the planner and the
 * ceiling guard can never disagree. A limit is bounded by:
 * <ul>
 *   <li>{@code memory.ceiling};</li>
 *   <li>every Container-type LimitRange {@code max.memory};</li>
 *   <li>every Pod-type LimitRange {@code max.memory}, less what the pod's other containers already take (admission
 *       would reject every new pod of the template otherwise);</li>
 *   <li>every ResourceQuota on {@code limits.memory} (and on {@code requests.memory}/{@code memory}, since the request
 *       is raised in proportion): the quota must hold the raise on every replica plus the pods a rolling update
 *       surges, or the rollout stalls half way.</li>
 * </ul>
 */
public final class MemoryLimits {

    /** The highest allowed limit in bytes and what sets it. */
    public record Cap(BigDecimal bytes, String by) {
    }

    private MemoryLimits() {
    }

    /** The tightest cap for {@code container} of the snapshot's pod template; empty when the template lacks it. */
    public static Optional<Cap> cap(TargetSnapshot s, String container, Quantity ceiling) {
        Optional<PodTemplateSpec> template = s.podTemplate();
        if (template.isEmpty() || template.get().getSpec() == null) {
            return Optional.empty();
        }
        List<Container> containers = template.get().getSpec().getContainers();
        Optional<Container> target = containers.stream().filter(c -> c.getName().equals(container)).findFirst();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        List<Cap> caps = new ArrayList<>();
        caps.add(new Cap(bytes(ceiling), "memory.ceiling " + ceiling));
        BigDecimal othersLimit = BigDecimal.ZERO;
        BigDecimal othersRequest = BigDecimal.ZERO;
        for (Container c : containers) {
            if (c != target.get()) {
                othersLimit = othersLimit.add(amount(c, true));
                othersRequest = othersRequest.add(amount(c, false));
            }
        }
        for (LimitRange range : s.limitRanges()) {
            for (LimitRangeItem item : items(range)) {
                Quantity max = item.getMax() == null ? null : item.getMax().get("memory");
                if (max == null) {
                    continue;
                }
                String name = range.getMetadata() == null ? "" : range.getMetadata().getName();
                if (item.getType() == null || "Container".equals(item.getType())) {
                    caps.add(new Cap(bytes(max), "max.memory " + max + " of LimitRange " + name + " (per container)"));
                } else if ("Pod".equals(item.getType())) {
                    caps.add(new Cap(bytes(max).subtract(othersLimit), "max.memory " + max + " of LimitRange " + name
                            + " (per pod; the other containers take " + MemoryRaise.mebibytes(othersLimit) + ")"));
                }
            }
        }
        Quantity limit = quantity(target.get(), true);
        Quantity request = quantity(target.get(), false);
        int replicas = s.desiredReplicas();
        int surge = surge(s, replicas);
        for (ResourceQuota quota : s.resourceQuotas()) {
            quotaCap(quota, "limits.memory", limit == null ? BigDecimal.ZERO : bytes(limit), BigDecimal.ONE, othersLimit, replicas, surge)
                    .ifPresent(caps::add);
            if (request != null && limit != null && bytes(limit).signum() > 0) {
                BigDecimal ratio = bytes(request).divide(bytes(limit), 12, RoundingMode.HALF_UP);
                for (String key : List.of("requests.memory", "memory")) {
                    quotaCap(quota, key, bytes(limit), ratio, othersRequest, replicas, surge).ifPresent(caps::add);
                }
            }
        }
        return caps.stream().min(Comparator.comparing(Cap::bytes));
    }

    /**
     * The largest new limit {@code n} the quota holds: {@code replicas × ratio × (n − old) + surge × (others + ratio × n)
     * ≤ hard − used}, where {@code ratio} turns a limit into what the quota counts (1 for limits, request/limit for
     * requests). A quota without status yet cannot be checked: it caps at the current limit.
     */
    private static Optional<Cap> quotaCap(ResourceQuota quota, String key, BigDecimal old, BigDecimal ratio, BigDecimal others,
                                          int replicas, int surge) {
        Map<String, Quantity> hard = quota.getSpec() == null ? null : quota.getSpec().getHard();
        if (hard == null || hard.get(key) == null) {
            return Optional.empty();
        }
        String name = quota.getMetadata() == null ? "" : quota.getMetadata().getName();
        Map<String, Quantity> used = quota.getStatus() == null ? null : quota.getStatus().getUsed();
        if (used == null || used.get(key) == null) {
            return Optional.of(new Cap(old, "ResourceQuota " + name + " on " + key + " (no status yet, headroom unknown)"));
        }
        BigDecimal free = bytes(hard.get(key)).subtract(bytes(used.get(key)));
        BigDecimal numerator = free.add(ratio.multiply(old).multiply(BigDecimal.valueOf(replicas))).subtract(others.multiply(BigDecimal.valueOf(surge)));
        BigDecimal denominator = ratio.multiply(BigDecimal.valueOf((long) replicas + surge));
        if (denominator.signum() <= 0) {
            return Optional.empty();
        }
        BigDecimal n = numerator.divide(denominator, 0, RoundingMode.FLOOR);
        return Optional.of(new Cap(n, "ResourceQuota " + name + " on " + key + " (hard " + hard.get(key) + ", used " + used.get(key)
                + ", " + replicas + " replicas" + (surge > 0 ? " + " + surge + " surge pod(s) during the rollout" : "") + ")"));
    }

    /** Extra pods a rolling update of the workload may run at once: a Deployment's maxSurge; 0 otherwise. */
    static int surge(TargetSnapshot s, int replicas) {
        Deployment d = s.deployment();
        if (d == null || d.getSpec() == null || d.getSpec().getStrategy() == null) {
            return d == null ? 0 : (int) Math.ceil(replicas * 0.25);
        }
        if ("Recreate".equals(d.getSpec().getStrategy().getType())) {
            return 0;
        }
        IntOrString maxSurge = d.getSpec().getStrategy().getRollingUpdate() == null ? null
                : d.getSpec().getStrategy().getRollingUpdate().getMaxSurge();
        if (maxSurge == null) {
            return (int) Math.ceil(replicas * 0.25);
        }
        if (maxSurge.getIntVal() != null) {
            return maxSurge.getIntVal();
        }
        String text = maxSurge.getStrVal();
        return text != null && text.endsWith("%")
                ? (int) Math.ceil(replicas * Integer.parseInt(text.substring(0, text.length() - 1)) / 100.0) : 0;
    }

    private static List<LimitRangeItem> items(LimitRange range) {
        return range.getSpec() == null || range.getSpec().getLimits() == null ? List.of() : range.getSpec().getLimits();
    }

    static Quantity quantity(Container c, boolean limit) {
        if (c.getResources() == null) {
            return null;
        }
        Map<String, Quantity> map = limit ? c.getResources().getLimits() : c.getResources().getRequests();
        return map == null ? null : map.get("memory");
    }

    private static BigDecimal amount(Container c, boolean limit) {
        Quantity q = quantity(c, limit);
        return q == null ? BigDecimal.ZERO : bytes(q);
    }

    private static BigDecimal bytes(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }
}
