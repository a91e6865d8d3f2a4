package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Ownership;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drains a node as {@code kubectl drain} does, through the Eviction API so PodDisruptionBudgets hold: every pod on the
 * node is evicted except DaemonSet pods (their controller ignores unschedulable and would put them right back), mirror
 * pods (the kubelet owns them) and pods that already ended. A pod no controller would recreate is never evicted: it is
 * named in the result for a human. The node is cordoned first if it is not yet, so evicted pods do not land there again.
 * A budget that refuses some evictions makes the result BLOCKED; the next attempt evicts what is left.
 */
public final class DrainNodeAction implements RemediationAction {

    private final CordonNodeAction cordon;
    private final Evictions evictions;

    public DrainNodeAction(KubernetesClient client) {
        this.cordon = new CordonNodeAction(client);
        this.evictions = new Evictions(client);
    }

    @Override
    public ActionType type() {
        return ActionType.DRAIN_NODE;
    }

    @Override
    public ActionResult execute(Step step, TargetSnapshot snapshot) {
        ActionResult cordoned = cordon.execute(step, snapshot);
        if (!cordoned.mayHaveChanged()) {
            return cordoned;
        }
        List<String> evicted = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        List<String> bare = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (Pod pod : snapshot.pods()) {
            if (skipped(pod)) {
                continue;
            }
            String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
            if (Ownership.controller(pod).isEmpty()) {
                bare.add(name);
                continue;
            }
            ActionResult r = evictions.evict(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(), pod);
            switch (r.status()) {
                case APPLIED, NO_OP -> evicted.add(name);
                case BLOCKED -> blocked.add(name);
                default -> other.add(name + " (" + r.message() + ")");
            }
        }
        String summary = "drained node " + step.target().name() + ": evicted " + evicted + (blocked.isEmpty() ? "" : ", held by a budget " + blocked)
                + (bare.isEmpty() ? "" : ", not evicted (no controller would recreate them) " + bare)
                + (other.isEmpty() ? "" : ", failed " + other);
        if (!blocked.isEmpty()) {
            return new ActionResult(ActionResult.Status.BLOCKED, summary, Map.of("blockedBy", "PodDisruptionBudget"));
        }
        if (!other.isEmpty()) {
            return evicted.isEmpty() ? ActionResult.failed(summary) : ActionResult.unknown(summary);
        }
        return ActionResult.applied(summary);
    }

    private static boolean skipped(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() != null) {
            return true;
        }
        Map<String, String> a = p.getMetadata().getAnnotations();
        if (a != null && a.containsKey("kubernetes.io/config.mirror")) {
            return true;
        }
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase)
                || Ownership.controller(p).map(o -> "DaemonSet".equals(o.getKind())).orElse(false);
    }
}
