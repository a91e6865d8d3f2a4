package io.kubemedic.app.intake;

import io.kubemedic.core.model.ResourceRef;

import java.util.Map;

/**
 * Which of an alert's labels name its target, by role (namespace, pod, deployment, statefulset, container, node), with
 * the label names configurable ({@code alerts.labels}) for setups that relabel (e.g. {@code exported_pod}). The most
 * specific label wins: a pod over its Deployment, so the evidence stays tied to the pod instance the alert measured.
 */
public record TargetLabels(Map<String, String> roles) {

    /** Where an alert points: the object it names and the container, if any. Names are checked, not looked up. */
    public record Named(ResourceRef subject, String container) {
    }

    public TargetLabels {
        roles = Map.copyOf(roles);
    }

    /** The target an alert's labels name; 422 naming the missing or invalid label when there is none. */
    public Named resolve(Map<String, String> labels) {
        String namespace = labels.get(label("namespace"));
        String node = labels.get(label("node"));
        boolean namespaced = has(labels, "pod") || has(labels, "deployment") || has(labels, "statefulset");
        if (!namespaced && node != null && !node.isBlank()) {
            return new Named(ResourceRef.node(KubeNames.object(node, "label " + label("node"))), null);
        }
        if (!namespaced) {
            throw IntakeException.unprocessable("missing_label", "no label names a target: expected one of '" + label("pod") + "', '"
                    + label("deployment") + "', '" + label("statefulset") + "' (with '" + label("namespace") + "') or '" + label("node") + "'");
        }
        if (namespace == null || namespace.isBlank()) {
            throw IntakeException.unprocessable("missing_label", "label '" + label("namespace") + "' is missing: it is needed to find the target");
        }
        KubeNames.namespace(namespace, "label " + label("namespace"));
        String container = labels.get(label("container"));
        container = container == null || container.isBlank() ? null : KubeNames.container(container, "label " + label("container"));
        if (has(labels, "pod")) {
            return new Named(ResourceRef.pod(namespace, KubeNames.object(labels.get(label("pod")), "label " + label("pod"))), container);
        }
        if (has(labels, "deployment")) {
            return new Named(ResourceRef.deployment(namespace, KubeNames.object(labels.get(label("deployment")), "label " + label("deployment"))), container);
        }
        return new Named(ResourceRef.statefulSet(namespace, KubeNames.object(labels.get(label("statefulset")), "label " + label("statefulset"))), container);
    }

    private boolean has(Map<String, String> labels, String role) {
        String v = labels.get(label(role));
        return v != null && !v.isBlank();
    }

    private String label(String role) {
        return roles.getOrDefault(role, role);
    }
}
