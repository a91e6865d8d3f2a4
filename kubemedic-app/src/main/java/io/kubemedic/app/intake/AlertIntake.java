package io.kubemedic.app.intake;

import io.kubemedic.app.audit.AlertRecord;
import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.app.engine.HealingEngine;
import io.kubemedic.core.decision.AlertRoute;
import io.kubemedic.core.decision.Policy;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.ResourceRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where alerts enter the loop. An alert only says where to look: its labels name a target, its name maps (through
 * the policy) to a finding, and the engine re-reads the target's state and decides as for anything it saw itself,
 * through every guard. Each alert is judged on its own status:
 * <ul>
 *   <li>firing: the target is assessed at once from the caches; healthy → recorded {@code healthy} and nothing else;
 *       otherwise queued for the engine (an {@code evidence: alert} finding is held for as long as it fires);</li>
 *   <li>resolved: its evidence is dropped and the target looked at again, which closes an incident that rested on
 *       the alert; a resolved alert never causes an action by itself.</li>
 * </ul>
 * Every alert is written to the store, in one transaction per notification, before the notification is answered.
 */
public final class AlertIntake {

    private static final Logger LOG = LoggerFactory.getLogger(AlertIntake.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What became of one alert. */
    public record Result(String alertname, String status, String fingerprint, String target, String disposition, String reason, String incidentId) {
        boolean accepted() {
            return target != null;
        }
    }

    /** The answer to a notification: 202 when any alert named a target, else 422 with the first reason. */
    public record Receipt(List<Result> results) {
        public boolean anyAccepted() {
            return results.stream().anyMatch(Result::accepted) || results.isEmpty();
        }
    }

    private final Policy policy;
    private final TargetLabels labels;
    private final AlertBook book;
    private final ClusterLookup cluster;
    private final HealingEngine engine;
    private final AuditStore store;
    private final Clock clock;
    /**
     * The last assessment of each workload, reused for {@link #ASSESSMENT_TTL}: Alertmanager repeats the same firing
     * alerts and a burst names the same targets many times; the engine's own watch still sees every change at once.
     */
    private final java.util.concurrent.ConcurrentHashMap<ResourceRef, Assessed> recent = new java.util.concurrent.ConcurrentHashMap<>();
    static final java.time.Duration ASSESSMENT_TTL = java.time.Duration.ofMillis(250);

    private record Assessed(Optional<Plan> plan, Instant at) {
    }

    public AlertIntake(Policy policy, TargetLabels labels, AlertBook book, ClusterLookup cluster, HealingEngine engine, AuditStore store, Clock clock) {
        this.policy = policy;
        this.labels = labels;
        this.book = book;
        this.cluster = cluster;
        this.engine = engine;
        this.store = store;
        this.clock = clock;
    }

    public Receipt receive(List<Alert> alerts) {
        Instant now = clock.instant();
        List<Result> results = new ArrayList<>();
        List<AlertRecord> rows = new ArrayList<>();
        List<ResourceRef> toLook = new ArrayList<>();
        java.util.Map<ResourceRef, Optional<Plan>> assessed = new java.util.HashMap<>(); // one look per workload and notification
        for (Alert alert : alerts) {
            Result r = judge(alert, toLook, assessed);
            results.add(r);
            rows.add(new AlertRecord(0, alert.dedupKey(), alert.source(), alert.alertname(), alert.status(), alert.startsAt(), now, now, 1,
                    r.target(), r.disposition(), r.reason(), r.incidentId(), JSON.writeValueAsString(alert.labels())));
        }
        store.saveAlerts(rows); // before the answer: an accepted alert is never lost
        toLook.stream().distinct().forEach(engine::enqueue);
        return new Receipt(results);
    }

    private Result judge(Alert alert, List<ResourceRef> toLook, java.util.Map<ResourceRef, Optional<Plan>> assessed) {
        TargetLabels.Named named;
        try {
            named = labels.resolve(alert.labels());
        } catch (IntakeException e) {
            return rejected(alert, "unresolvable", e.getMessage());
        }
        Optional<ResourceRef> workload = workloadOf(named.subject());
        if (!alert.firing()) {
            Optional<ResourceRef> known = book.resolve(alert.dedupKey()).or(() -> workload);
            known.ifPresent(toLook::add);
            String incident = known.flatMap(engine::openIncident).orElse(null);
            return new Result(alert.alertname(), alert.status(), alert.fingerprint(), named.subject().toString(), "resolved",
                    "alert resolved: it causes no action; the target is looked at again" + (incident == null ? "" : " (incident " + incident + ")"),
                    incident);
        }
        if (workload.isEmpty()) {
            return rejected(alert, "target_not_found", named.subject() + " is not in the cluster (or not in a namespace Kubemedic watches)");
        }
        Optional<AlertRoute> route = policy.alert(alert.alertname());
        route.filter(AlertRoute::alertIsEvidence).ifPresent(r -> {
            book.fire(alert, r, named.subject(), workload.get(), named.container());
            assessed.computeIfPresent(workload.get(), (w, p) -> p.isPresent() ? p : null); // new evidence may make a healthy target sick
            recent.remove(workload.get());
        });
        Optional<Plan> plan = cluster.inSync() ? assessed.computeIfAbsent(workload.get(), this::assess) : Optional.empty();
        String target = workload.get().equals(named.subject()) ? named.subject().toString() : named.subject() + " of " + workload.get();
        if (cluster.inSync() && plan.isEmpty()) {
            LOG.debug("alert {} on {}: target is healthy when re-read, nothing to do", alert.alertname(), workload.get());
            return new Result(alert.alertname(), alert.status(), alert.fingerprint(), target, "healthy",
                    "target is healthy when re-read: " + (route.isEmpty() ? "no policy maps alert " + alert.alertname()
                            + " and Kubemedic sees nothing wrong" : route.get().finding() + " is not confirmed by the cluster's state"), null);
        }
        toLook.add(workload.get());
        String why = plan.map(p -> "queued for the engine: rule " + p.rule() + " (" + p.primaryFinding().type() + ")")
                .orElse("queued: the caches are not in sync yet, the engine decides once they are");
        if (route.isEmpty()) {
            why += "; no policy maps alert " + alert.alertname() + ", the engine acts on what it sees itself";
        }
        return new Result(alert.alertname(), alert.status(), alert.fingerprint(), target, "queued", why,
                engine.openIncident(workload.get()).orElse(null));
    }

    private Optional<Plan> assess(ResourceRef workload) {
        Instant now = clock.instant();
        Assessed last = recent.get(workload);
        if (last != null && now.isBefore(last.at().plus(ASSESSMENT_TTL))) {
            return last.plan();
        }
        Optional<Plan> plan = engine.assess(workload);
        if (recent.size() > 10_000) {
            recent.clear(); // bounded: a flood of distinct targets only loses the reuse
        }
        recent.put(workload, new Assessed(plan, now));
        return plan;
    }

    private Optional<ResourceRef> workloadOf(ResourceRef subject) {
        if (subject.isKind(ResourceRef.POD)) {
            return cluster.workloadOfPod(subject.namespace(), subject.name());
        }
        return cluster.snapshot(subject).gone() ? Optional.empty() : Optional.of(subject);
    }

    private static Result rejected(Alert alert, String disposition, String why) {
        return new Result(alert.alertname(), alert.status(), alert.fingerprint(), null, disposition, why, null);
    }
}
