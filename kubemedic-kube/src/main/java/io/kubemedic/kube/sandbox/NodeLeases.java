package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node heartbeat a kubelet keeps: a Lease in {@code kube-node-lease}, renewed every 10 s. The node lifecycle
 * controller of a real cluster marks a node whose Lease is not renewed within 40 s Unknown, taints it and later
 * evicts its pods; this keeps the emulated nodes alive, also when their status says NotReady.
 */
final class NodeLeases {

    static final String NAMESPACE = "kube-node-lease";
    static final Duration RENEW_EVERY = Duration.ofSeconds(10);
    private static final int LEASE_SECONDS = 40;

    private final KubernetesClient client;
    private final Map<String, Instant> renewed = new ConcurrentHashMap<>();

    NodeLeases(KubernetesClient client) {
        this.client = client;
    }

    void renewIfDue(Node node, Instant now) {
        Instant last = renewed.get(node.getMetadata().getName());
        if (last == null || !now.isBefore(last.plus(RENEW_EVERY))) {
            renew(node, now);
        }
    }

    /** Creates or renews the node's Lease; a conflict is retried on the next tick. */
    void renew(Node node, Instant now) {
        String name = node.getMetadata().getName();
        var time = now.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
        boolean ok = Writes.quietly(() -> {
            Lease lease = client.leases().inNamespace(NAMESPACE).withName(name).get();
            if (lease == null) {
                client.leases().inNamespace(NAMESPACE).resource(new LeaseBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node").withName(name)
                                .withUid(node.getMetadata().getUid()).build()).endMetadata()
                        .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(LEASE_SECONDS).withRenewTime(time).endSpec().build()).create();
            } else {
                lease.getSpec().setRenewTime(time);
                client.leases().inNamespace(NAMESPACE).resource(lease).update();
            }
        });
        if (ok) {
            renewed.put(name, now);
        }
    }

    void delete(String name) {
        Writes.quietly(() -> client.leases().inNamespace(NAMESPACE).withName(name).delete());
        renewed.remove(name);
    }
}
