package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.List;
import java.util.Optional;

/**
 * Raises one container's memory limit (and request, in proportion) on the owning workload's pod template. The JSON
 * patch tests the container's name at its index and the limit the decision saw, so a concurrent edit makes it STALE,
 * not wrong; a limit already at or above the wanted one is a NO_OP (a retry after a lost answer changes nothing).
 */
public final class RaiseMemoryLimitAction implements RemediationAction {

    private final Workloads workloads;

    public RaiseMemoryLimitAction(KubernetesClient client) {
        this.workloads = new Workloads(client);
    }

    @Override
    public ActionType type() {
        return ActionType.RAISE_MEMORY_LIMIT;
    }

    @Override
    public ActionResult execute(Step step, TargetSnapshot snapshot) {
        String name = step.param("container");
        Quantity wanted = new Quantity(step.param("memoryLimit"));
        HasMetadata workload = workloads.get(step.target());
        if (workload == null) {
            return ActionResult.stale(step.target() + " no longer exists");
        }
        List<Container> containers = Workloads.template(workload).getSpec().getContainers();
        int index = indexOf(containers, name);
        if (index < 0) {
            return ActionResult.stale(step.target() + " has no container " + name);
        }
        Container c = containers.get(index);
        Quantity current = limit(c).orElse(null);
        if (current != null && bytes(current).compareTo(bytes(wanted)) >= 0) {
            return ActionResult.noOp("memory limit of " + name + " is already " + current);
        }
        String previous = step.param("previousLimit");
        if (current == null || previous != null && bytes(current).compareTo(bytes(new Quantity(previous))) != 0) {
            return ActionResult.stale("memory limit of " + name + " is " + current + ", the decision saw " + previous);
        }
        String base = "/spec/template/spec/containers/" + index;
        JsonPatch patch = new JsonPatch().test(base + "/name", name)
                .test(base + "/resources/limits/memory", current.toString())
                .replace(base + "/resources/limits/memory", wanted.toString());
        String request = step.param("memoryRequest");
        if (request != null && c.getResources().getRequests() != null && !c.getResources().getRequests().isEmpty()) {
            patch.add(base + "/resources/requests/memory", request);
        }
        return workloads.patch(step.target(), patch, "memory limit of " + name + " on " + step.target() + " raised from " + current + " to " + wanted,
                now -> {
                    List<Container> cs = Workloads.template(now).getSpec().getContainers();
                    int i = indexOf(cs, name);
                    return i == index && limit(cs.get(i)).map(q -> bytes(q).compareTo(bytes(current)) == 0).orElse(false);
                });
    }

    private static int indexOf(List<Container> containers, String name) {
        for (int i = 0; i < containers.size(); i++) {
            if (containers.get(i).getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<Quantity> limit(Container c) {
        return Optional.ofNullable(c.getResources()).map(r -> r.getLimits()).map(l -> l.get("memory"));
    }

    private static java.math.BigDecimal bytes(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }
}
