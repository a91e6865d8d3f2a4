package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;

import java.util.Optional;

/**
 * The hard promise: never delete a pod that no controller will recreate. An eviction passes only when the pod,
 * as just observed, has a {@code controller: true} owner of a kind that recreates pods
 * (ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController). A bare pod, or one missing from the
 * snapshot, escalates: a human decides what happens to it.
 */
public final class OwnershipGuard implements Guard {

    @Override
    public String name() {
        return "ownership";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        if (step.action() != ActionType.EVICT_POD) {
            return GuardVerdict.allow();
        }
        Optional<Pod> pod = Pods.target(step, context);
        if (pod.isEmpty()) {
            return escalate(step, "it is not in the observed state");
        }
        Optional<OwnerReference> owner = Pods.controller(pod.get());
        if (owner.isEmpty()) {
            return escalate(step, "it has no controller owner");
        }
        if (!Pods.RECREATING_OWNERS.contains(owner.get().getKind())) {
            return escalate(step, "its controller is a " + owner.get().getKind() + " " + owner.get().getName()
                    + ", not one of " + Pods.RECREATING_OWNERS.stream().sorted().toList());
        }
        return GuardVerdict.allow();
    }

    private GuardVerdict escalate(Step step, String why) {
        return GuardVerdict.of(Decision.ESCALATE, Reason.NOT_CONTROLLER_MANAGED,
                "no controller would recreate pod " + step.target() + " (" + why + "); it is never deleted", name());
    }
}
