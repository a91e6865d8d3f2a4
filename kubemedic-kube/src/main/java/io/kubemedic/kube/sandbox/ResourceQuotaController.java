package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The resource quota controller's status, as a 1.20 controller-manager writes it: {@code status.hard} is the spec's
 * hard limits, {@code status.used} the usage of each limited resource in the quota's namespace. Pods count while they
 * are not terminal (Succeeded or Failed) and not terminating; a pod's cpu and memory are its containers' sum, or its
 * largest init container's when that is more (the effective request). Resources this emulator does not count
 * (object counts other than pods, storage) are reported as used 0. Admission is not emulated: a pod over quota is
 * still created. Without this status Kubemedic finds no quota headroom and (rightly) raises no memory limit.
 */
final class ResourceQuotaController {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();
    private static final BigDecimal MI = BigDecimal.valueOf(1024L * 1024L);

    private final ApiWrites writes;

    ResourceQuotaController(ApiWrites writes) {
        this.writes = writes;
    }

    void reconcile(ControlPlaneView view) {
        for (ResourceQuota quota : writes.client().resourceQuotas().inAnyNamespace().list().getItems()) {
            if (quota.getSpec() == null || quota.getSpec().getHard() == null || quota.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            List<Pod> pods = view.podsIn(quota.getMetadata().getNamespace()).stream().filter(p -> PodStates.active(p)).toList();
            Map<String, Quantity> used = new LinkedHashMap<>();
            quota.getSpec().getHard().keySet().forEach(resource -> used.put(resource, usage(resource, pods)));
            ResourceQuotaStatus status = new ResourceQuotaStatus(new LinkedHashMap<>(quota.getSpec().getHard()), used);
            if (!Objects.equals(status, quota.getStatus())) {
                ResourceQuota copy = KUBE.clone(quota);
                copy.setStatus(status);
                writes.updateStatus(copy);
            }
        }
    }

    private static Quantity usage(String resource, List<Pod> pods) {
        return switch (resource) {
            case "pods", "count/pods" -> new Quantity(String.valueOf(pods.size()));
            case "cpu", "requests.cpu" -> cpu(sum(pods, c -> requests(c).get("cpu")));
            case "limits.cpu" -> cpu(sum(pods, c -> limits(c).get("cpu")));
            case "memory", "requests.memory" -> memory(sum(pods, c -> requests(c).get("memory")));
            case "limits.memory" -> memory(sum(pods, c -> limits(c).get("memory")));
            default -> new Quantity("0");
        };
    }

    /** Over all pods: each pod's effective amount, the larger of its containers' sum and its largest init container. */
    private static BigDecimal sum(List<Pod> pods, Function<Container, Quantity> amount) {
        BigDecimal total = BigDecimal.ZERO;
        for (Pod p : pods) {
            BigDecimal containers = p.getSpec().getContainers().stream().map(c -> amount(amount.apply(c))).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal init = p.getSpec().getInitContainers() == null ? BigDecimal.ZERO
                    : p.getSpec().getInitContainers().stream().map(c -> amount(amount.apply(c))).reduce(BigDecimal.ZERO, BigDecimal::max);
            total = total.add(containers.max(init));
        }
        return total;
    }

    private static Map<String, Quantity> requests(Container c) {
        // a container with a limit and no request is given the limit as its request by the API server's defaulting
        Map<String, Quantity> requests = new LinkedHashMap<>(limits(c));
        if (c.getResources() != null && c.getResources().getRequests() != null) {
            requests.putAll(c.getResources().getRequests());
        }
        return requests;
    }

    private static Map<String, Quantity> limits(Container c) {
        return c.getResources() == null || c.getResources().getLimits() == null ? Map.of() : c.getResources().getLimits();
    }

    private static BigDecimal amount(Quantity q) {
        return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
    }

    private static Quantity memory(BigDecimal bytes) {
        return bytes.remainder(MI).signum() == 0 ? new Quantity(bytes.divide(MI, 0, RoundingMode.UNNECESSARY).toPlainString() + "Mi")
                : new Quantity(bytes.setScale(0, RoundingMode.CEILING).toPlainString());
    }

    private static Quantity cpu(BigDecimal cores) {
        BigDecimal milli = cores.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING);
        return milli.remainder(BigDecimal.valueOf(1000)).signum() == 0 ? new Quantity(milli.divide(BigDecimal.valueOf(1000)).toPlainString())
                : new Quantity(milli.toPlainString() + "m");
    }
}
