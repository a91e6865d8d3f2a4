package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Creates the shared informers the observer reads from, scoped to the allowed namespaces, with the indexes the
 * snapshot needs: pods and ReplicaSets by controller owner uid, pods by node, events by involved object.
 */
final class Informers implements AutoCloseable {

    static final String BY_OWNER = "owner";
    static final String BY_NODE = "node";
    static final String BY_INVOLVED = "involved";

    final KindCache<Pod> pods;
    final KindCache<Deployment> deployments;
    final KindCache<ReplicaSet> replicaSets;
    final KindCache<StatefulSet> statefulSets;
    final KindCache<Event> events;
    /** policy/v1 PodDisruptionBudgets, or policy/v1beta1 ones where the server (before 1.21) serves only those. */
    private final KindCache<? extends HasMetadata> disruptionBudgets;
    private static final io.fabric8.kubernetes.client.utils.KubernetesSerialization CONVERT = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
    final KindCache<LimitRange> limitRanges;
    final KindCache<Node> nodes;
    /** Null when Kubemedic is scoped to an allow-list (namespaces are then read one by one). */
    final KindCache<Namespace> namespaces;

    Informers(KubernetesClient client, List<String> allowed, long resyncMillis, ResourceEventHandler<HasMetadata> handler) {
        pods = namespaced("Pod", allowed, ns -> ns == null ? client.pods().inAnyNamespace() : client.pods().inNamespace(ns),
                Map.of(BY_OWNER, Informers::ownerUid, BY_NODE, p -> p.getSpec() == null || p.getSpec().getNodeName() == null
                        ? List.of() : List.of(p.getSpec().getNodeName())), handler, resyncMillis);
        replicaSets = namespaced("ReplicaSet", allowed, ns -> ns == null ? client.apps().replicaSets().inAnyNamespace()
                : client.apps().replicaSets().inNamespace(ns), Map.of(BY_OWNER, Informers::ownerUid), handler, 0);
        deployments = namespaced("Deployment", allowed, ns -> ns == null ? client.apps().deployments().inAnyNamespace()
                : client.apps().deployments().inNamespace(ns), Map.of(), handler, resyncMillis);
        statefulSets = namespaced("StatefulSet", allowed, ns -> ns == null ? client.apps().statefulSets().inAnyNamespace()
                : client.apps().statefulSets().inNamespace(ns), Map.of(), handler, resyncMillis);
        events = namespaced("Event", allowed, ns -> ns == null ? client.v1().events().inAnyNamespace() : client.v1().events().inNamespace(ns),
                Map.of(BY_INVOLVED, e -> e.getInvolvedObject() == null ? List.of() : List.of(involvedKey(e.getInvolvedObject().getKind(),
                        e.getInvolvedObject().getNamespace(), e.getInvolvedObject().getName()))), handler, 0);
        disruptionBudgets = servesPolicyV1(client, allowed)
                ? namespaced("PodDisruptionBudget", allowed, ns -> ns == null
                        ? client.policy().v1().podDisruptionBudget().inAnyNamespace() : client.policy().v1().podDisruptionBudget().inNamespace(ns),
                        Map.of(), null, 0)
                : namespaced("PodDisruptionBudget (policy/v1beta1)", allowed, ns -> ns == null
                        ? client.policy().v1beta1().podDisruptionBudget().inAnyNamespace() : client.policy().v1beta1().podDisruptionBudget().inNamespace(ns),
                        Map.of(), null, 0);
        limitRanges = namespaced("LimitRange", allowed, ns -> ns == null ? client.limitRanges().inAnyNamespace()
                : client.limitRanges().inNamespace(ns), Map.of(), null, 0);
        nodes = new KindCache<>("Node", List.of(start(client.nodes(), Map.of(), handler, resyncMillis)));
        namespaces = allowed.isEmpty() ? new KindCache<>("Namespace", List.of(start(client.namespaces(), Map.of(), null, 0))) : null;
    }

    /** The namespace's disruption budgets in the policy/v1 model, whichever version the server serves. */
    List<PodDisruptionBudget> disruptionBudgets(String namespace) {
        return disruptionBudgets.byIndex("namespace", namespace).stream()
                .map(b -> b instanceof PodDisruptionBudget v1 ? v1 : CONVERT.convertValue(b, PodDisruptionBudget.class)).toList();
    }

    /** Whether policy/v1 PodDisruptionBudgets are served (Kubernetes 1.21+); older servers answer 404. */
    private static boolean servesPolicyV1(KubernetesClient client, List<String> allowed) {
        try {
            var op = client.policy().v1().podDisruptionBudget();
            (allowed.isEmpty() ? op.inAnyNamespace() : op.inNamespace(allowed.getFirst())).list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
            return true;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return e.getCode() != 404;
        }
    }

    /** The caches the engine cannot decide without; the others only enrich a snapshot. */
    boolean essentialSynced() {
        return pods.synced() && deployments.synced() && replicaSets.synced() && statefulSets.synced();
    }

    static String involvedKey(String kind, String namespace, String name) {
        return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    static List<String> ownerUid(HasMetadata o) {
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        if (refs == null) {
            return List.of();
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).map(OwnerReference::getUid).toList();
    }

    private static <T extends HasMetadata> KindCache<T> namespaced(String kind, List<String> allowed,
            Function<String, Informable<T>> source, Map<String, Function<T, List<String>>> indexers,
            ResourceEventHandler<HasMetadata> handler, long resyncMillis) {
        List<SharedIndexInformer<T>> list = new ArrayList<>();
        if (allowed.isEmpty()) {
            list.add(start(source.apply(null), indexers, handler, resyncMillis));
        } else {
            allowed.forEach(ns -> list.add(start(source.apply(ns), indexers, handler, resyncMillis)));
        }
        return new KindCache<>(kind, list);
    }

    private static <T extends HasMetadata> SharedIndexInformer<T> start(Informable<T> source,
            Map<String, Function<T, List<String>>> indexers, ResourceEventHandler<HasMetadata> handler, long resyncMillis) {
        SharedIndexInformer<T> informer = source.runnableInformer(resyncMillis).itemStore(new LeanItemStore<>());
        if (!indexers.isEmpty()) {
            informer.addIndexers(indexers);
        }
        if (handler != null) {
            informer.addEventHandler(handler);
        }
        informer.start();
        return informer;
    }

    List<KindCache<?>> all() {
        List<KindCache<?>> all = new ArrayList<>(List.of(pods, deployments, replicaSets, statefulSets, events, disruptionBudgets, limitRanges, nodes));
        if (namespaces != null) {
            all.add(namespaces);
        }
        return all;
    }

    boolean synced() {
        return all().stream().allMatch(KindCache::synced);
    }

    @Override
    public void close() {
        all().forEach(KindCache::close);
    }
}
