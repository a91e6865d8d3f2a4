package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduler's part, which the sandbox has no process for: a new pod is bound to the least loaded node it fits
 * (not cordoned, not NotReady, selectors, affinity and taints as {@link Tolerations} checks them). When no node fits
 * the pod stays unbound and Pending, as with a real scheduler. On a real server the controllers never set a node;
 * the emulators do it at creation because nothing else would.
 */
final class NodePicker {

    private final List<Node> nodes;
    private final Map<String, Integer> load = new HashMap<>();

    NodePicker(List<Node> nodes, List<Pod> pods) {
        this.nodes = nodes.stream().sorted(Comparator.comparing(n -> n.getMetadata().getName())).toList();
        for (Pod p : pods) {
            if (p.getSpec() != null && p.getSpec().getNodeName() != null && PodStates.active(p)) {
                load.merge(p.getSpec().getNodeName(), 1, Integer::sum);
            }
        }
    }

    /** The node for a new pod with this spec, counted as loaded from now on; empty when none fits. */
    Optional<String> pick(PodSpec spec) {
        Optional<Node> best = nodes.stream().filter(n -> schedulable(n) && Tolerations.matchesNode(spec, n) && Tolerations.toleratesTaints(spec, n, false))
                .min(Comparator.comparingInt(n -> load.getOrDefault(n.getMetadata().getName(), 0)));
        best.ifPresent(n -> load.merge(n.getMetadata().getName(), 1, Integer::sum));
        return best.map(n -> n.getMetadata().getName());
    }

    private static boolean schedulable(Node n) {
        if (n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
            return false;
        }
        return n.getStatus() == null || n.getStatus().getConditions() == null || n.getStatus().getConditions().stream()
                .noneMatch(c -> "Ready".equals(c.getType()) && !"True".equals(c.getStatus()));
    }
}
