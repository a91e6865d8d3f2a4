package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Risk;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Makes one ladder rung concrete: the object to act on, the parameters, the reason code, confidence and risk. A rung
 * that cannot apply to this target gives empty (it is left out of the ladder); one that applies but cannot be done
 * safely becomes an escalation with the reason.
 */
final class StepFactory {

    private final KubemedicConfig config;

    StepFactory(KubemedicConfig config) {
        this.config = config;
    }

    Optional<Step> build(Rule rule, Rung rung, TargetSnapshot s, List<Finding> matching) {
        Finding primary = matching.getFirst();
        Map<String, String> params = new LinkedHashMap<>(rung.params());
        if (primary.type().requested()) { // who asked travels with the step into the audit trail
            params.put("requestedBy", nullToEmpty(primary.evidence("requestedBy")));
            params.put("requestId", nullToEmpty(primary.evidence("requestId")));
        }
        return Optional.ofNullable(switch (rung.action()) {
            case EVICT_POD -> evict(rule, rung, s, matching, params);
            case ROLLOUT_RESTART -> Workloads.templated(s.target())
                    ? step(rule, rung, s.target(), s, params, restartReason(primary.type()), primary.message(), 0.6, Risk.MEDIUM)
                    : null;
            case ROLLBACK -> rollback(rule, rung, s, params, primary);
            case RAISE_MEMORY_LIMIT -> raiseMemory(rule, rung, s, params, primary);
            case SCALE -> scale(rule, rung, s, params, primary);
            case CORDON_NODE -> s.target().isKind(ResourceRef.NODE)
                    ? step(rule, rung, s.target(), s, params, Reason.NODE_NOT_READY_CORDON, primary.message(), 0.9, Risk.LOW) : null;
            case DRAIN_NODE -> s.target().isKind(ResourceRef.NODE)
                    ? step(rule, rung, s.target(), s, params, Reason.NODE_NOT_READY_DRAIN, primary.message(), 0.7, Risk.HIGH) : null;
            case CHECK_IMAGE -> {
                params.put("image", nullToEmpty(primary.evidence("image")));
                params.put("pullSecrets", nullToEmpty(primary.evidence("pullSecrets")));
                yield step(rule, rung, primary.subject(), s, params, Reason.IMAGE_PULL_CHECK, primary.message(), 1.0, Risk.NONE);
            }
            case REPORT -> step(rule, rung, s.target(), s, params, reportReason(primary.type()),
                    primary.message() + evidenceText(primary), 1.0, Risk.NONE);
            case ESCALATE -> step(rule, rung, s.target(), s, params, Reason.POLICY_ESCALATE, primary.message(), 1.0, Risk.NONE);
        });
    }

    /** The first faulty pod that is not already on its way out: evicting a terminating pod changes nothing. */
    private Step evict(Rule rule, Rung rung, TargetSnapshot s, List<Finding> matching, Map<String, String> params) {
        for (Finding f : matching) {
            if (!f.subject().isKind(ResourceRef.POD)) {
                continue;
            }
            Optional<Pod> pod = s.pod(f.subject().name());
            if (pod.isPresent() && pod.get().getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            pod.ifPresent(p -> params.put("podUid", p.getMetadata().getUid()));
            Reason reason = f.type() == FindingType.MEMORY_LEAK ? Reason.MEMORY_LEAK_RESTART
                    : f.type().requested() ? Reason.REQUESTED_ACTION : Reason.CRASH_LOOP_EVICT;
            return step(rule, rung, f.subject(), s, params, reason, f.message(), 0.8, Risk.LOW);
        }
        return null;
    }

    private Step rollback(Rule rule, Rung rung, TargetSnapshot s, Map<String, String> params, Finding primary) {
        if (s.deployment() == null) {
            return null;
        }
        String asked = primary.type().requested() ? primary.evidence("revision") : null;
        if (asked != null) { // a request names its revision
            Optional<ReplicaSet> named = Revisions.byNumber(s, Long.parseLong(asked));
            if (named.isEmpty() || Revisions.current(s).map(c -> Revisions.revision(c) == Long.parseLong(asked)).orElse(false)) {
                return escalate(rule, rung, s, Reason.NO_PREVIOUS_REVISION, named.isEmpty() ? "revision " + asked + " of " + s.target()
                        + " does not exist (or its ReplicaSet was cleaned up by revisionHistoryLimit)" : s.target() + " is already at revision " + asked);
            }
        }
        Optional<ReplicaSet> previous = asked != null ? Revisions.byNumber(s, Long.parseLong(asked)) : Revisions.previous(s);
        if (previous.isEmpty()) {
            return escalate(rule, rung, s, Reason.NO_PREVIOUS_REVISION,
                    "no earlier revision with a different pod template to roll back to (restarts do not count as releases)");
        }
        params.put("revision", String.valueOf(Revisions.revision(previous.get())));
        Map<String, String> labels = previous.get().getMetadata().getLabels();
        if (labels != null && labels.get(Revisions.TEMPLATE_HASH) != null) {
            params.put("templateHash", labels.get(Revisions.TEMPLATE_HASH));
        }
        Revisions.current(s).ifPresent(c -> params.put("fromRevision", String.valueOf(Revisions.revision(c))));
        Reason reason = primary.type() == FindingType.ROLLOUT_STUCK ? Reason.ROLLOUT_STUCK_ROLLBACK
                : primary.type().requested() ? Reason.REQUESTED_ACTION : Reason.CRASH_LOOP_ROLLBACK;
        return step(rule, rung, s.target(), s, params, reason,
                "roll back from revision " + params.get("fromRevision") + " to " + params.get("revision"), 0.7, Risk.MEDIUM);
    }

    private Step raiseMemory(Rule rule, Rung rung, TargetSnapshot s, Map<String, String> params, Finding primary) {
        if (!Workloads.templated(s.target()) || s.podTemplate().isEmpty()) {
            return escalate(rule, rung, s, Reason.NOT_A_WORKLOAD, "no Deployment, StatefulSet or DaemonSet owns " + s.target()
                    + ": there is no pod template to raise the limit on");
        }
        String name = primary.container();
        Optional<Container> container = s.podTemplate().get().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(name)).findFirst();
        Optional<MemoryLimits.Cap> cap = MemoryLimits.cap(s, name, config.memoryCeiling());
        Optional<MemoryRaise.Result> raise = container.flatMap(c -> cap.flatMap(k ->
                MemoryRaise.compute(c, config.memoryRaisePercent(), config.memoryMinIncrement(), k)));
        if (raise.isEmpty()) {
            return escalate(rule, rung, s, Reason.NO_MEMORY_LIMIT, "container " + name + " has no memory limit on the pod template of "
                    + s.target() + " to raise");
        }
        MemoryRaise.Result r = raise.get();
        if (!r.raises()) {
            return escalate(rule, rung, s, Reason.MEMORY_CEILING, "memory limit of container " + name + " is " + r.previousLimit()
                    + " and cannot go higher: " + r.cappedBy());
        }
        params.put("container", name);
        params.put("previousLimit", r.previousLimit().toString());
        params.put("memoryLimit", r.newLimit().toString());
        if (r.newRequest() != null) {
            params.put("memoryRequest", r.newRequest().toString());
        }
        Reason reason = primary.type() == FindingType.OOM_KILLED ? Reason.OOM_RAISE_MEMORY
                : primary.type().requested() ? Reason.REQUESTED_ACTION : Reason.MEMORY_PRESSURE_RAISE_MEMORY;
        String detail = "raise memory limit of container " + name + " from " + r.previousLimit() + " to " + r.newLimit()
                + (r.capped() ? " (capped by " + r.cappedBy() + ")" : "");
        return step(rule, rung, s.target(), s, params, reason, detail, reason == Reason.OOM_RAISE_MEMORY ? 0.85 : 0.7, Risk.MEDIUM);
    }

    /** Scales the workload, or, when an autoscaler owns its replica count, raises the autoscaler's minReplicas. */
    private Step scale(Rule rule, Rung rung, TargetSnapshot s, Map<String, String> params, Finding primary) {
        if (!s.target().isKind(ResourceRef.DEPLOYMENT) && !s.target().isKind(ResourceRef.STATEFUL_SET)) {
            return null;
        }
        if (primary.type().requested() && primary.evidence("replicas") != null) {
            params.put("replicas", primary.evidence("replicas")); // a request names its replica count
        }
        params.putIfAbsent("replicas", "2");
        int wanted = Integer.parseInt(params.get("replicas"));
        Reason reason = primary.type() == FindingType.SINGLE_REPLICA_PROD ? Reason.SINGLE_REPLICA_SCALE_UP
                : primary.type().requested() ? Reason.REQUESTED_ACTION : Reason.UNSCHEDULABLE_SCALE_DOWN;
        Optional<HorizontalPodAutoscaler> hpa = s.autoscalers().stream().findFirst();
        if (hpa.isPresent()) {
            var spec = hpa.get().getSpec();
            String name = hpa.get().getMetadata().getName();
            int min = spec.getMinReplicas() == null ? 1 : spec.getMinReplicas();
            if (wanted > spec.getMaxReplicas()) {
                return escalate(rule, rung, s, Reason.AUTOSCALER_LIMIT, "HorizontalPodAutoscaler " + name + " manages " + s.target()
                        + " with maxReplicas " + spec.getMaxReplicas() + ", below the wanted " + wanted);
            }
            params.put("hpa", name);
            params.put("previousMinReplicas", String.valueOf(min));
            return step(rule, rung, s.target(), s, params, Reason.HPA_RAISE_MIN, "HorizontalPodAutoscaler " + name + " manages "
                    + s.target() + ": raise its minReplicas from " + min + " to " + wanted + " instead of scaling directly", 0.9, Risk.LOW);
        }
        params.put("previousReplicas", String.valueOf(s.desiredReplicas()));
        return step(rule, rung, s.target(), s, params, reason,
                "scale from " + s.desiredReplicas() + " to " + wanted + " replicas", 0.95, Risk.LOW);
    }

    private static Reason restartReason(FindingType type) {
        return type == FindingType.MEMORY_LEAK ? Reason.MEMORY_LEAK_RESTART
                : type.requested() ? Reason.REQUESTED_ACTION : Reason.CRASH_LOOP_ROLLOUT_RESTART;
    }

    Step escalate(Rule rule, Rung rung, TargetSnapshot s, Reason reason, String detail) {
        return new Step(ActionType.ESCALATE, s.target(), s.target(), Map.of(), reason, detail, 1.0, Risk.NONE, rung.name(),
                rung.automatic(), rule.name());
    }

    Step report(Rule rule, Rung rung, TargetSnapshot s, Reason reason, String detail) {
        return new Step(ActionType.REPORT, s.target(), s.target(), Map.of(), reason, detail, 1.0, Risk.NONE, rung.name(), false, rule.name());
    }

    private static Step step(Rule rule, Rung rung, ResourceRef target, TargetSnapshot s, Map<String, String> params,
                             Reason reason, String detail, double confidence, Risk risk) {
        return new Step(rung.action(), target, s.target(), params, reason, detail, confidence, risk, rung.name(), rung.automatic(), rule.name());
    }

    private static Reason reportReason(FindingType type) {
        return switch (type) {
            case UNSCHEDULABLE, UNSCHEDULABLE_INSUFFICIENT_RESOURCES -> Reason.UNSCHEDULABLE_REPORT;
            case CREATE_CONTAINER_CONFIG_ERROR -> Reason.CONFIG_ERROR_REPORT;
            case PROBE_FAILURE -> Reason.PROBE_FAILURE_REPORT;
            case HIGH_RESTART_COUNT -> Reason.HIGH_RESTART_REPORT;
            default -> Reason.POLICY_ESCALATE;
        };
    }

    private static String evidenceText(Finding f) {
        return f.evidence().isEmpty() ? "" : " " + new TreeMap<>(f.evidence());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The pods the matching findings were seen on. */
    static List<Pod> faultyPods(TargetSnapshot s, List<Finding> matching) {
        return matching.stream().map(Finding::subject).filter(r -> r.isKind(ResourceRef.POD)).distinct()
                .map(r -> s.pod(r.name())).flatMap(Optional::stream).toList();
    }
}
