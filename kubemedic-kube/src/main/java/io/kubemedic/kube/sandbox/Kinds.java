package io.kubemedic.kube.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kinds scenario files name by {@code Kind/name} alone: their usual apiVersion, whether they live in a
 * namespace, and the older versions a server may serve instead (kube-apiserver 1.20 has no policy/v1 or batch/v1
 * CronJob; the player creates and reads such objects in the version the server has).
 */
final class Kinds {

    /** Kinds whose pods a fault can target, through their controller chain. */
    static final Set<String> POD_OWNERS = Set.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

    /** Kinds with a pod template at {@code spec.template}. */
    static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

    private static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("Pod", "v1"), Map.entry("ConfigMap", "v1"), Map.entry("Secret", "v1"), Map.entry("Service", "v1"),
            Map.entry("ServiceAccount", "v1"), Map.entry("PersistentVolumeClaim", "v1"), Map.entry("LimitRange", "v1"),
            Map.entry("ResourceQuota", "v1"), Map.entry("Event", "v1"), Map.entry("Namespace", "v1"), Map.entry("Node", "v1"),
            Map.entry("Deployment", "apps/v1"), Map.entry("StatefulSet", "apps/v1"), Map.entry("DaemonSet", "apps/v1"),
            Map.entry("ReplicaSet", "apps/v1"), Map.entry("ControllerRevision", "apps/v1"), Map.entry("Job", "batch/v1"),
            Map.entry("CronJob", "batch/v1"), Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("HorizontalPodAutoscaler", "autoscaling/v1"), Map.entry("Lease", "coordination.k8s.io/v1"),
            Map.entry("PodMetrics", "metrics.k8s.io/v1beta1"));

    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "Node", "PersistentVolume", "ClusterRole",
            "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "StorageClass", "RuntimeClass", "IngressClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "CSIDriver", "CSINode");

    /** Older versions to try, newest first, when a server does not serve the usual one. */
    private static final Map<String, List<String>> FALLBACKS = Map.of(
            "policy/v1 PodDisruptionBudget", List.of("policy/v1beta1"),
            "batch/v1 CronJob", List.of("batch/v1beta1"),
            "autoscaling/v2 HorizontalPodAutoscaler", List.of("autoscaling/v2beta2"));

    private Kinds() {
    }

    /** The usual apiVersion of a kind, or null for a kind scenario files must spell out in full. */
    static String apiVersion(String kind) {
        return API_VERSIONS.get(kind);
    }

    static boolean known(String kind) {
        return API_VERSIONS.containsKey(kind);
    }

    static boolean namespaced(String kind) {
        return !CLUSTER_SCOPED.contains(kind);
    }

    static List<String> fallbacks(String apiVersion, String kind) {
        return FALLBACKS.getOrDefault(apiVersion + " " + kind, List.of());
    }
}
