package io.kubemedic.core.model;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the pure core may know about one target, read from the cluster at one moment.
 * The kube layer builds it; diagnosers, the planner, guards and expectations only read it.
 *
 * @param target          the workload (Deployment, StatefulSet), a bare Pod, or a Node
 * @param namespace       the target's Namespace object (for annotations such as kubemedic.io/paused), or null
 * @param deployment      set when the target is a Deployment
 * @param statefulSet     set when the target is a StatefulSet
 * @param replicaSets     the Deployment's ReplicaSets (all revisions), newest revision last
 * @param pods            the pods of the target (for a Node: the pods scheduled on it)
 * @param events          recent events whose involvedObject is the target or one of its pods
 * @param node            set when the target is a Node
 * @param nodes           all nodes (for scheduling arithmetic); may be empty
 * @param podMetrics      pod name to metrics; empty when metrics are unavailable
 * @param metricsAvailable whether metrics.k8s.io answered at all
 * @param limitRanges     LimitRanges of the namespace
 * @param disruptionBudgets PodDisruptionBudgets of the namespace
 * @param pullSecrets     image pull secret name to whether it exists in the namespace
 */
public record TargetSnapshot(ResourceRef target, Instant observedAt, Namespace namespace,
                             Deployment deployment, StatefulSet statefulSet, List<ReplicaSet> replicaSets,
                             List<Pod> pods, List<Event> events, Node node, List<Node> nodes,
                             Map<String, PodMetrics> podMetrics, boolean metricsAvailable,
                             List<LimitRange> limitRanges, List<PodDisruptionBudget> disruptionBudgets,
                             Map<String, Boolean> pullSecrets) {

    public TargetSnapshot {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(observedAt, "observedAt");
        replicaSets = replicaSets == null ? List.of() : List.copyOf(replicaSets);
        pods = pods == null ? List.of() : List.copyOf(pods);
        events = events == null ? List.of() : List.copyOf(events);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        podMetrics = podMetrics == null ? Map.of() : Map.copyOf(podMetrics);
        limitRanges = limitRanges == null ? List.of() : List.copyOf(limitRanges);
        disruptionBudgets = disruptionBudgets == null ? List.of() : List.copyOf(disruptionBudgets);
        pullSecrets = pullSecrets == null ? Map.of() : Map.copyOf(pullSecrets);
    }

    /** A snapshot builder, so tests and the observer only set what they have. */
    public static Builder builder(ResourceRef target, Instant observedAt) {
        return new Builder(target, observedAt);
    }

    /** True when the target no longer exists (deleted while queued). */
    public boolean gone() {
        return switch (target.kind()) {
            case ResourceRef.DEPLOYMENT -> deployment == null;
            case ResourceRef.STATEFUL_SET -> statefulSet == null;
            case ResourceRef.NODE -> node == null;
            default -> pods.isEmpty();
        };
    }

    /** The pod template of the owning workload, if the target has one. */
    public Optional<io.fabric8.kubernetes.api.model.PodTemplateSpec> podTemplate() {
        if (deployment != null && deployment.getSpec() != null) {
            return Optional.ofNullable(deployment.getSpec().getTemplate());
        }
        if (statefulSet != null && statefulSet.getSpec() != null) {
            return Optional.ofNullable(statefulSet.getSpec().getTemplate());
        }
        return Optional.empty();
    }

    /** Desired replicas of the workload, or the number of pods for a bare pod. */
    public int desiredReplicas() {
        if (deployment != null && deployment.getSpec() != null && deployment.getSpec().getReplicas() != null) {
            return deployment.getSpec().getReplicas();
        }
        if (statefulSet != null && statefulSet.getSpec() != null && statefulSet.getSpec().getReplicas() != null) {
            return statefulSet.getSpec().getReplicas();
        }
        return pods.size();
    }

    public Optional<Pod> pod(String name) {
        return pods.stream().filter(p -> name.equals(p.getMetadata().getName())).findFirst();
    }

    public static final class Builder {
        private final ResourceRef target;
        private final Instant observedAt;
        private Namespace namespace;
        private Deployment deployment;
        private StatefulSet statefulSet;
        private List<ReplicaSet> replicaSets = List.of();
        private List<Pod> pods = List.of();
        private List<Event> events = List.of();
        private Node node;
        private List<Node> nodes = List.of();
        private Map<String, PodMetrics> podMetrics = Map.of();
        private boolean metricsAvailable;
        private List<LimitRange> limitRanges = List.of();
        private List<PodDisruptionBudget> disruptionBudgets = List.of();
        private Map<String, Boolean> pullSecrets = Map.of();

        private Builder(ResourceRef target, Instant observedAt) {
            this.target = target;
            this.observedAt = observedAt;
        }

        public Builder namespace(Namespace v) { this.namespace = v; return this; }
        public Builder deployment(Deployment v) { this.deployment = v; return this; }
        public Builder statefulSet(StatefulSet v) { this.statefulSet = v; return this; }
        public Builder replicaSets(List<ReplicaSet> v) { this.replicaSets = v; return this; }
        public Builder pods(List<Pod> v) { this.pods = v; return this; }
        public Builder events(List<Event> v) { this.events = v; return this; }
        public Builder node(Node v) { this.node = v; return this; }
        public Builder nodes(List<Node> v) { this.nodes = v; return this; }
        public Builder podMetrics(Map<String, PodMetrics> v, boolean available) { this.podMetrics = v; this.metricsAvailable = available; return this; }
        public Builder limitRanges(List<LimitRange> v) { this.limitRanges = v; return this; }
        public Builder disruptionBudgets(List<PodDisruptionBudget> v) { this.disruptionBudgets = v; return this; }
        public Builder pullSecrets(Map<String, Boolean> v) { this.pullSecrets = v; return this; }

        public TargetSnapshot build() {
            return new TargetSnapshot(target, observedAt, namespace, deployment, statefulSet, replicaSets, pods, events,
                    node, nodes, podMetrics, metricsAvailable, limitRanges, disruptionBudgets, pullSecrets);
        }
    }
}
