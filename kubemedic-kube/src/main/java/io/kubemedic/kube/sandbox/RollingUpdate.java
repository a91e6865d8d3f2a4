package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.List;

/**
 * One step of a RollingUpdate ({@code rolloutRolling}): scale the new ReplicaSet up within maxSurge; else clean up
 * old replicas that are not available, then scale old ReplicaSets down only as far as availability allows (at least
 * {@code replicas - maxUnavailable} available, the new ReplicaSet's unavailable pods counted against it). So while new
 * pods crash-loop the old ReplicaSet keeps its pods, exactly the stuck rollout a real cluster shows.
 */
final class RollingUpdate {

    private final ReplicaSetScaler scaler;

    RollingUpdate(ReplicaSetScaler scaler) {
        this.scaler = scaler;
    }

    /** True when a step was taken (the controller then only syncs status this round, as the real one does). */
    boolean step(Deployment d, RolloutSets sets) {
        return scaleNew(d, sets) || scaleDownOld(d, sets);
    }

    private boolean scaleNew(Deployment d, RolloutSets sets) {
        ReplicaSet rs = sets.newRs;
        int want = Rollouts.replicas(d);
        int size = Rollouts.replicas(rs) > want ? want
                : Rollouts.replicas(rs) == want ? want : Rollouts.newReplicaSetReplicas(d, sets.all(), rs);
        return scaleTo(d, sets, rs, size);
    }

    private boolean scaleDownOld(Deployment d, RolloutSets sets) {
        List<ReplicaSet> active = sets.activeOld();
        if (Rollouts.sum(active, Rollouts::replicas) == 0) {
            return false;
        }
        int minAvailable = Rollouts.replicas(d) - Rollouts.maxUnavailable(d);
        int newUnavailable = Rollouts.replicas(sets.newRs) - Rollouts.availableReplicas(sets.newRs);
        int maxScaledDown = Rollouts.sum(sets.all(), Rollouts::replicas) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        int cleaned = cleanupUnhealthy(d, sets, maxScaledDown);
        return cleaned + scaleDownAvailable(d, sets, minAvailable) > 0;
    }

    /** Old replicas that are not available go first: removing them costs no availability. */
    private int cleanupUnhealthy(Deployment d, RolloutSets sets, int maxCleanup) {
        int done = 0;
        for (ReplicaSet rs : sets.activeOld()) {
            if (done >= maxCleanup) {
                break;
            }
            int unhealthy = Rollouts.replicas(rs) - Rollouts.availableReplicas(rs);
            if (unhealthy <= 0) {
                continue;
            }
            int down = Math.min(maxCleanup - done, unhealthy);
            if (scaleTo(d, sets, rs, Rollouts.replicas(rs) - down)) {
                done += down;
            }
        }
        return done;
    }

    private int scaleDownAvailable(Deployment d, RolloutSets sets, int minAvailable) {
        int available = Rollouts.sum(sets.all(), Rollouts::availableReplicas);
        if (available <= minAvailable) {
            return 0;
        }
        int total = available - minAvailable;
        int done = 0;
        for (ReplicaSet rs : sets.activeOld()) {
            if (done >= total) {
                break;
            }
            int down = Math.min(Rollouts.replicas(rs), total - done);
            if (scaleTo(d, sets, rs, Rollouts.replicas(rs) - down)) {
                done += down;
            }
        }
        return done;
    }

    private boolean scaleTo(Deployment d, RolloutSets sets, ReplicaSet rs, int size) {
        if (Rollouts.replicas(rs) == size) {
            return false;
        }
        ReplicaSet after = scaler.scale(rs, size, d);
        sets.replace(rs, after);
        return after != rs;
    }
}
