package io.kubemedic.kube.observe;

import io.kubemedic.core.model.ResourceRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Names every input of a snapshot that cannot be trusted now, for {@code ClusterFacts.unreadable}: a cache whose
 * informer has not synced or has lost its watch (an outage, a 403), the target's Namespace when its cache is not in
 * sync (so a {@code kubemedic.io/paused} namespace is never read as "not paused"), the disruption budgets before
 * the server has said which policy version it serves. Guards HOLD while anything is listed: failing closed.
 */
final class Unreadable {

    private Unreadable() {
    }

    static List<String> of(Informers in, ResourceRef target) {
        List<String> out = new ArrayList<>();
        if (target.isNamespaced()) {
            String ns = target.namespace();
            for (KindCache<?> cache : List.of(in.pods, in.replicaSets, in.deployments, in.statefulSets, in.daemonSets, in.jobs,
                    in.events, in.limitRanges, in.resourceQuotas, in.autoscalers)) {
                check(out, cache, ns);
            }
            KindCache<?> budgets = in.disruptionBudgetCache();
            if (budgets == null) {
                out.add("PodDisruptionBudget informer not started: the server's policy version is not known yet");
            } else {
                check(out, budgets, ns);
            }
            if (!in.namespaces.inSync(ns)) {
                out.add("namespace " + ns + ": " + in.namespaces.whyNotInSync(ns));
            }
        } else {
            check(out, in.pods, null);
            check(out, in.events, null);
        }
        if (in.nodes != null) {
            check(out, in.nodes, null);
        }
        return out;
    }

    private static void check(List<String> out, KindCache<?> cache, String namespace) {
        boolean ok = namespace == null ? cache.inSync() : cache.inSync(namespace);
        if (!ok) {
            out.add(cache.kind() + " informer not in sync: " + cache.whyNotInSync(namespace));
        }
    }
}
