package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fault after injection: when it started, which pods it was injected into, and whether it still holds for a pod
 * or a node. A fault only ever ends because of a change seen through the API (or its {@code clearAfter} time):
 * the emulator is never told what the healer did.
 *
 * <p>Template conditions (imageNot, memoryLimitAtLeast, templateChanged, a fieldNot under {@code spec.template}) are
 * read on each pod's own spec: pods made from the fixed template are healthy while older pods still fail, as in a
 * real rollout. Other conditions (replicasAtLeast, fieldNot elsewhere, clearAfter, cordoned) end the fault at once.
 */
final class ActiveFault {

    final ScenarioRun run;
    final Scenario.Fault fault;
    final int index;
    final Instant injectedAt;
    /** The pods the fault stays with ({@code podRecreated} or {@code pods: N}), or null when it follows the target's pods. */
    final Set<String> pinned;
    /** The node's name on the server: the node filter of a pod fault, or the target of a node fault; null if none. */
    final String node;
    /** What the target's template looked like at injection, for {@code templateChanged}. */
    final Map<String, Object> template;
    volatile Instant clearedAt;

    ActiveFault(ScenarioRun run, int index, Instant injectedAt, Set<String> pinned, String node, Map<String, Object> template) {
        this.run = run;
        this.fault = run.scenario.faults().get(index);
        this.index = index;
        this.injectedAt = injectedAt;
        this.pinned = pinned == null ? null : Set.copyOf(pinned);
        this.node = node;
        this.template = template;
    }

    Scenario.ClearWhen when() {
        return fault.clearWhen();
    }

    /** A past termination ({@code finishedAgo}): history in the container status, the container healthy now. */
    boolean past() {
        return fault.params().containsKey("finishedAgo");
    }

    /** Whether the pod is one the fault is aimed at: the target's, on the fault's node, among the pinned ones. */
    boolean covers(Pod pod, ClusterView view) {
        if (fault.type().onNode() || !view.belongsTo(pod, fault.target(), run.namespace)) {
            return false;
        }
        if (node != null && !node.equals(pod.getSpec().getNodeName())) {
            return false;
        }
        return pinned == null || pinned.contains(pod.getMetadata().getUid());
    }

    /** Whether the fault is in effect on this pod now. */
    boolean holdsFor(Pod pod, ClusterView view, Instant now) {
        return clearedAt == null && covers(pod, view) && !globallyMet(view, now) && !metOnPod(pod);
    }

    /** Whether a node fault is in effect on this node now. */
    boolean holdsOnNode(Node n, Instant now) {
        return clearedAt == null && n.getMetadata().getName().equals(node) && !metOn(n, now);
    }

    /**
     * Whether a real fix (or time) has ended the fault: a target-wide condition is met, or no live pod still has it
     * and the target's template no longer would give it to new pods.
     */
    boolean cleared(ClusterView view, Instant now) {
        Scenario.ClearWhen c = when();
        if (c.never()) {
            return false;
        }
        if (fault.type().onNode()) {
            return view.node(node).map(n -> metOn(n, now)).orElse(false);
        }
        if (globallyMet(view, now)) {
            return true;
        }
        boolean perPod = c.podRecreated() || c.templateChanged() || c.imageNot() != null || c.memoryLimitAtLeast() != null || templateField();
        if (!perPod) {
            return false;
        }
        boolean anyHolds = view.pods().stream().anyMatch(p -> p.getMetadata().getDeletionTimestamp() == null && covers(p, view) && !metOnPod(p));
        if (anyHolds) {
            return false;
        }
        if (c.podRecreated() || "Pod".equals(fault.target().kind())) {
            return true;
        }
        Map<String, Object> current = view.object(fault.target(), run.namespace).map(PodTemplates::template).orElse(null);
        return current != null && FaultConditions.metOnTemplate(this, current);
    }

    private boolean templateField() {
        return when().fieldNot() != null && FaultConditions.onTemplate(this);
    }

    private boolean metOnPod(Pod pod) {
        return FaultConditions.metOnPod(this, pod);
    }

    private boolean globallyMet(ClusterView view, Instant now) {
        Scenario.ClearWhen c = when();
        if (c.clearAfter() != null && !now.isBefore(injectedAt.plus(c.clearAfter()))) {
            return true;
        }
        if (c.replicasAtLeast() == null && (c.fieldNot() == null || templateField())) {
            return false;
        }
        Optional<HasMetadata> target = view.object(fault.target(), run.namespace);
        return target.map(t -> FaultConditions.metOnObject(this, t)).orElse(false);
    }

    private boolean metOn(Node n, Instant now) {
        Scenario.ClearWhen c = when();
        return c.clearAfter() != null && !now.isBefore(injectedAt.plus(c.clearAfter()))
                || c.cordoned() && n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())
                || c.fieldNot() != null && FaultConditions.metOnObject(this, n);
    }

    @Override
    public String toString() {
        return fault.type().yamlName() + " on " + fault.target() + " in " + run.namespace;
    }
}
