package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.Objects;
import java.util.Optional;

/**
 * Never takes more than {@code blastRadius.maxUnavailable} pods of a workload down, and honours
 * PodDisruptionBudgets before the Eviction API has to refuse. Applies to EVICT_POD only:
 * <ul>
 *   <li>evicting a pod that is not Ready (or already terminating) lowers no availability, so it passes;</li>
 *   <li>for a Ready pod, the workload's pods already down (not Ready or terminating, plus desired replicas that have
 *       no pod at all) must be fewer than {@code maxUnavailable}, else HOLD BLAST_RADIUS;</li>
 *   <li>a PodDisruptionBudget that selects the Ready pod and allows no disruption (or has no status yet, which the
 *       API server also treats as no) gives HOLD PDB_BLOCKED.</li>
 * </ul>
 * ROLLOUT_RESTART is left to the Deployment's own rollout strategy (surge and maxUnavailable), even at one replica.
 */
public final class BlastRadiusGuard implements Guard {

    @Override
    public String name() {
        return "blast-radius";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        if (step.action() != ActionType.EVICT_POD) {
            return GuardVerdict.allow();
        }
        Optional<Pod> target = Pods.target(step, context);
        if (target.isEmpty() || Pods.unavailable(target.get())) {
            return GuardVerdict.allow();
        }
        TargetSnapshot snapshot = context.snapshot();
        long notReady = snapshot.pods().stream().filter(Pods::unavailable).count();
        long missing = Math.max(0, snapshot.desiredReplicas() - snapshot.pods().size());
        long down = notReady + missing;
        int maxUnavailable = context.config().maxUnavailable();
        if (down >= maxUnavailable) {
            return GuardVerdict.of(Decision.HOLD, Reason.BLAST_RADIUS, down + " of " + snapshot.desiredReplicas() + " pods of "
                    + step.workload() + " are already down (" + notReady + " not ready, " + missing + " missing); evicting ready pod "
                    + step.target().name() + " would exceed blastRadius.maxUnavailable " + maxUnavailable, name());
        }
        return snapshot.disruptionBudgets().stream()
                .filter(pdb -> selects(pdb, target.get()))
                .filter(pdb -> disruptionsAllowed(pdb) <= 0)
                .findFirst()
                .map(pdb -> GuardVerdict.of(Decision.HOLD, Reason.PDB_BLOCKED, "PodDisruptionBudget " + Pods.name(pdb)
                        + " selects pod " + step.target().name() + " and allows " + disruptionsAllowed(pdb) + " disruptions now"
                        + (pdb.getStatus() == null ? " (no status yet)" : ""), name()))
                .orElseGet(GuardVerdict::allow);
    }

    private static boolean selects(PodDisruptionBudget pdb, Pod pod) {
        String pdbNamespace = pdb.getMetadata() == null ? null : pdb.getMetadata().getNamespace();
        String podNamespace = pod.getMetadata().getNamespace();
        if (pdbNamespace != null && podNamespace != null && !Objects.equals(pdbNamespace, podNamespace)) {
            return false;
        }
        return pdb.getSpec() != null && LabelSelectors.matches(pdb.getSpec().getSelector(), Pods.labels(pod));
    }

    private static int disruptionsAllowed(PodDisruptionBudget pdb) {
        return pdb.getStatus() == null || pdb.getStatus().getDisruptionsAllowed() == null ? 0 : pdb.getStatus().getDisruptionsAllowed();
    }
}
