package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.kubemedic.core.decision.Rollouts;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.Objects;
import java.util.Optional;

/**
 * Never takes more of a workload down than allowed, and predicts a PodDisruptionBudget refusal before the Eviction
 * API has to answer 429:
 * <ul>
 *   <li>evicting a Ready pod: the workload's pods already down (not Ready or terminating, plus desired replicas with
 *       no pod) must be fewer than {@code blastRadius.maxUnavailable}, and every budget selecting the pod must allow a
 *       disruption now;</li>
 *   <li>evicting a pod that is not Ready lowers no availability, but the API server (1.20, and later releases unless
 *       the budget says {@code unhealthyPodEvictionPolicy: AlwaysAllow}) still refuses it while the budget is not met:
 *       with every replica crash-looping under {@code minAvailable: 1}, no eviction goes through. Pending, Succeeded and
 *       Failed pods skip the budget, as on the server. The budget's status lags behind its pods (the disruption
 *       controller recomputes it after they change): when the snapshot holds all the pods the budget counts, the
 *       healthy count is the lower of the status's and the Ready pods seen, so replicas that have just started to
 *       crash are not taken for healthy headroom;</li>
 *   <li>a rolling restart or memory raise rolls every pod: not while another rollout of the workload is in progress.</li>
 * </ul>
 */
public final class BlastRadiusGuard implements Guard {

    @Override
    public String name() {
        return "blast-radius";
    }

    @Override
    public GuardVerdict check(Step step, GuardContext context) {
        TargetSnapshot snapshot = context.snapshot();
        if (snapshot != null && (step.action() == ActionType.ROLLOUT_RESTART || step.action() == ActionType.RAISE_MEMORY_LIMIT)) {
            Optional<String> rollout = Rollouts.inProgress(snapshot);
            if (rollout.isPresent()) {
                return GuardVerdict.of(Decision.HOLD, Reason.BLAST_RADIUS, step.action().policyName() + " rolls every pod of "
                        + step.workload() + " and a rollout is in progress: " + rollout.get(), name());
            }
        }
        if (step.action() != ActionType.EVICT_POD) {
            return GuardVerdict.allow();
        }
        Optional<Pod> target = Pods.target(step, context);
        if (target.isEmpty()) {
            return GuardVerdict.allow();
        }
        Pod pod = target.get();
        if (!Pods.unavailable(pod)) {
            long notReady = snapshot.pods().stream().filter(Pods::unavailable).count();
            long missing = Math.max(0, snapshot.desiredReplicas() - snapshot.pods().size());
            long down = notReady + missing;
            int maxUnavailable = context.config().maxUnavailable();
            if (down >= maxUnavailable) {
                return GuardVerdict.of(Decision.HOLD, Reason.BLAST_RADIUS, down + " of " + snapshot.desiredReplicas() + " pods of "
                        + step.workload() + " are already down (" + notReady + " not ready, " + missing + " missing); evicting ready pod "
                        + step.target().name() + " would exceed blastRadius.maxUnavailable " + maxUnavailable, name());
            }
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Pending".equals(phase) || "Succeeded".equals(phase) || "Failed".equals(phase)) {
            return GuardVerdict.allow();
        }
        return snapshot.disruptionBudgets().stream()
                .filter(pdb -> selects(pdb, pod))
                .map(pdb -> refusal(pdb, pod, step, snapshot))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseGet(GuardVerdict::allow);
    }

    /** The verdict when this budget would make the API server refuse the eviction, as kube-apiserver decides it. */
    private Optional<GuardVerdict> refusal(PodDisruptionBudget pdb, Pod pod, Step step, TargetSnapshot snapshot) {
        var status = pdb.getStatus();
        String name = Pods.name(pdb);
        if (status == null || status.getObservedGeneration() == null
                || pdb.getMetadata().getGeneration() != null && status.getObservedGeneration() < pdb.getMetadata().getGeneration()) {
            return Optional.of(hold(name, step, "has not been processed by the disruption controller yet"));
        }
        int desired = orZero(status.getDesiredHealthy());
        int healthy = healthy(pdb, snapshot);
        int allowed = Math.min(orZero(status.getDisruptionsAllowed()), Math.max(0, healthy - desired));
        if (!Pods.ready(pod)) {
            if ("AlwaysAllow".equals(pdb.getSpec().getUnhealthyPodEvictionPolicy())) {
                return Optional.empty();
            }
            if (healthy >= desired && desired > 0 || allowed > 0) {
                return Optional.empty();
            }
            return Optional.of(hold(name, step, "needs " + desired + " healthy pods and has " + healthy
                    + "; the API server refuses to evict even a not-Ready pod while the budget is not met"));
        }
        return allowed > 0 ? Optional.empty() : Optional.of(hold(name, step, "allows no disruption now (needs " + desired
                + " healthy pods and has " + healthy + ")"));
    }

    /**
     * The budget's healthy pods: its status's count, or the Ready pods the snapshot shows when that is lower and the
     * snapshot holds every pod the budget expects (otherwise pods of other workloads would be missing from the count).
     */
    private static int healthy(PodDisruptionBudget pdb, TargetSnapshot snapshot) {
        int reported = orZero(pdb.getStatus().getCurrentHealthy());
        var selected = snapshot.pods().stream().filter(p -> selects(pdb, p)).toList();
        if (selected.size() < orZero(pdb.getStatus().getExpectedPods())) {
            return reported;
        }
        int seen = (int) selected.stream().filter(p -> !Pods.unavailable(p)).count();
        return Math.min(reported, seen);
    }

    private GuardVerdict hold(String budget, Step step, String why) {
        return GuardVerdict.of(Decision.HOLD, Reason.PDB_BLOCKED, "PodDisruptionBudget " + budget + " selects pod "
                + step.target().name() + " and " + why, name());
    }

    private static boolean selects(PodDisruptionBudget pdb, Pod pod) {
        String pdbNamespace = pdb.getMetadata() == null ? null : pdb.getMetadata().getNamespace();
        String podNamespace = pod.getMetadata().getNamespace();
        if (pdbNamespace != null && podNamespace != null && !Objects.equals(pdbNamespace, podNamespace)) {
            return false;
        }
        return pdb.getSpec() != null && LabelSelectors.matches(pdb.getSpec().getSelector(), Pods.labels(pod));
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }
}
