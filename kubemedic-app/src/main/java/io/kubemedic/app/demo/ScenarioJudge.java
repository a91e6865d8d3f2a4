package io.kubemedic.app.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.IncidentRecord;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.kube.sandbox.ApiRequest;
import io.kubemedic.kube.sandbox.Scenario;
import io.kubemedic.kube.sandbox.ScenarioPlayer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Judges a scenario from ground truth, never from the engine's own account of itself: the incident and audit rows in
 * the store, the faults as the player saw them cleared (a HEALED verdict needs every fault cleared by a real fix), the
 * objects as the API server holds them at the end, and the mutating requests the server received from Kubemedic —
 * every write Kubemedic made must be one its audit trail records as applied, and a forbidden eviction is looked for in
 * the server's log as well as in the trail.
 */
final class ScenarioJudge {

    /** Kubemedic's incidents and audit rows, read once from the store. */
    record Trail(List<IncidentRecord> incidents, Function<String, List<AuditRecord>> rows) {
    }

    private final ScenarioPlayer player;

    ScenarioJudge(ScenarioPlayer player) {
        this.player = player;
    }

    /** The incident the scenario is judged by: the latest one on its target. */
    Optional<IncidentRecord> incident(Scenario s, List<IncidentRecord> incidents) {
        ResourceRef target = target(s);
        return incidents.stream().filter(i -> i.workload().equals(target)).max(Comparator.comparing(IncidentRecord::openedAt));
    }

    /** Whether the scenario has reached what it expects (so the demo may stop waiting for it). */
    boolean settled(Scenario s, List<IncidentRecord> incidents) {
        String expected = s.expect().outcome();
        if ("NONE".equals(expected)) {
            return false; // nothing may happen: only the end of `within` says so
        }
        boolean reached = incident(s, incidents).map(i -> i.outcome().name().equals(expected)).orElse(false);
        return reached && (!"HEALED".equals(expected) || s.faults().isEmpty() || player.faultClearedAt(s.name()).isPresent());
    }

    ScenarioResult judge(Scenario s, Trail trail, Optional<List<ApiRequest>> requests) {
        List<String> failures = new ArrayList<>();
        Optional<IncidentRecord> incident = incident(s, trail.incidents());
        String outcome = incident.map(i -> i.outcome().name()).orElse("NONE");
        if (!outcome.equals(s.expect().outcome())) {
            failures.add("outcome " + outcome + " on " + target(s) + ", expected " + s.expect().outcome());
        }
        List<AuditRecord> rows = trail.incidents().stream().filter(i -> inScenario(s, i.workload()))
                .flatMap(i -> trail.rows().apply(i.id()).stream()).toList();
        List<AuditRecord> executed = rows.stream().filter(ScenarioJudge::executed).toList();
        List<String> taken = taken(rows);
        for (String action : s.expect().actions()) {
            if (!taken.contains(action)) {
                failures.add("expected action " + action + " was not taken (taken: " + taken + ")");
            }
        }
        for (String forbidden : s.expect().forbiddenActions()) {
            if (taken.contains(forbidden)) {
                failures.add("forbidden action " + forbidden + " was taken");
            }
        }
        if (s.expect().maxActions() != null && executed.size() > s.expect().maxActions()) {
            failures.add(executed.size() + " actions executed, at most " + s.expect().maxActions() + " expected");
        }
        Set<String> reasons = new LinkedHashSet<>();
        rows.forEach(r -> { if (r.reason() != null) { reasons.add(r.reason().name()); } });
        for (String reason : s.expect().reasons()) {
            if (!reasons.contains(reason)) {
                failures.add("expected audit reason " + reason + " does not appear (seen: " + reasons + ")");
            }
        }
        if ("HEALED".equals(outcome) && !s.faults().isEmpty() && player.faultClearedAt(s.name()).isEmpty()) {
            failures.add("the incident says HEALED but a fault was not cleared by a real fix");
        }
        requests.ifPresent(log -> failures.addAll(serverChecks(s, rows, log)));
        failures.addAll(player.checkFinalState(s));
        Instant fault = player.faultStartedAt(s.name()).orElse(null);
        Long detect = incident.map(i -> since(fault, i.openedAt())).orElse(null);
        Long heal = incident.filter(i -> i.outcome() != Outcome.OPEN).map(i -> since(fault, i.closedAt() != null ? i.closedAt() : i.updatedAt())).orElse(null);
        String action = s.expect().action() != null && taken.contains(s.expect().action()) ? s.expect().action()
                : taken.isEmpty() ? "none" : taken.getLast();
        return new ScenarioResult(s.name(), s.issue(), player.namespaceOf(s.name()), action, outcome, failures.isEmpty(), detect, heal, failures);
    }

    /**
     * What the server saw from Kubemedic in the scenario: its successful writes (Events aside) must be exactly the actions
     * the trail records as applied (a drain evicts many pods in one action: then at least as many), and a forbidden
     * eviction must not be among them.
     */
    private List<String> serverChecks(Scenario s, List<AuditRecord> rows, List<ApiRequest> log) {
        List<String> failures = new ArrayList<>();
        String ns = player.namespaceOf(s.name());
        Set<String> nodes = new LinkedHashSet<>(faultedNodes(s));
        List<ApiRequest> writes = log.stream()
                .filter(r -> r.userAgent() != null && r.userAgent().startsWith("kubemedic/") && r.code() >= 200 && r.code() < 300)
                .filter(r -> !"events".equals(r.resource()))
                .filter(r -> ns.equals(r.namespace()) || r.namespace() == null && "nodes".equals(r.resource()) && nodes.contains(r.name()))
                .toList();
        long applied = rows.stream().filter(r -> executed(r) && r.detail() != null && r.detail().startsWith("APPLIED")).count();
        boolean drained = rows.stream().anyMatch(r -> executed(r) && r.actionType() == ActionType.DRAIN_NODE);
        if (drained ? writes.size() < applied : writes.size() != applied) {
            failures.add("the API server received " + writes.size() + " write(s) from Kubemedic in " + ns + " "
                    + writes.stream().map(w -> w.verb() + " " + w.requestUri()).toList() + ", its audit trail records " + applied + " applied action(s)");
        }
        if (s.expect().forbiddenActions().contains(ActionType.EVICT_POD.policyName())
                && writes.stream().anyMatch(w -> "eviction".equals(w.subresource()))) {
            failures.add("the API server received an eviction from Kubemedic in " + ns);
        }
        return failures;
    }

    /** The actions taken, by policy name: what may have changed the cluster, and the read-only checks and reports made. */
    private static List<String> taken(List<AuditRecord> rows) {
        List<String> out = new ArrayList<>();
        for (AuditRecord r : rows) {
            if (r.actionType() == null) {
                continue;
            }
            boolean done = executed(r) || r.status() == AuditStatus.SUCCEEDED && !r.actionType().mutating()
                    || r.status() == AuditStatus.REPORTED && r.actionType() == ActionType.REPORT;
            if (done && !out.contains(r.actionType().policyName())) {
                out.add(r.actionType().policyName());
            }
        }
        return out;
    }

    private static boolean executed(AuditRecord r) {
        return r.actionType() != null && r.actionType().mutating() && (r.status() == AuditStatus.SUCCEEDED || r.status() == AuditStatus.UNKNOWN);
    }

    private boolean inScenario(Scenario s, ResourceRef workload) {
        return workload.namespace() != null ? workload.namespace().equals(player.namespaceOf(s.name()))
                : workload.isKind(ResourceRef.NODE) && faultedNodes(s).contains(workload.name());
    }

    /** The server names of the nodes the scenario's faults hit: the only cluster-scoped objects it is about. */
    private List<String> faultedNodes(Scenario s) {
        return s.faults().stream().filter(f -> f.target().isNode()).map(f -> player.nodeName(s.name(), f.target().name())).distinct().toList();
    }

    /** The judged target: {@code expect.target}, else the first workload (or bare pod) the scenario creates. */
    ResourceRef target(Scenario s) {
        String ns = player.namespaceOf(s.name());
        Scenario.Target t = s.expect().target();
        if (t != null) {
            return t.isNode() ? ResourceRef.node(player.nodeName(s.name(), t.name())) : new ResourceRef(t.kind(), ns, t.name());
        }
        return s.objects().stream().filter(o -> WORKLOADS.contains(o.getKind())).findFirst()
                .map(o -> new ResourceRef(o.getKind(), ns, o.getMetadata().getName()))
                .orElseGet(() -> s.objects().stream().filter(o -> "Pod".equals(o.getKind())).map(HasMetadata::getMetadata).findFirst()
                        .map(m -> ResourceRef.pod(ns, m.getName())).orElse(new ResourceRef("Namespace", null, ns)));
    }

    private static final List<String> WORKLOADS = List.of("Deployment", "StatefulSet", "DaemonSet", "Job");

    private static Long since(Instant from, Instant to) {
        return from == null || to == null ? null : Math.max(0, Duration.between(from, to).toMillis());
    }
}
