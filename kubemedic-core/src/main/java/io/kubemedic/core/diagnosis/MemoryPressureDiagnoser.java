package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Memory usage (metrics.k8s.io) at or above a share of the limit: the OOM kill that has not happened yet. When
 * metrics are unavailable it says so once, rather than staying silent.
 */
public final class MemoryPressureDiagnoser implements Diagnoser {

    private final double ratio;

    public MemoryPressureDiagnoser(double ratio) {
        this.ratio = ratio;
    }

    @Override
    public String name() {
        return "memory-pressure";
    }

    @Override
    public List<Finding> diagnose(TargetSnapshot snapshot) {
        List<Finding> out = new ArrayList<>();
        boolean anyLimit = false;
        for (Pod pod : snapshot.pods()) {
            PodMetrics metrics = snapshot.podMetrics().get(pod.getMetadata().getName());
            for (var c : pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.<io.fabric8.kubernetes.api.model.Container>of() : pod.getSpec().getContainers()) {
                Quantity limit = PodFacts.limit(c, "memory");
                if (limit == null) {
                    continue;
                }
                anyLimit = true;
                Quantity usage = metrics == null ? null : usage(metrics, c.getName());
                if (usage == null) {
                    continue;
                }
                BigDecimal used = Quantity.getAmountInBytes(usage);
                BigDecimal max = Quantity.getAmountInBytes(limit);
                double share = max.signum() == 0 ? 0 : used.divide(max, 4, RoundingMode.HALF_UP).doubleValue();
                if (share < ratio) {
                    continue;
                }
                Map<String, String> ev = new LinkedHashMap<>();
                ev.put("usage", usage.toString());
                ev.put("usageBytes", used.toPlainString());
                ev.put("limit", limit.toString());
                ev.put("limitBytes", max.toPlainString());
                ev.put("ratio", String.format(Locale.ROOT, "%.2f", share));
                out.add(new Finding(FindingType.MEMORY_PRESSURE, share >= 0.9 ? Severity.CRITICAL : Severity.WARNING, PodFacts.ref(pod), c.getName(),
                        String.format(Locale.ROOT, "container %s of pod %s uses %s of its %s memory limit (%.0f %%)", c.getName(),
                                pod.getMetadata().getName(), usage, limit, share * 100),
                        ev, "raise the memory limit before the container is OOMKilled, or find the leak"));
            }
        }
        if (!snapshot.metricsAvailable() && anyLimit) {
            out.add(new Finding(FindingType.NO_METRICS, Severity.INFO, snapshot.target(), null,
                    "memory usage unknown: metrics.k8s.io is not available", Map.of(), "install metrics-server to enable memory-pressure diagnosis"));
        }
        return out;
    }

    private static Quantity usage(PodMetrics m, String container) {
        if (m.getContainers() == null) {
            return null;
        }
        return m.getContainers().stream().filter(c -> container.equals(c.getName())).map(ContainerMetrics::getUsage)
                .filter(u -> u != null && u.get("memory") != null).map(u -> u.get("memory")).findFirst().orElse(null);
    }
}
