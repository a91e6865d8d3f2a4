package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubemedic.core.config.LabelQuery;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.Ownership;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shared informers the observer reads from, scoped to what Kubemedic may see: the allowed namespaces (or all),
 * each allowed Namespace object by name, and Nodes only with cluster scope (filtered by {@code nodes.selector} on the
 * server). Indexes: pods by controller owner ({@code Kind/ns/name}) and by node, ReplicaSets by controller uid, events
 * by involved object. Built first, started second, so no event handler ever sees a half-built observer.
 */
final class Informers implements AutoCloseable {

    static final String BY_CONTROLLER = "controller";
    static final String BY_OWNER_UID = "owner";
    static final String BY_NODE = "node";
    static final String BY_INVOLVED = "involved";
    private static final KubernetesSerialization CONVERT = new KubernetesSerialization();

    private final KubernetesClient client;
    private final List<String> allowed;
    final KindCache<Pod> pods;
    final KindCache<ReplicaSet> replicaSets;
    final KindCache<Deployment> deployments;
    final KindCache<StatefulSet> statefulSets;
    final KindCache<DaemonSet> daemonSets;
    final KindCache<Job> jobs;
    final KindCache<Event> events;
    final KindCache<LimitRange> limitRanges;
    final KindCache<ResourceQuota> resourceQuotas;
    final KindCache<HorizontalPodAutoscaler> autoscalers;
    final KindCache<Namespace> namespaces;
    /** Null without cluster scope: a namespaced run neither watches nor acts on nodes. */
    final KindCache<Node> nodes;
    /** policy/v1, or policy/v1beta1 before Kubernetes 1.21; null until discovery has said which. */
    private volatile KindCache<? extends HasMetadata> disruptionBudgets;

    Informers(KubernetesClient client, KubemedicConfig config, long resyncMillis, ResourceEventHandler<HasMetadata> handler) {
        this.client = client;
        this.allowed = config.allowedNamespaces();
        pods = KindCache.of("Pod", allowed, ns -> ns == null ? client.pods().inAnyNamespace() : client.pods().inNamespace(ns),
                Map.of(BY_CONTROLLER, Informers::controllerKey, BY_NODE, p -> p.getSpec() == null || p.getSpec().getNodeName() == null
                        ? List.of() : List.of(p.getSpec().getNodeName())), handler, resyncMillis);
        replicaSets = KindCache.of("ReplicaSet", allowed, ns -> ns == null ? client.apps().replicaSets().inAnyNamespace()
                : client.apps().replicaSets().inNamespace(ns), Map.of(BY_OWNER_UID, Informers::controllerUid), handler, 0);
        deployments = KindCache.of("Deployment", allowed, ns -> ns == null ? client.apps().deployments().inAnyNamespace()
                : client.apps().deployments().inNamespace(ns), Map.of(), handler, resyncMillis);
        statefulSets = KindCache.of("StatefulSet", allowed, ns -> ns == null ? client.apps().statefulSets().inAnyNamespace()
                : client.apps().statefulSets().inNamespace(ns), Map.of(), handler, resyncMillis);
        daemonSets = KindCache.of("DaemonSet", allowed, ns -> ns == null ? client.apps().daemonSets().inAnyNamespace()
                : client.apps().daemonSets().inNamespace(ns), Map.of(), handler, resyncMillis);
        jobs = KindCache.of("Job", allowed, ns -> ns == null ? client.batch().v1().jobs().inAnyNamespace()
                : client.batch().v1().jobs().inNamespace(ns), Map.of(), handler, resyncMillis);
        events = KindCache.of("Event", allowed, ns -> ns == null ? client.v1().events().inAnyNamespace() : client.v1().events().inNamespace(ns),
                Map.of(BY_INVOLVED, e -> e.getInvolvedObject() == null ? List.of() : List.of(involvedKey(e.getInvolvedObject().getKind(),
                        e.getInvolvedObject().getNamespace(), e.getInvolvedObject().getName()))), handler, 0);
        limitRanges = KindCache.of("LimitRange", allowed, ns -> ns == null ? client.limitRanges().inAnyNamespace()
                : client.limitRanges().inNamespace(ns), Map.of(), null, 0);
        resourceQuotas = KindCache.of("ResourceQuota", allowed, ns -> ns == null ? client.resourceQuotas().inAnyNamespace()
                : client.resourceQuotas().inNamespace(ns), Map.of(), null, 0);
        autoscalers = KindCache.of("HorizontalPodAutoscaler", allowed, ns -> ns == null
                ? client.autoscaling().v1().horizontalPodAutoscalers().inAnyNamespace()
                : client.autoscaling().v1().horizontalPodAutoscalers().inNamespace(ns), Map.of(), handler, 0);
        namespaces = KindCache.of("Namespace", allowed, name -> name == null ? client.namespaces()
                : client.namespaces().withField("metadata.name", name), Map.of(), handler, 0);
        LabelQuery selector = config.nodesSelector();
        nodes = config.clusterScope() ? KindCache.of("Node", List.of(), x -> selector.isEmpty() ? client.nodes()
                : client.nodes().withLabelSelector(selector.toString()), Map.of(), handler, resyncMillis) : null;
    }

    void start() {
        all().forEach(KindCache::start);
    }

    /**
     * Starts the disruption budget informer in the version the server serves (1.20 serves only policy/v1beta1,
     * 1.25+ only policy/v1). Called once discovery has answered.
     */
    synchronized void startDisruptionBudgets(boolean policyV1) {
        if (disruptionBudgets != null) {
            return;
        }
        KindCache<? extends HasMetadata> cache = policyV1
                ? KindCache.of("PodDisruptionBudget", allowed, ns -> ns == null ? client.policy().v1().podDisruptionBudget().inAnyNamespace()
                        : client.policy().v1().podDisruptionBudget().inNamespace(ns), Map.of(), null, 0)
                : KindCache.of("PodDisruptionBudget", allowed, ns -> ns == null ? client.policy().v1beta1().podDisruptionBudget().inAnyNamespace()
                        : client.policy().v1beta1().podDisruptionBudget().inNamespace(ns), Map.of(), null, 0);
        cache.start();
        disruptionBudgets = cache;
    }

    /** The namespace's disruption budgets in the policy/v1 model, whichever version the server serves. */
    List<PodDisruptionBudget> disruptionBudgets(String namespace) {
        KindCache<? extends HasMetadata> cache = disruptionBudgets;
        return cache == null ? List.of() : cache.inNamespace(namespace).stream()
                .map(b -> b instanceof PodDisruptionBudget v1 ? v1 : CONVERT.convertValue(b, PodDisruptionBudget.class)).toList();
    }

    /** The caches the engine cannot decide without: pods and every workload kind that owns them. */
    List<KindCache<?>> essential() {
        return List.of(pods, replicaSets, deployments, statefulSets, daemonSets, jobs);
    }

    /** Every cache, for status and closing; the disruption budgets only once started. */
    List<KindCache<?>> all() {
        List<KindCache<?>> all = new ArrayList<>(essential());
        all.addAll(List.of(events, limitRanges, resourceQuotas, autoscalers, namespaces));
        if (nodes != null) {
            all.add(nodes);
        }
        if (disruptionBudgets != null) {
            all.add(disruptionBudgets);
        }
        return all;
    }

    /** The disruption budget cache, or null while the server's policy version is not known. */
    KindCache<? extends HasMetadata> disruptionBudgetCache() {
        return disruptionBudgets;
    }

    static String involvedKey(String kind, String namespace, String name) {
        return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    /** {@code Kind/namespace/name} of the object's controller, the key that finds a controller's pods. */
    static List<String> controllerKey(HasMetadata o) {
        return Ownership.controller(o).map(c -> List.of(involvedKey(c.getKind(), o.getMetadata().getNamespace(), c.getName())))
                .orElse(List.of());
    }

    static List<String> controllerUid(HasMetadata o) {
        return Ownership.controller(o).map(OwnerReference::getUid).filter(Objects::nonNull).map(List::of).orElse(List.of());
    }

    @Override
    public void close() {
        all().forEach(KindCache::close);
    }
}
