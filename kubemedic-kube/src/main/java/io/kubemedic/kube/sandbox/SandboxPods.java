package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubemedic.core.model.Ownership;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pod facts the sandbox needs in several places: readiness, controllers, resource requests and QoS class. */
final class SandboxPods {

    private SandboxPods() {
    }

    static boolean ready(Pod p) {
        return Ownership.ready(p);
    }

    static Optional<OwnerReference> controller(HasMetadata o) {
        return Ownership.controller(o);
    }

    /**
     * What the scheduler counts for a pod: the sum of its containers' requests (a limit stands in for a missing
     * request, as API defaulting does), or the largest init container's, whichever is more.
     */
    static BigDecimal request(Pod pod, String resource) {
        BigDecimal sum = containers(pod.getSpec().getContainers()).stream().map(c -> request(c, resource)).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal init = containers(pod.getSpec().getInitContainers()).stream().map(c -> request(c, resource)).reduce(BigDecimal.ZERO, BigDecimal::max);
        return sum.max(init);
    }

    private static BigDecimal request(Container c, String resource) {
        Quantity q = quantity(c, resource, true);
        return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
    }

    /** The QoS class the API server assigns at creation (the CRUD store assigns none). */
    static String qosClass(Pod pod) {
        List<Container> all = containers(pod.getSpec().getContainers());
        boolean none = all.stream().allMatch(c -> quantity(c, "cpu", true) == null && quantity(c, "memory", true) == null);
        if (none) {
            return "BestEffort";
        }
        boolean guaranteed = all.stream().allMatch(c -> List.of("cpu", "memory").stream().allMatch(r -> {
            Quantity limit = quantity(c, r, false);
            Quantity request = quantity(c, r, true);
            return limit != null && request != null && Quantity.getAmountInBytes(limit).compareTo(Quantity.getAmountInBytes(request)) == 0;
        }));
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static Quantity quantity(Container c, String resource, boolean request) {
        if (c.getResources() == null) {
            return null;
        }
        Map<String, Quantity> limits = c.getResources().getLimits() == null ? Map.of() : c.getResources().getLimits();
        Map<String, Quantity> requests = c.getResources().getRequests() == null ? Map.of() : c.getResources().getRequests();
        return request ? requests.getOrDefault(resource, limits.get(resource)) : limits.get(resource);
    }

    private static List<Container> containers(List<Container> list) {
        return list == null ? List.of() : list;
    }
}
