package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.Node;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps Kubemedic inside the namespaces it was given: outside a non-empty {@code namespaces.allow} nothing is touched,
 * and {@code namespaces.deny} (kube-system by default) is off limits even when the allow list names the namespace, except
 * the built-in kube-system entry, which naming it in the allow list lifts.
 * Both the target's and the workload's namespace are checked. Cluster-scoped targets (Nodes) need cluster scope:
 * a run restricted to namespaces never touches a node, however broken it is, and a node outside {@code nodes.selector}
 * is never touched either (checked here on the node's labels, not only trusted to the server's watch filter).
 */
public final class NamespaceGuard implements Guard {

    @Override
    public String name() {
        return "namespace";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        KubemedicConfig config = context.config();
        if ((step.target().namespace() == null || step.workload().namespace() == null) && !config.clusterScope()) {
            return GuardVerdict.of(Decision.DENY, Reason.CLUSTER_SCOPE_REQUIRED, step.target() + " is cluster-scoped and this run"
                    + " is restricted to namespaces " + config.allowedNamespaces() + ": it never acts on it", name());
        }
        if (step.target().namespace() == null && !config.nodesSelector().isEmpty()) {
            Node node = context.snapshot() == null ? null : context.snapshot().node();
            if (node == null || !config.nodesSelector().matches(node.getMetadata().getLabels())) {
                return GuardVerdict.of(Decision.DENY, Reason.NODE_NOT_SELECTED, step.target() + (node == null ? " is not in the cache, so it cannot"
                        + " be checked against" : " does not match") + " nodes.selector '" + config.nodesSelector() + "': it is never acted on", name());
            }
        }
        List<String> allowed = config.allowedNamespaces();
        Set<String> namespaces = new LinkedHashSet<>();
        namespaces.add(step.workload().namespace());
        namespaces.add(step.target().namespace());
        namespaces.remove(null);
        for (String namespace : namespaces) {
            if (config.namespaceDenied(namespace)) {
                return GuardVerdict.of(Decision.DENY, Reason.NAMESPACE_DENIED, "namespace " + namespace + " is in namespaces.deny "
                        + config.deniedNamespaces() + (allowed.contains(namespace) ? " (the stricter setting wins over namespaces.allow)" : ""), name());
            }
            if (!allowed.isEmpty() && !allowed.contains(namespace)) {
                return GuardVerdict.of(Decision.DENY, Reason.NAMESPACE_NOT_ALLOWED,
                        "namespace " + namespace + " is not in namespaces.allow " + allowed, name());
            }
        }
        return GuardVerdict.allow();
    }
}
