package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Node;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.List;
import java.util.Map;

/** A node whose Ready condition is False or Unknown. */
public final class NodeNotReadyDiagnoser implements Diagnoser {

    @Override
    public String name() {
        return "node-not-ready";
    }

    @Override
    public boolean forNodes() {
        return true;
    }

    @Override
    public List<Finding> diagnose(TargetSnapshot snapshot) {
        Node n = snapshot.node();
        if (n == null || n.getStatus() == null || n.getStatus().getConditions() == null) {
            return List.of();
        }
        return n.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()) && !"True".equals(c.getStatus()))
                .findFirst()
                .map(c -> List.of(new Finding(FindingType.NODE_NOT_READY, Severity.CRITICAL, snapshot.target(), null,
                        "node " + n.getMetadata().getName() + " is NotReady (" + c.getStatus() + ", " + PodFacts.nullToEmpty(c.getReason())
                                + ") with " + snapshot.pods().size() + " pod(s) on it",
                        Map.of("status", PodFacts.nullToEmpty(c.getStatus()), "reason", PodFacts.nullToEmpty(c.getReason()),
                                "since", PodFacts.nullToEmpty(c.getLastTransitionTime()), "podsOnNode", String.valueOf(snapshot.pods().size())),
                        "check the kubelet and the node's network; cordon it so nothing new lands there")))
                .orElse(List.of());
    }
}
