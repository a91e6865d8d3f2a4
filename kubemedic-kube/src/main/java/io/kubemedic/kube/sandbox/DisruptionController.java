package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubemedic.core.model.Ownership;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The disruption controller: keeps every PodDisruptionBudget's status current (policy/v1 and policy/v1beta1, which
 * the sandbox stores apart), computed by {@link Disruptions}. The eviction subresource reads exactly this status, as
 * on a real server, so a budget nobody has processed yet (observedGeneration behind) refuses evictions. Each write
 * carries the resourceVersion read, so it cannot undo a disruption an eviction has just spent.
 */
final class DisruptionController {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private final ApiWrites writes;
    private final Clock clock;

    DisruptionController(ApiWrites writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
    }

    void reconcile(ControlPlaneView view) {
        for (Disruptions.Budget b : budgets(writes.client())) {
            PodDisruptionBudget pdb = b.pdb();
            List<Pod> selected = view.podsIn(pdb.getMetadata().getNamespace()).stream().filter(p -> Disruptions.selects(b, p)).toList();
            PodDisruptionBudgetStatus status = Disruptions.status(pdb, selected, p -> scale(view, p), clock.instant()).orElseGet(() -> failSafe(pdb));
            if (!same(status, pdb.getStatus())) {
                PodDisruptionBudget copy = KUBE.clone(pdb);
                copy.setStatus(status);
                writes.updateStatus(as(b.apiVersion(), copy));
            }
        }
    }

    /** Equal but for absent versus empty maps and lists, which the store does not keep apart. */
    private static boolean same(PodDisruptionBudgetStatus a, PodDisruptionBudgetStatus b) {
        return b != null && Templates.canonicalOf(a).equals(Templates.canonicalOf(b));
    }

    static List<Disruptions.Budget> budgets(KubernetesClient client) {
        List<Disruptions.Budget> out = new ArrayList<>();
        client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems()
                .forEach(p -> out.add(new Disruptions.Budget("policy/v1", p)));
        client.policy().v1beta1().podDisruptionBudget().inAnyNamespace().list().getItems()
                .forEach(p -> out.add(new Disruptions.Budget("policy/v1beta1", KUBE.convertValue(p, PodDisruptionBudget.class))));
        return out;
    }

    /** {@code failSafe}: when the expected pods cannot be counted, no disruption is allowed; the rest stays as it was. */
    private static PodDisruptionBudgetStatus failSafe(PodDisruptionBudget pdb) {
        PodDisruptionBudgetStatus s = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : KUBE.clone(pdb.getStatus());
        s.setDisruptionsAllowed(0);
        s.setCurrentHealthy(s.getCurrentHealthy() == null ? 0 : s.getCurrentHealthy());
        s.setDesiredHealthy(s.getDesiredHealthy() == null ? 0 : s.getDesiredHealthy());
        s.setExpectedPods(s.getExpectedPods() == null ? 0 : s.getExpectedPods());
        return s;
    }

    /** The disruption controller's finders: a Deployment through its ReplicaSet, a bare ReplicaSet, a StatefulSet. */
    static Optional<Disruptions.Scale> scale(ControlPlaneView view, Pod pod) {
        HasMetadata owner = Ownership.controller(pod).map(o -> view.byUid().get(o.getUid())).orElse(null);
        if (owner instanceof ReplicaSet rs) {
            HasMetadata d = Ownership.controller(rs).map(o -> view.byUid().get(o.getUid())).orElse(null);
            if (d instanceof Deployment dep) {
                return Optional.of(new Disruptions.Scale(dep.getMetadata().getUid(), Rollouts.replicas(dep)));
            }
            return Ownership.controller(rs).filter(o -> "Deployment".equals(o.getKind())).isPresent() ? Optional.empty()
                    : Optional.of(new Disruptions.Scale(rs.getMetadata().getUid(), Rollouts.replicas(rs)));
        }
        if (owner instanceof StatefulSet s) {
            return Optional.of(new Disruptions.Scale(s.getMetadata().getUid(), s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas()));
        }
        return Optional.empty();
    }

    private static HasMetadata as(String apiVersion, PodDisruptionBudget pdb) {
        if ("policy/v1".equals(apiVersion)) {
            return pdb;
        }
        var beta = KUBE.convertValue(pdb, io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudget.class);
        beta.setApiVersion(apiVersion);
        return beta;
    }
}
