package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The default scheduler's filters in the order it runs them (unschedulable, taints, node selector and required
 * node affinity including a DaemonSet pod's {@code matchFields metadata.name}, resources), its "least allocated"
 * choice, and its message when nothing fits ("0/3 nodes are available: 3 Insufficient cpu.").
 */
final class Placement {

    private final Map<String, BigDecimal[]> used = new HashMap<>();

    Placement(ClusterView view) {
        for (Pod p : view.pods()) {
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if (p.getSpec().getNodeName() != null && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                assume(p, p.getSpec().getNodeName());
            }
        }
    }

    void assume(Pod pod, String node) {
        BigDecimal[] u = used.computeIfAbsent(node, n -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
        u[0] = u[0].add(SandboxPods.request(pod, "cpu"));
        u[1] = u[1].add(SandboxPods.request(pod, "memory"));
        u[2] = u[2].add(BigDecimal.ONE);
    }

    Optional<Node> choose(Pod pod, List<Node> candidates) {
        return candidates.stream().filter(n -> failure(pod, n) == null)
                .min(Comparator.comparing((Node n) -> usage(n.getMetadata().getName())[2]).thenComparing(n -> n.getMetadata().getName()));
    }

    /** The scheduler's message for a pod no candidate takes. */
    String why(Pod pod, List<Node> candidates) {
        Map<String, Integer> reasons = new TreeMap<>();
        candidates.forEach(n -> reasons.merge(Objects.requireNonNull(failure(pod, n)), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        reasons.forEach((reason, count) -> parts.add(count + " " + reason));
        return "0/" + candidates.size() + " nodes are available" + (parts.isEmpty() ? "" : ": " + String.join(", ", parts)) + ".";
    }

    /** Why the node does not take the pod, or null when it does. */
    String failure(Pod pod, Node node) {
        boolean daemon = SandboxPods.controller(pod).map(o -> "DaemonSet".equals(o.getKind())).orElse(false);
        for (Taint t : taints(node)) {
            if (("NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect())) && !tolerated(pod, t, daemon)) {
                return "node.kubernetes.io/unschedulable".equals(t.getKey()) ? "node(s) were unschedulable"
                        : "node(s) had taint {" + t.getKey() + ": " + Objects.toString(t.getValue(), "") + "}, that the pod didn't tolerate";
            }
        }
        if (!selects(pod, node)) {
            return "node(s) didn't match node selector";
        }
        BigDecimal[] u = usage(node.getMetadata().getName());
        Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null ? Map.of() : node.getStatus().getAllocatable();
        if (exceeds(allocatable.get("cpu"), u[0].add(SandboxPods.request(pod, "cpu")))) {
            return "Insufficient cpu";
        }
        if (exceeds(allocatable.get("memory"), u[1].add(SandboxPods.request(pod, "memory")))) {
            return "Insufficient memory";
        }
        return exceeds(allocatable.get("pods"), u[2].add(BigDecimal.ONE)) ? "Too many pods" : null;
    }

    private BigDecimal[] usage(String node) {
        return used.getOrDefault(node, new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
    }

    private static boolean exceeds(Quantity capacity, BigDecimal wanted) {
        return capacity != null && Quantity.getAmountInBytes(capacity).compareTo(wanted) < 0;
    }

    /** The node's taints, plus the ones a real node lifecycle controller adds for NotReady and cordoned nodes. */
    private static List<Taint> taints(Node node) {
        List<Taint> out = new ArrayList<>(node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints());
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            out.addFirst(new TaintBuilder().withKey("node.kubernetes.io/unschedulable").withEffect("NoSchedule").build());
        }
        if (!Nodes.ready(node)) {
            out.add(new TaintBuilder().withKey("node.kubernetes.io/not-ready").withEffect("NoSchedule").build());
        }
        return out;
    }

    private static boolean tolerated(Pod pod, Taint t, boolean daemon) {
        if (daemon && t.getKey() != null && t.getKey().startsWith("node.kubernetes.io/")) {
            return true; // the DaemonSet controller gives its pods these tolerations
        }
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
        return tolerations.stream().anyMatch(x -> (x.getEffect() == null || x.getEffect().isEmpty() || x.getEffect().equals(t.getEffect()))
                && (x.getKey() == null || x.getKey().isEmpty() ? "Exists".equals(x.getOperator()) : x.getKey().equals(t.getKey())
                && ("Exists".equals(x.getOperator()) || Objects.equals(Objects.toString(x.getValue(), ""), Objects.toString(t.getValue(), "")))));
    }

    private static boolean selects(Pod pod, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, String> selector = pod.getSpec().getNodeSelector() == null ? Map.of() : pod.getSpec().getNodeSelector();
        if (!selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return true;
        }
        List<NodeSelectorTerm> terms = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        return terms == null || terms.isEmpty() || terms.stream().anyMatch(term -> matches(term, node, labels));
    }

    private static boolean matches(NodeSelectorTerm term, Node node, Map<String, String> labels) {
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
        List<NodeSelectorRequirement> expressions = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
        return fields.stream().allMatch(r -> matches(r, "metadata.name".equals(r.getKey()) ? node.getMetadata().getName() : null))
                && expressions.stream().allMatch(r -> matches(r, labels.get(r.getKey())));
    }

    private static boolean matches(NodeSelectorRequirement r, String value) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }
}
