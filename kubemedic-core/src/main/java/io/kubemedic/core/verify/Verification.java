package io.kubemedic.core.verify;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Watches one expectation to its end: MET once the action landed and the target stayed healthy for
 * {@code stableFor}; FAILED at the deadline, or at once when a replacement pod shows the same fault
 * (no point waiting out the timeout for a rollout that crashes the same way). Pure; time comes in as arguments.
 */
public final class Verification {

    /**
     * PARTIAL: an eviction worked (its replacement is Ready and healthy) but other original pods still show the
     * fault, so the same rung should be taken again for the next pod rather than climbing the ladder.
     */
    public enum Status { PENDING, MET, PARTIAL, FAILED }

    public record Result(Status status, Reason reason, String detail) {
    }

    private final Expectation expectation;
    private final Set<FindingType> faultTypes;
    private final Duration stableFor;
    private Instant healthySince;

    public Verification(Expectation expectation, Set<FindingType> faultTypes, Duration stableFor) {
        this.expectation = expectation;
        this.faultTypes = Set.copyOf(faultTypes);
        this.stableFor = stableFor;
    }

    public Expectation expectation() {
        return expectation;
    }

    public Result evaluate(TargetSnapshot now, List<Finding> findings, Instant at) {
        boolean landed = expectation.landed(now);
        if (landed && expectation.step().action() == io.kubemedic.core.model.ActionType.CORDON_NODE) {
            // cordoning contains a NotReady node; it cannot make it Ready, so landing is the whole expectation
            return new Result(Status.MET, Reason.VERIFIED, expectation.name());
        }
        List<Finding> sameFault = findings.stream().filter(f -> faultTypes.contains(f.type())).toList();
        if (landed && sameFault.stream().anyMatch(f -> onReplacement(now, f))) {
            return new Result(Status.FAILED, Reason.VERIFICATION_SAME_FAULT, sameFault.getFirst().message());
        }
        if (landed && !sameFault.isEmpty() && expectation.step().action() == io.kubemedic.core.model.ActionType.EVICT_POD
                && replacementsReady(now)) {
            return new Result(Status.PARTIAL, Reason.VERIFIED, "replacement pod is Ready; " + sameFault.size() + " other pod(s) still faulty");
        }
        boolean healthy = landed && sameFault.isEmpty() && noCritical(findings) && ready(now);
        if (!healthy) {
            healthySince = null;
        } else if (healthySince == null) {
            healthySince = at;
        }
        if (healthySince != null && !at.isBefore(healthySince.plus(stableFor))) {
            return new Result(Status.MET, Reason.VERIFIED, expectation.name() + " (held " + Duration.between(healthySince, at).toMillis() + " ms)");
        }
        if (!at.isBefore(expectation.deadline())) {
            String why = !landed ? "the action did not show in the cluster" : !sameFault.isEmpty() ? sameFault.getFirst().message() : "target not Ready";
            return new Result(Status.FAILED, Reason.VERIFICATION_TIMEOUT, "expected " + expectation.name() + " by " + expectation.deadline() + ": " + why);
        }
        return new Result(Status.PENDING, null, healthy ? "healthy, holding" : landed ? "landed, waiting for Ready" : "waiting for the action to land");
    }

    private boolean onReplacement(TargetSnapshot now, Finding f) {
        if (!f.subject().isKind(ResourceRef.POD)) {
            return false;
        }
        return now.pod(f.subject().name()).map(expectation::isReplacement).orElse(false);
    }

    private boolean replacementsReady(TargetSnapshot now) {
        List<Pod> replacements = now.pods().stream().filter(expectation::isReplacement).toList();
        return !replacements.isEmpty() && replacements.stream().allMatch(Verification::podReady);
    }

    private static boolean noCritical(List<Finding> findings) {
        return findings.stream().noneMatch(f -> f.severity() == Severity.CRITICAL);
    }

    /** Every desired replica is Ready (nodes and targets without pods count as ready). */
    private static boolean ready(TargetSnapshot s) {
        if (s.target().isKind(ResourceRef.NODE)) {
            return true;
        }
        long ready = s.pods().stream().filter(Verification::podReady).count();
        return ready >= s.desiredReplicas();
    }

    /** Ready and not on its way out. */
    static boolean podReady(Pod p) {
        return p.getMetadata().getDeletionTimestamp() == null && io.kubemedic.core.model.Ownership.ready(p);
    }
}
