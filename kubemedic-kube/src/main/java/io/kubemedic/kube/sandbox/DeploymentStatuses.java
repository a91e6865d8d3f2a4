package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Deployment status the real controller writes ({@code calculateStatus} and {@code syncRolloutStatus}): counts
 * summed from the ReplicaSets' status, Available by minimum availability, and Progressing with the reasons
 * NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated, NewReplicaSetAvailable and ProgressDeadlineExceeded,
 * timestamps kept the way {@code SetDeploymentCondition} keeps them. Zero counts are left out, as the API omits them.
 */
final class DeploymentStatuses {

    static final String PROGRESSING = "Progressing";
    static final String AVAILABLE = "Available";

    private DeploymentStatuses() {
    }

    static DeploymentStatus calculate(List<ReplicaSet> all, ReplicaSet newRs, Deployment d, Instant now) {
        int available = Rollouts.sum(all, Rollouts::availableReplicas);
        int total = Rollouts.sum(all, Rollouts::replicas);
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        DeploymentStatus s = new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(nz(Rollouts.sum(all, Rollouts::statusReplicas)))
                .withUpdatedReplicas(nz(newRs == null ? 0 : Rollouts.statusReplicas(newRs)))
                .withReadyReplicas(nz(Rollouts.sum(all, Rollouts::readyReplicas)))
                .withAvailableReplicas(nz(available)).withUnavailableReplicas(nz(Math.max(0, total - available)))
                .withCollisionCount(old.getCollisionCount())
                .withConditions(old.getConditions() == null ? new ArrayList<>() : new ArrayList<>(old.getConditions())).build();
        if (available >= Rollouts.replicas(d) - Rollouts.maxUnavailable(d)) {
            set(s, condition(AVAILABLE, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now));
        } else {
            set(s, condition(AVAILABLE, "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now));
        }
        return s;
    }

    /** {@code syncRolloutStatus}: the counts plus the Progressing condition judged against the previous status. */
    static DeploymentStatus rollout(List<ReplicaSet> all, ReplicaSet newRs, Deployment d, Instant now) {
        DeploymentStatus s = calculate(all, newRs, d, now);
        Integer deadline = Rollouts.progressDeadlineSeconds(d);
        if (deadline == null) {
            remove(s, PROGRESSING);
            return s;
        }
        Optional<DeploymentCondition> current = get(d.getStatus(), PROGRESSING);
        boolean complete = Objects.equals(s.getReplicas(), s.getUpdatedReplicas()) && current.map(c -> "NewReplicaSetAvailable".equals(c.getReason())).orElse(false);
        if (complete) {
            return s;
        }
        String rsName = newRs == null ? null : newRs.getMetadata().getName();
        if (complete(d, s)) {
            set(s, condition(PROGRESSING, "True", "NewReplicaSetAvailable",
                    rsName == null ? "Deployment \"" + d.getMetadata().getName() + "\" has successfully progressed." : "ReplicaSet \"" + rsName + "\" has successfully progressed.", now));
        } else if (progressing(d, s)) {
            DeploymentCondition c = condition(PROGRESSING, "True", "ReplicaSetUpdated",
                    rsName == null ? "Deployment \"" + d.getMetadata().getName() + "\" is progressing." : "ReplicaSet \"" + rsName + "\" is progressing.", now);
            if (current.isPresent()) {
                if ("True".equals(current.get().getStatus())) {
                    c.setLastTransitionTime(current.get().getLastTransitionTime());
                }
                remove(s, PROGRESSING);
            }
            set(s, c);
        } else if (timedOut(s, deadline, now)) {
            set(s, condition(PROGRESSING, "False", "ProgressDeadlineExceeded",
                    rsName == null ? "Deployment \"" + d.getMetadata().getName() + "\" has timed out progressing." : "ReplicaSet \"" + rsName + "\" has timed out progressing.", now));
        }
        return s;
    }

    static boolean complete(Deployment d, DeploymentStatus s) {
        int r = Rollouts.replicas(d);
        return n(s.getUpdatedReplicas()) == r && n(s.getReplicas()) == r && n(s.getAvailableReplicas()) == r
                && s.getObservedGeneration() != null && s.getObservedGeneration() >= d.getMetadata().getGeneration();
    }

    private static boolean progressing(Deployment d, DeploymentStatus s) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        return n(s.getUpdatedReplicas()) > n(old.getUpdatedReplicas())
                || n(s.getReplicas()) - n(s.getUpdatedReplicas()) < n(old.getReplicas()) - n(old.getUpdatedReplicas())
                || n(s.getReadyReplicas()) > n(old.getReadyReplicas())
                || n(s.getAvailableReplicas()) > n(old.getAvailableReplicas());
    }

    private static boolean timedOut(DeploymentStatus s, int deadline, Instant now) {
        Optional<DeploymentCondition> c = get(s, PROGRESSING);
        if (c.isEmpty() || "NewReplicaSetAvailable".equals(c.get().getReason())) {
            return false;
        }
        if ("ProgressDeadlineExceeded".equals(c.get().getReason())) {
            return true;
        }
        Instant from = PodStates.parse(c.get().getLastUpdateTime());
        return from != null && from.plus(Duration.ofSeconds(deadline)).isBefore(now);
    }

    static DeploymentCondition condition(String type, String status, String reason, String message, Instant now) {
        String t = now.truncatedTo(ChronoUnit.SECONDS).toString();
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastUpdateTime(t).withLastTransitionTime(t).build();
    }

    /** {@code SetDeploymentCondition}: same status and reason changes nothing; same status keeps the transition time. */
    static void set(DeploymentStatus s, DeploymentCondition c) {
        Optional<DeploymentCondition> current = get(s, c.getType());
        if (current.isPresent() && current.get().getStatus().equals(c.getStatus()) && Objects.equals(current.get().getReason(), c.getReason())) {
            return;
        }
        if (current.isPresent() && current.get().getStatus().equals(c.getStatus())) {
            c.setLastTransitionTime(current.get().getLastTransitionTime());
        }
        List<DeploymentCondition> conditions = new ArrayList<>(s.getConditions() == null ? List.of() : s.getConditions());
        conditions.removeIf(x -> c.getType().equals(x.getType()));
        conditions.add(c);
        s.setConditions(conditions);
    }

    static void remove(DeploymentStatus s, String type) {
        if (s.getConditions() != null) {
            s.setConditions(new ArrayList<>(s.getConditions().stream().filter(c -> !type.equals(c.getType())).toList()));
        }
    }

    static Optional<DeploymentCondition> get(DeploymentStatus s, String type) {
        return s == null || s.getConditions() == null ? Optional.empty() : s.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static int n(Integer i) {
        return i == null ? 0 : i;
    }

    /** Zero as absent: these status fields are {@code omitempty} in the API. */
    static Integer nz(int i) {
        return i == 0 ? null : i;
    }
}
