package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes a run plays on: the shared workers and each scenario's own nodes, created at start, labelled so they can
 * be selected ({@code kubemedic.io/run}, {@code kubemedic.io/node-set}, {@code kubemedic.io/node}), kept Ready by a
 * kubelet's status and Lease ({@link NodeLeases}) unless a node fault says otherwise, and deleted at the end on a
 * real server. On the sandbox this also plays the node lifecycle controller's part: the taints that follow the
 * conditions and cordoning.
 */
final class Nodes {

    /** A node as the player creates it. */
    record Def(String name, String logical, Map<String, String> labels, Map<String, Quantity> capacity, List<Taint> taints, int index) {
        String hostIP() {
            return "10.0." + (index / 250) + "." + (index % 250 + 2);
        }
    }

    private static final Map<String, String> DEFAULT_CAPACITY = Map.of("cpu", "8", "memory", "32Gi", "pods", "110");

    private final KubernetesClient client;
    private final boolean real;
    private final Map<String, Def> defs = new LinkedHashMap<>();
    private final NodeLeases leases;
    private final StatusMemory<NodeStatus> memory = new StatusMemory<>();

    Nodes(KubernetesClient client, boolean real, String runLabel, List<ScenarioRun> runs) {
        this.client = client;
        this.real = real;
        this.leases = new NodeLeases(client);
        for (ScenarioRun run : runs) {
            Map<String, Scenario.NodeSpec> specs = new LinkedHashMap<>();
            run.scenario.nodes().forEach(n -> specs.put(n.name(), n));
            run.nodes.forEach((logical, name) -> defs.computeIfAbsent(name, n -> def(n, logical, run.nodeSet, specs.get(logical), runLabel)));
        }
        if (!real) {
            // the sandbox's controller emulator places pods on the shared workers itself: they always exist there
            Scenario.SHARED_NODES.forEach(l -> defs.computeIfAbsent("sandbox-" + l, n -> def(n, l, "shared", null, runLabel)));
        }
    }

    private Def def(String name, String logical, String nodeSet, Scenario.NodeSpec spec, String runLabel) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", name);
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put(ScenarioRun.RUN_LABEL, runLabel);
        labels.put(ScenarioRun.NODE_SET_LABEL, nodeSet);
        labels.put(ScenarioRun.NODE_LABEL, logical);
        Map<String, String> capacity = new LinkedHashMap<>(DEFAULT_CAPACITY);
        if (spec != null) {
            labels.putAll(spec.labels());
            capacity.putAll(spec.capacity());
        }
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        capacity.forEach((k, v) -> quantities.put(k, new Quantity(v)));
        return new Def(name, logical, labels, quantities, spec == null ? List.of() : spec.taints(), defs.size());
    }

    /**
     * Creates the nodes that do not exist yet, reports them Ready, and waits (bounded) until the server's cache shows
     * them Ready, so the first pods spread over all of them as a scheduler would on a settled cluster.
     */
    void create(Instant now, String runSelector, Duration timeout) throws InterruptedException {
        for (Def d : defs.values()) {
            Node existing = client.nodes().withName(d.name()).get();
            if (existing == null) {
                existing = client.nodes().resource(new NodeBuilder().withNewMetadata().withName(d.name()).withLabels(d.labels()).endMetadata()
                        .withNewSpec().withTaints(d.taints().isEmpty() ? null : d.taints()).endSpec().build()).create();
            }
            writeStatus(existing, List.of(), now);
            leases.renew(existing, now);
        }
        Instant deadline = Instant.now().plus(timeout);
        while (!allReady(runSelector) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    private boolean allReady(String runSelector) {
        ListOptions fromCache = new ListOptionsBuilder().withResourceVersion("0").build();
        List<Node> listed = client.nodes().withLabelSelector(runSelector).list(fromCache).getItems();
        return defs.keySet().stream().allMatch(name -> listed.stream().anyMatch(n -> n.getMetadata().getName().equals(name) && ready(n)));
    }

    void reconcile(ClusterView view, Faults faults, Instant now) {
        for (Node node : view.nodes()) {
            if (!mine(node.getMetadata().getName())) {
                continue;
            }
            writeStatus(node, faults.onNode(node, now), now);
            leases.renewIfDue(node, now);
            if (!real) {
                SandboxNodeTaints.apply(client, node, defs.get(node.getMetadata().getName()).taints());
            }
        }
    }

    private void writeStatus(Node node, List<ActiveFault> faults, Instant now) {
        Def d = defs.get(node.getMetadata().getName());
        NodeStatus desired = NodeStatuses.of(d, node.getStatus(), faults, now);
        String uid = node.getMetadata().getUid();
        if (memory.mustWrite(uid, desired, NodeStatuses.essentials(node.getStatus()), NodeStatuses.essentials(desired))
                && Writes.quietly(() -> client.nodes().resource(new NodeBuilder(node).withStatus(desired).build()).updateStatus())) {
            memory.written(uid, desired);
        }
    }

    boolean mine(String name) {
        return defs.containsKey(name);
    }

    String hostIP(String name) {
        return defs.get(name).hostIP();
    }

    List<Def> defs() {
        return List.copyOf(defs.values());
    }

    static boolean ready(Node n) {
        return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Deletes the run's nodes and their Leases (a real server's garbage collector would too, later). */
    void delete() {
        for (Def d : defs.values()) {
            Writes.quietly(() -> client.nodes().withName(d.name()).delete());
            leases.delete(d.name());
        }
    }

    List<String> names() {
        return new ArrayList<>(defs.keySet());
    }
}
