package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
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

/** Makes one ladder rung concrete: the object to act on, the parameters, the reason code, confidence and risk. */
final class StepFactory {

    private final KubemedicConfig config;

    StepFactory(KubemedicConfig config) {
        this.config = config;
    }

    Optional<Step> build(Rule rule, Rung rung, int index, TargetSnapshot s, List<Finding> matching) {
        Finding primary = matching.getFirst();
        ResourceRef workload = s.target();
        boolean isWorkload = workload.isKind(ResourceRef.DEPLOYMENT) || workload.isKind(ResourceRef.STATEFUL_SET);
        Map<String, String> params = new LinkedHashMap<>(rung.params());
        return Optional.ofNullable(switch (rung.action()) {
            case EVICT_POD -> {
                ResourceRef pod = primary.subject().isKind(ResourceRef.POD) ? primary.subject() : null;
                if (pod == null) {
                    yield null;
                }
                s.pod(pod.name()).ifPresent(p -> params.put("podUid", p.getMetadata().getUid()));
                yield step(rung, index, pod, s, params, Reason.CRASH_LOOP_EVICT, primary.message(), 0.8, Risk.LOW, rule);
            }
            case ROLLOUT_RESTART -> isWorkload
                    ? step(rung, index, workload, s, params, Reason.CRASH_LOOP_ROLLOUT_RESTART, primary.message(), 0.6, Risk.MEDIUM, rule)
                    : null;
            case ROLLBACK -> rollback(rule, rung, index, s, params, primary);
            case RAISE_MEMORY_LIMIT -> raiseMemory(rule, rung, index, s, params, primary);
            case SCALE -> {
                if (!isWorkload) {
                    yield null;
                }
                params.putIfAbsent("replicas", "2");
                params.put("previousReplicas", String.valueOf(s.desiredReplicas()));
                Reason reason = primary.type() == FindingType.SINGLE_REPLICA_PROD ? Reason.SINGLE_REPLICA_SCALE_UP : Reason.UNSCHEDULABLE_SCALE_DOWN;
                yield step(rung, index, workload, s, params, reason,
                        "scale from " + s.desiredReplicas() + " to " + params.get("replicas") + " replicas", 0.95, Risk.LOW, rule);
            }
            case CORDON_NODE -> step(rung, index, workload, s, params, Reason.NODE_NOT_READY_CORDON, primary.message(), 0.9, Risk.LOW, rule);
            case DRAIN_NODE -> step(rung, index, workload, s, params, Reason.NODE_NOT_READY_DRAIN, primary.message(), 0.7, Risk.HIGH, rule);
            case CHECK_IMAGE -> {
                params.put("image", nullToEmpty(primary.evidence("image")));
                params.put("pullSecrets", nullToEmpty(primary.evidence("pullSecrets")));
                yield step(rung, index, primary.subject(), s, params, Reason.IMAGE_PULL_CHECK, primary.message(), 1.0, Risk.NONE, rule);
            }
            case REPORT -> step(rung, index, workload, s, params, reportReason(primary.type()),
                    primary.message() + evidenceText(primary), 1.0, Risk.NONE, rule);
            case ESCALATE -> step(rung, index, workload, s, params, Reason.POLICY_ESCALATE, primary.message(), 1.0, Risk.NONE, rule);
        });
    }

    private Step rollback(Rule rule, Rung rung, int index, TargetSnapshot s, Map<String, String> params, Finding primary) {
        if (s.deployment() == null) {
            return null;
        }
        Optional<ReplicaSet> previous = Revisions.previous(s);
        if (previous.isEmpty()) {
            return escalate(rung, index, s, Reason.NO_PREVIOUS_REVISION, "no earlier ReplicaSet revision to roll back to", rule);
        }
        params.put("revision", String.valueOf(Revisions.revision(previous.get())));
        Revisions.current(s).ifPresent(c -> params.put("fromRevision", String.valueOf(Revisions.revision(c))));
        Reason reason = primary.type() == FindingType.ROLLOUT_STUCK ? Reason.ROLLOUT_STUCK_ROLLBACK : Reason.CRASH_LOOP_ROLLBACK;
        return step(rung, index, s.target(), s, params, reason,
                "roll back from revision " + params.get("fromRevision") + " to " + params.get("revision"), 0.7, Risk.MEDIUM, rule);
    }

    private Step raiseMemory(Rule rule, Rung rung, int index, TargetSnapshot s, Map<String, String> params, Finding primary) {
        if (s.podTemplate().isEmpty()) {
            return escalate(rung, index, s, Reason.NOT_A_WORKLOAD, "no Deployment or StatefulSet owns " + s.target() + ": nothing to raise the limit on", rule);
        }
        String name = primary.container();
        Optional<Container> container = s.podTemplate().get().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(name)).findFirst();
        Optional<MemoryRaise.Result> raise = container.flatMap(c -> MemoryRaise.compute(c, config.memoryRaisePercent(),
                config.memoryMinIncrement(), config.memoryCeiling(), s.limitRanges()));
        if (raise.isEmpty()) {
            return escalate(rung, index, s, Reason.NO_MEMORY_LIMIT, "container " + name + " has no memory limit on its workload to raise", rule);
        }
        MemoryRaise.Result r = raise.get();
        params.put("container", name);
        params.put("previousLimit", r.previousLimit().toString());
        params.put("memoryLimit", r.newLimit().toString());
        if (r.newRequest() != null) {
            params.put("memoryRequest", r.newRequest().toString());
        }
        Reason reason = primary.type() == FindingType.OOM_KILLED ? Reason.OOM_RAISE_MEMORY : Reason.MEMORY_PRESSURE_RAISE_MEMORY;
        String detail = "raise memory limit of container " + name + " from " + r.previousLimit() + " to " + r.newLimit()
                + (r.capped() ? " (capped by the ceiling or LimitRange)" : "");
        return step(rung, index, s.target(), s, params, reason, detail,
                reason == Reason.OOM_RAISE_MEMORY ? 0.85 : 0.7, Risk.LOW, rule);
    }

    private Step escalate(Rung rung, int index, TargetSnapshot s, Reason reason, String detail, Rule rule) {
        return new Step(ActionType.ESCALATE, s.target(), s.target(), Map.of(), reason, detail, 1.0, Risk.NONE, index, rung.automatic(), rule.name());
    }

    private static Step step(Rung rung, int index, ResourceRef target, TargetSnapshot s, Map<String, String> params,
                             Reason reason, String detail, double confidence, Risk risk, Rule rule) {
        return new Step(rung.action(), target, s.target(), params, reason, detail, confidence, risk, index, rung.automatic(), rule.name());
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
        return f.evidence().isEmpty() ? "" : " " + new java.util.TreeMap<>(f.evidence());
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
