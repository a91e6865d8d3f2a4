package io.kubemedic.core.verify;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.decision.CurrentRevision;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Ownership;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Watches one expectation to its end. Pure and immutable: each evaluation returns the next state, so a pending
 * verification is plain data that survives a restart.
 * <ul>
 *   <li>Eviction: the replacement pod must be Ready and stay healthy for {@code stableFor} (crash-looping apps are
 *       often Ready for a few seconds before they die). Then MET if no pod shows the fault any more, or PARTIAL when
 *       other original pods still do: the same rung is taken again for the next pod. A replacement with the same
 *       fault fails at once.</li>
 *   <li>Rolling restart, rollback, memory raise: only the current revision's pods count; old pods a stuck rollout
 *       keeps say nothing. MET once enough of them are Ready and stay so; FAILED as soon as one shows the fault.</li>
 *   <li>Scale: the wanted replicas Ready and holding.</li>
 *   <li>Cordon and drain contain a NotReady node but cannot make it Ready: MITIGATED once (the incident stays open),
 *       MET if the node comes back, FAILED at the deadline so the ladder goes on.</li>
 *   <li>An action whose outcome the API server did not give and that does not show in the cluster: NOT_LANDED,
 *       and the same step is tried again instead of climbing blind.</li>
 * </ul>
 */
public record Verification(Expectation expectation, Set<FindingType> faultTypes, Duration stableFor, Instant healthySince,
                           boolean mitigationReported) {

    public enum Status { PENDING, MET, PARTIAL, MITIGATED, FAILED, NOT_LANDED }

    /** @param next the state to keep for the following evaluation (meaningful while PENDING or MITIGATED) */
    public record Result(Status status, Reason reason, String detail, Verification next) {
    }

    public Verification {
        faultTypes = Set.copyOf(faultTypes);
    }

    public Verification(Expectation expectation, Set<FindingType> faultTypes, Duration stableFor) {
        this(expectation, faultTypes, stableFor, null, false);
    }

    public Result evaluate(TargetSnapshot now, List<Finding> findings, Instant at) {
        if (!expectation.landed(now)) {
            if (expectation.outcomeUnknown() && !at.isBefore(expectation.landBy())) {
                return end(Status.NOT_LANDED, Reason.OUTCOME_UNKNOWN, "the API server did not answer and the action does not show in the cluster");
            }
            if (!at.isBefore(expectation.deadline())) {
                return end(Status.FAILED, Reason.VERIFICATION_TIMEOUT, "expected " + expectation.name() + " by "
                        + expectation.deadline() + ": the action did not show in the cluster");
            }
            return pending(null, "waiting for the action to show in the cluster");
        }
        // a pod on its way out (the one just evicted, Terminating for its grace period) is not a pod that still has the fault
        List<Finding> sameFault = findings.stream().filter(f -> faultTypes.contains(f.type()) && !terminating(now, f)).toList();
        return switch (expectation.step().action()) {
            case EVICT_POD -> replacement(now, findings, sameFault, at);
            case ROLLOUT_RESTART, ROLLBACK, RAISE_MEMORY_LIMIT -> revision(now, findings, sameFault, at);
            case CORDON_NODE, DRAIN_NODE -> node(sameFault, at);
            default -> scaled(now, sameFault, at);
        };
    }

    private static boolean terminating(TargetSnapshot now, Finding f) {
        return f.subject().isKind(io.kubemedic.core.model.ResourceRef.POD)
                && now.pod(f.subject().name()).map(p -> p.getMetadata().getDeletionTimestamp() != null).orElse(false);
    }

    private Result replacement(TargetSnapshot now, List<Finding> findings, List<Finding> sameFault, Instant at) {
        List<Pod> replacements = now.pods().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && expectation.isReplacement(p)).toList();
        Predicate<Finding> onReplacement = f -> onPod(f, replacements);
        if (sameFault.stream().anyMatch(onReplacement)) {
            return end(Status.FAILED, Reason.VERIFICATION_SAME_FAULT, sameFault.stream().filter(onReplacement).findFirst().orElseThrow().message());
        }
        boolean healthy = !replacements.isEmpty() && replacements.stream().allMatch(Verification::podReady)
                && findings.stream().noneMatch(f -> f.severity() == Severity.CRITICAL && onReplacement.test(f));
        if (!healthy) {
            return timeoutOr(at, "no Ready replacement pod (" + replacements.size() + " replacement(s) so far)");
        }
        Instant since = healthySince == null ? at : healthySince;
        if (at.isBefore(since.plus(stableFor))) {
            return pending(since, "replacement Ready, holding for " + stableFor.toMillis() + " ms");
        }
        String held = " (replacement held Ready for " + Duration.between(since, at).toMillis() + " ms)";
        if (!sameFault.isEmpty()) {
            return end(Status.PARTIAL, Reason.VERIFIED, "pod replaced and healthy" + held + "; " + sameFault.size()
                    + " other pod(s) still show the fault: the next one follows");
        }
        return end(Status.MET, Reason.VERIFIED, expectation.name() + held);
    }

    private Result revision(TargetSnapshot now, List<Finding> findings, List<Finding> sameFault, Instant at) {
        List<Pod> current = CurrentRevision.pods(now);
        Predicate<Finding> onCurrent = f -> onPod(f, current);
        if (sameFault.stream().anyMatch(onCurrent)) {
            return end(Status.FAILED, Reason.VERIFICATION_SAME_FAULT, "a pod of the new revision shows the same fault: "
                    + sameFault.stream().filter(onCurrent).findFirst().orElseThrow().message());
        }
        long ready = current.stream().filter(Verification::podReady).count();
        int desired = now.desiredReplicas();
        boolean healthy = ready >= desired && findings.stream().noneMatch(f -> f.severity() == Severity.CRITICAL && onCurrent.test(f));
        if (!healthy) {
            return timeoutOr(at, ready + " of " + desired + " pods of the new revision Ready");
        }
        return stable(at, ready + " of " + desired + " pods of the new revision Ready");
    }

    private Result scaled(TargetSnapshot now, List<Finding> sameFault, Instant at) {
        long ready = now.pods().stream().filter(Verification::podReady).count();
        int wanted = Integer.parseInt(expectation.step().params().getOrDefault("replicas", "0"));
        if (ready < wanted || !sameFault.isEmpty()) {
            return timeoutOr(at, ready + " of " + wanted + " replicas Ready");
        }
        return stable(at, ready + " replicas Ready");
    }

    private Result node(List<Finding> sameFault, Instant at) {
        if (sameFault.isEmpty()) {
            return stable(at, "node Ready again");
        }
        if (!at.isBefore(expectation.deadline())) {
            return end(Status.FAILED, Reason.VERIFICATION_TIMEOUT, expectation.step().action().policyName()
                    + " contained the node, but it is still NotReady at the deadline: " + sameFault.getFirst().message());
        }
        if (!mitigationReported) {
            return new Result(Status.MITIGATED, Reason.MITIGATED, expectation.step().action().policyName()
                    + " took effect; the node is still NotReady, the incident stays open until it is Ready or "
                    + expectation.deadline(), new Verification(expectation, faultTypes, stableFor, null, true));
        }
        return pending(null, "contained; waiting for the node to become Ready");
    }

    private Result stable(Instant at, String what) {
        Instant since = healthySince == null ? at : healthySince;
        if (at.isBefore(since.plus(stableFor))) {
            return pending(since, what + ", holding");
        }
        return end(Status.MET, Reason.VERIFIED, expectation.name() + " (" + what + ", held " + Duration.between(since, at).toMillis() + " ms)");
    }

    private Result timeoutOr(Instant at, String what) {
        if (!at.isBefore(expectation.deadline())) {
            return end(Status.FAILED, Reason.VERIFICATION_TIMEOUT, "expected " + expectation.name() + " by " + expectation.deadline() + ": " + what);
        }
        return pending(null, what);
    }

    private Result pending(Instant since, String detail) {
        return new Result(Status.PENDING, null, detail, new Verification(expectation, faultTypes, stableFor, since, mitigationReported));
    }

    private Result end(Status status, Reason reason, String detail) {
        return new Result(status, reason, detail, this);
    }

    private static boolean onPod(Finding f, List<Pod> pods) {
        return f.subject().isKind(ResourceRef.POD) && pods.stream().anyMatch(p -> p.getMetadata().getName().equals(f.subject().name()));
    }

    /** Ready and not on its way out. */
    static boolean podReady(Pod p) {
        return p.getMetadata().getDeletionTimestamp() == null && Ownership.ready(p);
    }
}
