package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Reads metrics.k8s.io pod metrics on a fixed period (metrics-server itself only refreshes every 15 s), so no API
 * call sits on the reaction path. Metrics changes raise no watch event, so each poll reports the pods whose usage
 * changed, and the engine re-examines their workloads.
 */
final class MetricsPoller {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsPoller.class);

    private final KubernetesClient client;
    private final List<String> namespaces;
    private final Map<String, PodMetrics> byPod = new ConcurrentHashMap<>();
    private volatile boolean available;
    private volatile boolean warned;

    /** {@code namespaces} empty means all namespaces. */
    MetricsPoller(KubernetesClient client, List<String> namespaces) {
        this.client = client;
        this.namespaces = namespaces;
    }

    boolean available() {
        return available;
    }

    PodMetrics get(String namespace, String pod) {
        return byPod.get(namespace + "/" + pod);
    }

    /** One poll; {@code changed} receives each pod metrics object that is new or different. */
    void poll(Consumer<PodMetrics> changed) {
        try {
            List<PodMetrics> items = namespaces.isEmpty()
                    ? client.top().pods().metrics().getItems()
                    : namespaces.stream().flatMap(ns -> client.top().pods().metrics(ns).getItems().stream()).toList();
            if (!available && warned) {
                LOG.info("metrics.k8s.io is available again: memory-pressure diagnosis is on");
                warned = false;
            }
            available = true;
            Map<String, PodMetrics> seen = new java.util.HashMap<>();
            for (PodMetrics m : items) {
                String key = m.getMetadata().getNamespace() + "/" + m.getMetadata().getName();
                seen.put(key, m);
                PodMetrics old = byPod.put(key, m);
                if (old == null || !old.getContainers().equals(m.getContainers())) {
                    changed.accept(m);
                }
            }
            byPod.keySet().retainAll(seen.keySet());
        } catch (KubernetesClientException e) {
            available = false;
            byPod.clear();
            if (!warned) {
                warned = true;
                LOG.warn("metrics.k8s.io is not available ({}): memory-pressure diagnosis is off until it is",
                        e.getCode() > 0 ? "HTTP " + e.getCode() : String.valueOf(e.getCause() != null ? e.getCause() : e.getMessage()));
            }
        }
    }
}
