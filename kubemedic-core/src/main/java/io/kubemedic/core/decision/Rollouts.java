package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a workload is in the middle of a rollout, read from the status its controller writes. Two rules rest on it:
 * a rolling restart or memory raise during a rollout only stacks another revision on a rollout that has not finished
 * (so it is skipped or held), and a controller that has not yet observed the latest spec is not acted on at all.
 */
public final class Rollouts {

    private Rollouts() {
    }

    /**
     * Empty unless someone paused the Deployment's rollouts ({@code spec.paused}); then why a template change would do
     * nothing now. kubectl refuses {@code rollout restart} and {@code rollout undo} on a paused Deployment for the same
     * reason: the change would wait, unseen, and roll out whenever someone resumes it.
     */
    public static Optional<String> paused(TargetSnapshot s) {
        if (s.deployment() != null && s.deployment().getSpec() != null && Boolean.TRUE.equals(s.deployment().getSpec().getPaused())) {
            return Optional.of("the Deployment's rollouts are paused (spec.paused): a template change would wait, unseen, until someone"
                    + " resumes it");
        }
        return Optional.empty();
    }

    /**
     * Empty unless a rollout already under way is replacing every failing pod: someone changed the workload (a
     * rollback, a restart, a new release) and its controller has not yet caught up, or every failing pod is terminating
     * or belongs to an older revision that the rollout is retiring. Then the fix is in progress and the thing to do is
     * wait for it, not act on top of it nor call a human. Failing pods of the current revision (a bad release) are not
     * being replaced: the rollout is stuck on them.
     */
    public static Optional<String> replacing(TargetSnapshot s, Plan plan) {
        List<Pod> faultyPods = StepFactory.faultyPods(s, plan.findings().stream().filter(f -> f.type() == plan.primaryFinding().type()).toList());
        Optional<String> rollout = inProgress(s);
        if (rollout.isEmpty() || faultyPods.isEmpty()) {
            return Optional.empty();
        }
        if (!CurrentRevision.observed(s)) {
            return Optional.of(rollout.get() + ": a change to the workload is about to roll out");
        }
        boolean allRetiring = faultyPods.stream().allMatch(p -> p.getMetadata().getDeletionTimestamp() != null || !CurrentRevision.isCurrent(s, p));
        if (!allRetiring) {
            return Optional.empty();
        }
        return Optional.of(rollout.get() + "; it is replacing the failing pod(s) "
                + faultyPods.stream().map(p -> p.getMetadata().getName()).sorted().toList());
    }

    /** Empty when no rollout is in progress, else a short human description of why one is. */
    public static Optional<String> inProgress(TargetSnapshot s) {
        if (s.deployment() != null) {
            return deployment(s.deployment());
        }
        if (s.statefulSet() != null) {
            return statefulSet(s.statefulSet());
        }
        if (s.daemonSet() != null) {
            return daemonSet(s.daemonSet());
        }
        return Optional.empty();
    }

    private static Optional<String> deployment(Deployment d) {
        var st = d.getStatus();
        if (st == null || notObserved(d.getMetadata().getGeneration(), st.getObservedGeneration())) {
            return Optional.of("the Deployment controller has not observed generation " + d.getMetadata().getGeneration() + " yet");
        }
        int replicas = orZero(st.getReplicas());
        int updated = orZero(st.getUpdatedReplicas());
        if (replicas > updated) {
            return Optional.of((replicas - updated) + " pod(s) of an older ReplicaSet still run (" + updated + " of " + replicas + " updated)");
        }
        return Optional.empty();
    }

    private static Optional<String> statefulSet(StatefulSet s) {
        var st = s.getStatus();
        if (st == null || notObserved(s.getMetadata().getGeneration(), st.getObservedGeneration())) {
            return Optional.of("the StatefulSet controller has not observed generation " + s.getMetadata().getGeneration() + " yet");
        }
        if (st.getUpdateRevision() != null && !Objects.equals(st.getCurrentRevision(), st.getUpdateRevision())) {
            return Optional.of("pods are moving from revision " + st.getCurrentRevision() + " to " + st.getUpdateRevision());
        }
        return Optional.empty();
    }

    private static Optional<String> daemonSet(DaemonSet d) {
        var st = d.getStatus();
        if (st == null || notObserved(d.getMetadata().getGeneration(), st.getObservedGeneration())) {
            return Optional.of("the DaemonSet controller has not observed generation " + d.getMetadata().getGeneration() + " yet");
        }
        if (orZero(st.getUpdatedNumberScheduled()) < orZero(st.getDesiredNumberScheduled())) {
            return Optional.of(st.getUpdatedNumberScheduled() + " of " + st.getDesiredNumberScheduled() + " daemon pods updated");
        }
        return Optional.empty();
    }

    private static boolean notObserved(Long generation, Long observed) {
        return generation != null && (observed == null || observed < generation);
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }
}
