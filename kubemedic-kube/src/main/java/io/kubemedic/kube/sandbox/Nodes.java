package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Map;

/** The sandbox's three worker nodes, Ready unless a nodeNotReady fault holds for one. */
final class Nodes {

    static final List<String> NAMES = List.of("sandbox-node-1", "sandbox-node-2", "sandbox-node-3");

    private final KubernetesClient client;

    Nodes(KubernetesClient client) {
        this.client = client;
    }

    void create() {
        for (String name : NAMES) {
            if (client.nodes().withName(name).get() == null) {
                Node node = new NodeBuilder().withNewMetadata().withName(name).withLabels(Map.of("kubernetes.io/hostname", name)).endMetadata()
                        .withNewSpec().endSpec().build();
                client.nodes().resource(node).create();
            }
        }
    }

    void reconcile(Map<String, ActiveFault> faults) {
        for (Node node : client.nodes().list().getItems()) {
            ActiveFault f = faults.get(node.getMetadata().getName());
            boolean notReady = f != null && !(f.fault.clearWhen().cordoned() && Boolean.TRUE.equals(node.getSpec().getUnschedulable()));
            NodeCondition ready = new NodeConditionBuilder().withType("Ready").withStatus(notReady ? "False" : "True")
                    .withReason(notReady ? "KubeletNotReady" : "KubeletReady")
                    .withMessage(notReady ? "container runtime is down" : "kubelet is posting ready status").build();
            var status = new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                    .withAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi"), "pods", new Quantity("110")))
                    .withCapacity(Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi"), "pods", new Quantity("110")))
                    .withConditions(ready).build();
            if (!status.equals(node.getStatus())) {
                node.setStatus(status);
                ControllerEmulator.ignoreConflict(() -> client.nodes().resource(node).updateStatus());
            }
        }
    }

    boolean cordoned(String name) {
        Node n = client.nodes().withName(name).get();
        return n != null && n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
    }
}
