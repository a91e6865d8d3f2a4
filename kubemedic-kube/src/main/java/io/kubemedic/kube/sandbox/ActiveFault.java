package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.time.Instant;
import java.util.Set;

/**
 * A fault after injection: when it started, which pods existed then, and whether it still applies to a pod.
 * A fault only ever clears because of a real change seen through the API.
 */
final class ActiveFault {

    final Scenario scenario;
    final Scenario.Fault fault;
    final Instant injectedAt;
    final Set<String> podUidsAtInjection;
    Instant clearedAt;

    ActiveFault(Scenario scenario, Scenario.Fault fault, Instant injectedAt, Set<String> podUidsAtInjection) {
        this.scenario = scenario;
        this.fault = fault;
        this.injectedAt = injectedAt;
        this.podUidsAtInjection = Set.copyOf(podUidsAtInjection);
    }

    /** Whether the fault still holds for this pod of its target. */
    boolean appliesTo(Pod pod, Deployment owner) {
        Scenario.ClearWhen c = fault.clearWhen();
        if (c.never()) {
            return true;
        }
        if (c.podRecreated()) {
            return podUidsAtInjection.contains(pod.getMetadata().getUid());
        }
        if (c.memoryLimitAtLeast() != null) {
            Quantity floor = new Quantity(c.memoryLimitAtLeast());
            return pod.getSpec().getContainers().stream().anyMatch(ct -> below(ct, floor));
        }
        if (c.imageNot() != null) {
            return pod.getSpec().getContainers().stream().anyMatch(ct -> c.imageNot().equals(ct.getImage()));
        }
        if (c.replicasAtLeast() != null) {
            return owner != null && owner.getSpec().getReplicas() < c.replicasAtLeast();
        }
        return true;
    }

    /** For faults on a Deployment itself (rolloutStuck): whether it still holds. */
    boolean appliesTo(Deployment d) {
        Scenario.ClearWhen c = fault.clearWhen();
        if (c.never()) {
            return true;
        }
        if (c.imageNot() != null) {
            return d.getSpec().getTemplate().getSpec().getContainers().stream().anyMatch(ct -> c.imageNot().equals(ct.getImage()));
        }
        if (c.replicasAtLeast() != null) {
            return d.getSpec().getReplicas() < c.replicasAtLeast();
        }
        if (c.memoryLimitAtLeast() != null) {
            Quantity floor = new Quantity(c.memoryLimitAtLeast());
            return d.getSpec().getTemplate().getSpec().getContainers().stream().anyMatch(ct -> below(ct, floor));
        }
        return clearedAt == null;
    }

    private static boolean below(Container c, Quantity floor) {
        Quantity limit = c.getResources() == null || c.getResources().getLimits() == null ? null : c.getResources().getLimits().get("memory");
        return limit == null || Quantity.getAmountInBytes(limit).compareTo(Quantity.getAmountInBytes(floor)) < 0;
    }
}
