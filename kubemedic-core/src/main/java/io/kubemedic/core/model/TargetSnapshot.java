package io.kubemedic.core.model;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
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
 * @param target            the workload (Deployment, StatefulSet, DaemonSet, a ReplicaSet without Deployment, a Job,
 *                          or any other controller kind, named by its owner reference), a bare Pod, or a Node
 * @param namespace         the target's Namespace object (for annotations such as kubemedic.io/paused), or null
 * @param deployment        set when the target is a Deployment
 * @param statefulSet       set when the target is a StatefulSet
 * @param daemonSet         set when the target is a DaemonSet
 * @param job               set when the target is a Job
 * @param replicaSets       the Deployment's ReplicaSets (all revisions), or the target ReplicaSet
 * @param pods              the pods of the target (for a Node: the pods scheduled on it)
 * @param events            recent events whose involvedObject is the target or one of its pods
 * @param node              set when the target is a Node
 * @param nodes             all nodes in scope (for scheduling arithmetic); may be empty
 * @param podMetrics        pod name to metrics; empty when metrics are unavailable
 * @param metricsAvailable  whether metrics.k8s.io answered at all
 * @param limitRanges       LimitRanges of the namespace
 * @param resourceQuotas    ResourceQuotas of the namespace
 * @param disruptionBudgets PodDisruptionBudgets of the namespace
 * @param autoscalers       HorizontalPodAutoscalers whose scaleTargetRef is the target
 * @param pullSecrets       image pull secret name to whether it exists in the namespace
 * @param cluster           facts about the cluster and about how far this snapshot can be trusted
 */
public record TargetSnapshot(ResourceRef target, Instant observedAt, Namespace namespace,
                             Deployment deployment, StatefulSet statefulSet, DaemonSet daemonSet, Job job,
                             List<ReplicaSet> replicaSets, List<Pod> pods, List<Event> events, Node node, List<Node> nodes,
                             Map<String, PodMetrics> podMetrics, boolean metricsAvailable,
                             List<LimitRange> limitRanges, List<ResourceQuota> resourceQuotas,
                             List<PodDisruptionBudget> disruptionBudgets, List<HorizontalPodAutoscaler> autoscalers,
                             Map<String, Boolean> pullSecrets, ClusterFacts cluster) {

    /**
     * What the snapshot says about the cluster as a whole and about itself.
     *
     * @param serverMajor  the API server's major version (1), 0 when unknown
     * @param serverMinor  the API server's minor version (20 for v1.20.2), 0 when unknown
     * @param clusterScope Kubemedic watches the whole cluster (no namespace allow-list): only then may it act on
     *                     cluster-scoped objects such as Nodes
     * @param unreadable   inputs a decision may rest on that could not be read, each named for a human (e.g.
     *                     "namespace shop: 403 Forbidden", "Pod informer not in sync"); guards HOLD while any is listed
     */
    public record ClusterFacts(int serverMajor, int serverMinor, boolean clusterScope, List<String> unreadable) {

        public ClusterFacts {
            unreadable = unreadable == null ? List.of() : List.copyOf(unreadable);
        }

        /** Unknown version, cluster scope, everything readable: what tests and fixtures usually want. */
        public static ClusterFacts unknown() {
            return new ClusterFacts(0, 0, true, List.of());
        }

        /** True when the server is known to be at least {@code major.minor}. */
        public boolean atLeast(int major, int minor) {
            return serverMajor > major || serverMajor == major && serverMinor >= minor;
        }

        public String version() {
            return serverMajor == 0 ? "unknown" : serverMajor + "." + serverMinor;
        }
    }

    public TargetSnapshot {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(observedAt, "observedAt");
        replicaSets = replicaSets == null ? List.of() : List.copyOf(replicaSets);
        pods = pods == null ? List.of() : List.copyOf(pods);
        events = events == null ? List.of() : List.copyOf(events);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        podMetrics = podMetrics == null ? Map.of() : Map.copyOf(podMetrics);
        limitRanges = limitRanges == null ? List.of() : List.copyOf(limitRanges);
        resourceQuotas = resourceQuotas == null ? List.of() : List.copyOf(resourceQuotas);
        disruptionBudgets = disruptionBudgets == null ? List.of() : List.copyOf(disruptionBudgets);
        autoscalers = autoscalers == null ? List.of() : List.copyOf(autoscalers);
        pullSecrets = pullSecrets == null ? Map.of() : Map.copyOf(pullSecrets);
        cluster = cluster == null ? ClusterFacts.unknown() : cluster;
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
            case ResourceRef.DAEMON_SET -> daemonSet == null;
            case ResourceRef.NODE -> node == null;
            case ResourceRef.JOB -> job == null && pods.isEmpty();
            default -> pods.isEmpty();
        };
    }

    /** The pod template of the owning workload, if the target has one. */
    public Optional<PodTemplateSpec> podTemplate() {
        if (deployment != null && deployment.getSpec() != null) {
            return Optional.ofNullable(deployment.getSpec().getTemplate());
        }
        if (statefulSet != null && statefulSet.getSpec() != null) {
            return Optional.ofNullable(statefulSet.getSpec().getTemplate());
        }
        if (daemonSet != null && daemonSet.getSpec() != null) {
            return Optional.ofNullable(daemonSet.getSpec().getTemplate());
        }
        if (job != null && job.getSpec() != null) {
            return Optional.ofNullable(job.getSpec().getTemplate());
        }
        return Optional.empty();
    }

    /**
     * Desired replicas of the workload: spec.replicas of a Deployment or StatefulSet (1 when unset, as the API server
     * defaults it), the nodes a DaemonSet should run on, or the number of pods for anything else.
     */
    public int desiredReplicas() {
        if (deployment != null && deployment.getSpec() != null) {
            return deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        }
        if (statefulSet != null && statefulSet.getSpec() != null) {
            return statefulSet.getSpec().getReplicas() == null ? 1 : statefulSet.getSpec().getReplicas();
        }
        if (daemonSet != null && daemonSet.getStatus() != null && daemonSet.getStatus().getDesiredNumberScheduled() != null) {
            return daemonSet.getStatus().getDesiredNumberScheduled();
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
        private DaemonSet daemonSet;
        private Job job;
        private List<ReplicaSet> replicaSets = List.of();
        private List<Pod> pods = List.of();
        private List<Event> events = List.of();
        private Node node;
        private List<Node> nodes = List.of();
        private Map<String, PodMetrics> podMetrics = Map.of();
        private boolean metricsAvailable;
        private List<LimitRange> limitRanges = List.of();
        private List<ResourceQuota> resourceQuotas = List.of();
        private List<PodDisruptionBudget> disruptionBudgets = List.of();
        private List<HorizontalPodAutoscaler> autoscalers = List.of();
        private Map<String, Boolean> pullSecrets = Map.of();
        private ClusterFacts cluster = ClusterFacts.unknown();

        private Builder(ResourceRef target, Instant observedAt) {
            this.target = target;
            this.observedAt = observedAt;
        }

        public Builder namespace(Namespace v) { this.namespace = v; return this; }
        public Builder deployment(Deployment v) { this.deployment = v; return this; }
        public Builder statefulSet(StatefulSet v) { this.statefulSet = v; return this; }
        public Builder daemonSet(DaemonSet v) { this.daemonSet = v; return this; }
        public Builder job(Job v) { this.job = v; return this; }
        public Builder replicaSets(List<ReplicaSet> v) { this.replicaSets = v; return this; }
        public Builder pods(List<Pod> v) { this.pods = v; return this; }
        public Builder events(List<Event> v) { this.events = v; return this; }
        public Builder node(Node v) { this.node = v; return this; }
        public Builder nodes(List<Node> v) { this.nodes = v; return this; }
        public Builder podMetrics(Map<String, PodMetrics> v, boolean available) { this.podMetrics = v; this.metricsAvailable = available; return this; }
        public Builder limitRanges(List<LimitRange> v) { this.limitRanges = v; return this; }
        public Builder resourceQuotas(List<ResourceQuota> v) { this.resourceQuotas = v; return this; }
        public Builder disruptionBudgets(List<PodDisruptionBudget> v) { this.disruptionBudgets = v; return this; }
        public Builder autoscalers(List<HorizontalPodAutoscaler> v) { this.autoscalers = v; return this; }
        public Builder pullSecrets(Map<String, Boolean> v) { this.pullSecrets = v; return this; }
        public Builder cluster(ClusterFacts v) { this.cluster = v; return this; }

        public TargetSnapshot build() {
            return new TargetSnapshot(target, observedAt, namespace, deployment, statefulSet, daemonSet, job, replicaSets, pods,
                    events, node, nodes, podMetrics, metricsAvailable, limitRanges, resourceQuotas, disruptionBudgets,
                    autoscalers, pullSecrets, cluster);
        }
    }
}
