package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.Collection;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The Deployment arithmetic of pkg/controller/deployment/util, with the API server's defaults applied where the
 * sandbox stores none (the CRUD store does no defaulting): strategy RollingUpdate with maxSurge and maxUnavailable
 * 25 %, progressDeadlineSeconds 600, revisionHistoryLimit 10, replicas 1.
 */
final class Rollouts {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";

    private Rollouts() {
    }

    static int replicas(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    static int replicas(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    }

    static boolean rolling(Deployment d) {
        return d.getSpec().getStrategy() == null || d.getSpec().getStrategy().getType() == null
                || "RollingUpdate".equals(d.getSpec().getStrategy().getType());
    }

    /** {@code ResolveFenceposts}: surge rounds up, unavailable down; both 0 makes unavailable 1. */
    static int[] fenceposts(Deployment d) {
        var ru = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
        IntOrString surge = ru == null || ru.getMaxSurge() == null ? new IntOrString("25%") : ru.getMaxSurge();
        IntOrString unavailable = ru == null || ru.getMaxUnavailable() == null ? new IntOrString("25%") : ru.getMaxUnavailable();
        int s = IntOrPercent.scaled(surge, 0, replicas(d), true);
        int u = IntOrPercent.scaled(unavailable, 0, replicas(d), false);
        return s == 0 && u == 0 ? new int[] {0, 1} : new int[] {s, u};
    }

    static int maxSurge(Deployment d) {
        return rolling(d) ? fenceposts(d)[0] : 0;
    }

    static int maxUnavailable(Deployment d) {
        if (!rolling(d) || replicas(d) == 0) {
            return 0;
        }
        return Math.min(fenceposts(d)[1], replicas(d));
    }

    /** How many replicas the new ReplicaSet may have now ({@code NewRSNewReplicas}). */
    static int newReplicaSetReplicas(Deployment d, Collection<ReplicaSet> all, ReplicaSet newRs) {
        if (!rolling(d)) {
            return replicas(d);
        }
        int current = sum(all, Rollouts::replicas);
        int maxTotal = replicas(d) + maxSurge(d);
        if (current >= maxTotal) {
            return replicas(newRs);
        }
        return replicas(newRs) + Math.min(maxTotal - current, replicas(d) - replicas(newRs));
    }

    static int sum(Collection<ReplicaSet> items, ToIntFunction<ReplicaSet> f) {
        return items.stream().mapToInt(f).sum();
    }

    static int statusReplicas(ReplicaSet rs) {
        return rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
    }

    static int readyReplicas(ReplicaSet rs) {
        return rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
    }

    static int availableReplicas(ReplicaSet rs) {
        return rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0 : rs.getStatus().getAvailableReplicas();
    }

    /** Seconds without progress before Progressing turns False; null when the deadline is switched off (MaxInt32). */
    static Integer progressDeadlineSeconds(Deployment d) {
        Integer p = d.getSpec().getProgressDeadlineSeconds();
        return p == null ? Integer.valueOf(600) : p == Integer.MAX_VALUE ? null : p;
    }

    static int revisionHistoryLimit(Deployment d) {
        return d.getSpec().getRevisionHistoryLimit() == null ? 10 : d.getSpec().getRevisionHistoryLimit();
    }

    static long revision(ReplicaSet rs) {
        String v = annotations(rs.getMetadata().getAnnotations()).get(REVISION);
        try {
            return v == null ? 0 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0; // the real controller skips an unparsable revision the same way
        }
    }

    static Map<String, String> annotations(Map<String, String> a) {
        return a == null ? Map.of() : a;
    }
}
