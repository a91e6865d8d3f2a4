package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays metrics-server: one PodMetrics per running pod of the run, with each container's memory at 30 % of its limit
 * (64Mi without one) unless a {@code memoryUsage} fault says otherwise, written only when the usage changes. The
 * sandbox's CRUD store serves metrics.k8s.io as soon as objects exist; a real server gets the API from
 * {@link MetricsApi} (a CustomResourceDefinition), so {@code kubectl top} and fabric8's {@code top()} read them.
 */
final class MetricsServer {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private final KubernetesClient client;
    private final Nodes nodes;
    private final Map<String, List<ContainerMetrics>> written = new ConcurrentHashMap<>();

    MetricsServer(KubernetesClient client, Nodes nodes) {
        this.client = client;
        this.nodes = nodes;
    }

    void reconcile(ClusterView view, Faults faults, Instant now) {
        Set<String> alive = ConcurrentHashMap.newKeySet();
        for (Pod pod : view.pods()) {
            boolean running = pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
            if (pod.getSpec().getNodeName() == null || !nodes.mine(pod.getSpec().getNodeName()) || !running
                    || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
            alive.add(key);
            List<ActiveFault> holding = faults.holding(pod, view, now);
            List<ContainerMetrics> containers = new ArrayList<>();
            List<Container> specs = pod.getSpec().getContainers();
            for (int i = 0; i < specs.size(); i++) {
                containers.add(usage(specs.get(i), i == 0, holding));
            }
            List<ContainerMetrics> previous = written.get(key);
            if (!containers.equals(previous)) {
                write(pod, containers, previous == null, now);
                written.put(key, containers);
            }
        }
        for (String gone : written.keySet().stream().filter(k -> !alive.contains(k)).toList()) {
            String[] parts = gone.split("/", 2);
            Writes.quietly(() -> client.resources(PodMetrics.class).inNamespace(parts[0]).withName(parts[1]).delete());
            written.remove(gone);
        }
    }

    private static ContainerMetrics usage(Container c, boolean first, List<ActiveFault> holding) {
        Quantity limit = c.getResources() == null || c.getResources().getLimits() == null ? null : c.getResources().getLimits().get("memory");
        Quantity memory = holding.stream().filter(a -> a.fault.type() == FaultType.MEMORY_USAGE && PodStatuses.aims(a, c.getName(), first, FaultType.Scope.CONTAINER))
                .findFirst().map(a -> new Quantity(a.fault.param("usage", "0")))
                .orElseGet(() -> limit == null ? new Quantity("64Mi")
                        : new Quantity(Quantity.getAmountInBytes(limit).multiply(new BigDecimal("0.3")).toBigInteger().toString()));
        return new ContainerMetricsBuilder().withName(c.getName()).withUsage(Map.of("memory", memory, "cpu", new Quantity("10m"))).build();
    }

    private void write(Pod pod, List<ContainerMetrics> containers, boolean create, Instant now) {
        String ns = pod.getMetadata().getNamespace();
        PodMetrics m = new PodMetricsBuilder().withNewMetadata().withNamespace(ns).withName(pod.getMetadata().getName())
                .withLabels(pod.getMetadata().getLabels()).endMetadata().withTimestamp(PodStatuses.time(now))
                .withWindow(new io.fabric8.kubernetes.api.model.Duration(java.time.Duration.ofSeconds(15))).withContainers(containers).build();
        boolean created = create && Writes.quietly(() -> client.resources(PodMetrics.class).inNamespace(ns).resource(m).create());
        if (!created) {
            // a merge patch needs no resourceVersion, which a real server demands for a replace
            Writes.quietly(() -> client.resources(PodMetrics.class).inNamespace(ns).withName(pod.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), KUBE.asJson(Map.of("timestamp", m.getTimestamp(), "containers", containers))));
        }
    }
}
