package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.ArrayList;
import java.util.List;

/**
 * A Deployment's ReplicaSets during one sync: the new one (null until created) and the old ones, oldest first.
 * Scaling replaces an entry with the object the server stored, so later steps of the same sync count right.
 */
final class RolloutSets {

    ReplicaSet newRs;
    final List<ReplicaSet> old;

    RolloutSets(ReplicaSet newRs, List<ReplicaSet> old) {
        this.newRs = newRs;
        this.old = new ArrayList<>(old);
    }

    List<ReplicaSet> all() {
        List<ReplicaSet> all = new ArrayList<>(old);
        if (newRs != null) {
            all.add(newRs);
        }
        return all;
    }

    List<ReplicaSet> activeOld() {
        return old.stream().filter(rs -> Rollouts.replicas(rs) > 0).toList();
    }

    void replace(ReplicaSet before, ReplicaSet after) {
        if (before == newRs) {
            newRs = after;
        } else {
            old.replaceAll(rs -> rs == before ? after : rs);
        }
    }
}
