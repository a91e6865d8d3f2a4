package io.kubemedic.core.decision;

import io.kubemedic.core.model.ResourceRef;

import java.util.Set;

/**
 * Which kinds of target Kubemedic acts on, and how. A pod of a Job (or CronJob) is a run that ends by itself and
 * counts failures against a backoff limit, and a pod of a controller Kubemedic does not know may be recreated by it
 * or not: both are reported with the owner named, never restarted.
 */
public final class Workloads {

    /** Targets with a pod template Kubemedic can patch (rolling restart, memory raise). */
    private static final Set<String> TEMPLATED = Set.of(ResourceRef.DEPLOYMENT, ResourceRef.STATEFUL_SET, ResourceRef.DAEMON_SET);

    /** Targets Kubemedic acts on: the templated ones, ReplicaSets without Deployment, bare pods (guarded) and nodes. */
    private static final Set<String> MANAGED = Set.of(ResourceRef.DEPLOYMENT, ResourceRef.STATEFUL_SET, ResourceRef.DAEMON_SET,
            ResourceRef.REPLICA_SET, ResourceRef.POD, ResourceRef.NODE);

    private Workloads() {
    }

    public static boolean templated(ResourceRef target) {
        return TEMPLATED.contains(target.kind());
    }

    public static boolean managed(ResourceRef target) {
        return MANAGED.contains(target.kind());
    }
}
