package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

/**
 * Whether a daemon pod fits a node, by the DaemonSet controller's predicates: nodeSelector, required node affinity
 * (labels and the {@code metadata.name} field) and taints with NoSchedule/NoExecute effect against the pod's
 * tolerations ({@code v1helper.TolerationsTolerateTaint}).
 */
final class Tolerations {

    private Tolerations() {
    }

    /** Node selector and required node affinity. */
    static boolean matchesNode(PodSpec spec, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        if (spec.getNodeSelector() != null && !spec.getNodeSelector().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        var affinity = spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null ? null
                : spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (affinity == null || affinity.getNodeSelectorTerms() == null || affinity.getNodeSelectorTerms().isEmpty()) {
            return true;
        }
        return affinity.getNodeSelectorTerms().stream().anyMatch(t -> term(t, labels, node.getMetadata().getName()));
    }

    private static boolean term(NodeSelectorTerm t, Map<String, String> labels, String name) {
        List<NodeSelectorRequirement> exprs = t.getMatchExpressions() == null ? List.of() : t.getMatchExpressions();
        List<NodeSelectorRequirement> fields = t.getMatchFields() == null ? List.of() : t.getMatchFields();
        if (exprs.isEmpty() && fields.isEmpty()) {
            return false; // an empty term matches nothing
        }
        return exprs.stream().allMatch(r -> requirement(r, labels.get(r.getKey()), labels.containsKey(r.getKey())))
                && fields.stream().allMatch(r -> "metadata.name".equals(r.getKey()) && requirement(r, name, true));
    }

    private static boolean requirement(NodeSelectorRequirement r, String value, boolean present) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator()) {
            case "In" -> present && values.contains(value);
            case "NotIn" -> !present || !values.contains(value);
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            case "Gt" -> present && values.size() == 1 && Long.parseLong(value) > Long.parseLong(values.getFirst());
            case "Lt" -> present && values.size() == 1 && Long.parseLong(value) < Long.parseLong(values.getFirst());
            default -> false;
        };
    }

    /** Every NoSchedule/NoExecute taint of the node (with {@code onlyNoExecute}, only those) is tolerated. */
    static boolean toleratesTaints(PodSpec spec, Node node, boolean onlyNoExecute) {
        List<Toleration> tolerations = spec.getTolerations() == null ? List.of() : spec.getTolerations();
        return taints(node).stream()
                .filter(t -> "NoExecute".equals(t.getEffect()) || (!onlyNoExecute && "NoSchedule".equals(t.getEffect())))
                .allMatch(t -> tolerations.stream().anyMatch(tol -> tolerates(tol, t)));
    }

    /**
     * The node's taints, plus the NoSchedule taints a real node lifecycle controller adds (TaintNodesByCondition),
     * which the sandbox has no process for: {@code unschedulable} when cordoned, {@code not-ready} when Ready is
     * False, {@code unreachable} when it is Unknown.
     */
    static List<Taint> taints(Node node) {
        List<Taint> taints = new java.util.ArrayList<>(node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints());
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            addIfMissing(taints, "node.kubernetes.io/unschedulable");
        }
        String ready = node.getStatus() == null || node.getStatus().getConditions() == null ? null : node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType())).map(c -> c.getStatus()).findFirst().orElse(null);
        if ("False".equals(ready)) {
            addIfMissing(taints, "node.kubernetes.io/not-ready");
        } else if ("Unknown".equals(ready)) {
            addIfMissing(taints, "node.kubernetes.io/unreachable");
        }
        return taints;
    }

    private static void addIfMissing(List<Taint> taints, String key) {
        if (taints.stream().noneMatch(t -> key.equals(t.getKey()) && "NoSchedule".equals(t.getEffect()))) {
            taints.add(new io.fabric8.kubernetes.api.model.TaintBuilder().withKey(key).withEffect("NoSchedule").build());
        }
    }

    static boolean tolerates(Toleration tol, Taint taint) {
        if (tol.getEffect() != null && !tol.getEffect().isEmpty() && !tol.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (tol.getKey() == null || tol.getKey().isEmpty()) {
            return "Exists".equals(tol.getOperator());
        }
        if (!tol.getKey().equals(taint.getKey())) {
            return false;
        }
        return "Exists".equals(tol.getOperator()) || java.util.Objects.equals(nullToEmpty(tol.getValue()), nullToEmpty(taint.getValue()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
