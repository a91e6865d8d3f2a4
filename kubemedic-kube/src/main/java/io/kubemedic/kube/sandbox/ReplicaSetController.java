package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ReplicaSet controller (pkg/controller/replicaset): keeps {@code spec.replicas} active pods, creating
 * {@code <rs-name>-<5 chars>} pods from the template or deleting the least valuable ones first (unbound, Pending,
 * not Ready, most restarts, newest), and writes status: replicas, fullyLabeledReplicas, readyReplicas,
 * availableReplicas (Ready for minReadySeconds), observedGeneration. Failed and succeeded pods do not count and are
 * left in place, as the real controller leaves them to the pod garbage collector.
 */
final class ReplicaSetController {

    private static final int BURST = 500;
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private final ApiWrites writes;
    private final Clock clock;

    ReplicaSetController(ApiWrites writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
    }

    /** Each ReplicaSet by uid with the status just computed, so the Deployment controller sees it in the same tick. */
    Map<String, ReplicaSet> reconcile(ControlPlaneView view) {
        Map<String, ReplicaSet> current = new HashMap<>();
        for (ReplicaSet rs : view.replicaSets()) {
            boolean live = rs.getMetadata().getDeletionTimestamp() == null && rs.getSpec() != null && rs.getSpec().getTemplate() != null;
            current.put(rs.getMetadata().getUid(), live ? sync(rs, view) : rs);
        }
        return current;
    }

    private ReplicaSet sync(ReplicaSet rs, ControlPlaneView view) {
        List<Pod> pods = PodClaims.claim(rs, rs.getSpec().getSelector(), view.podsOf(rs), view.orphans(rs.getMetadata().getNamespace()), writes)
                .stream().filter(PodStates::active).toList();
        int want = Rollouts.replicas(rs);
        if (pods.size() < want) {
            for (int i = 0; i < Math.min(want - pods.size(), BURST); i++) {
                Pod pod = PodFactory.fromTemplate(rs.getSpec().getTemplate(), rs, PodFactory.generatedName(rs.getMetadata().getName() + "-"), Map.of());
                pod.getMetadata().setGenerateName(rs.getMetadata().getName() + "-");
                writes.create(pod);
            }
        } else if (pods.size() > want) {
            pods.stream().sorted(deletionOrder()).limit(pods.size() - want).forEach(writes::delete);
        }
        ReplicaSetStatus status = status(rs, pods);
        if (!Objects.equals(status, rs.getStatus())) {
            ReplicaSet updated = KUBE.clone(rs);
            updated.setStatus(status);
            ReplicaSet stored = writes.updateStatus(updated);
            return stored == null ? updated : stored;
        }
        return rs;
    }

    private ReplicaSetStatus status(ReplicaSet rs, List<Pod> pods) {
        Instant now = clock.instant();
        int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        Map<String, String> templateLabels = rs.getSpec().getTemplate().getMetadata() == null || rs.getSpec().getTemplate().getMetadata().getLabels() == null
                ? Map.of() : rs.getSpec().getTemplate().getMetadata().getLabels();
        int fullyLabeled = (int) pods.stream().filter(p -> p.getMetadata().getLabels() != null
                && p.getMetadata().getLabels().entrySet().containsAll(templateLabels.entrySet())).count();
        ReplicaSetStatus old = rs.getStatus();
        return new ReplicaSetStatusBuilder().withReplicas(pods.size()).withFullyLabeledReplicas(fullyLabeled)
                .withReadyReplicas((int) pods.stream().filter(PodStates::ready).count())
                .withAvailableReplicas((int) pods.stream().filter(p -> PodStates.available(p, minReady, now)).count())
                .withObservedGeneration(rs.getMetadata().getGeneration())
                .withConditions(old == null ? null : old.getConditions()).build();
    }

    /** {@code controller.ActivePods} ranking: the pods it is cheapest to lose come first. */
    static Comparator<Pod> deletionOrder() {
        return Comparator.<Pod>comparingInt(p -> p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty() ? 0 : 1)
                .thenComparingInt(p -> switch (PodStates.phase(p)) {
                    case "Pending" -> 0;
                    case "Unknown" -> 1;
                    case "Running" -> 2;
                    default -> 0;
                })
                .thenComparingInt(p -> PodStates.ready(p) ? 1 : 0)
                .thenComparing(Comparator.comparingInt(PodStates::restarts).reversed())
                .thenComparing(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp())).reversed());
    }
}
