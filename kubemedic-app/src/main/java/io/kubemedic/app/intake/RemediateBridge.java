package io.kubemedic.app.intake;

import io.kubemedic.app.audit.AlertRecord;
import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.app.engine.HealingEngine;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Elastic workflow bridge ({@code POST /api/v1/remediate}): a Kibana workflow asks for one action on one target
 * and audits the answer's {@code status}. The request becomes a finding of its own ({@code REQUESTED_*}) that the
 * policy's {@code requested-*} rules turn into a step, so it goes through the same planner, guards, executor and
 * verifier as everything else; the answer is the engine's first decision, or {@code queued} if none came within
 * {@code remediate.wait}.
 */
public final class RemediateBridge {

    /** The answer a workflow gets, as JSON fields. */
    public record Answer(int httpStatus, String status, String message, String actionId, String incidentId) {
    }

    private static final Map<String, FindingType> ACTIONS = Map.of("scale", FindingType.REQUESTED_SCALE,
            "increment_memory", FindingType.REQUESTED_MEMORY_RAISE, "restart", FindingType.REQUESTED_RESTART,
            "rollback", FindingType.REQUESTED_ROLLBACK);

    private final KubemedicConfig config;
    private final AlertBook book;
    private final Decisions decisions;
    private final ClusterLookup cluster;
    private final HealingEngine engine;
    private final AuditStore store;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    public RemediateBridge(KubemedicConfig config, AlertBook book, Decisions decisions, ClusterLookup cluster, HealingEngine engine,
                           AuditStore store, Clock clock) {
        this.config = config;
        this.book = book;
        this.decisions = decisions;
        this.cluster = cluster;
        this.engine = engine;
        this.store = store;
        this.clock = clock;
    }

    /** Validates the request (before any lookup), finds the target, hands it to the engine and waits for its decision. */
    public Answer remediate(JsonNode body, String caller) {
        if (body == null || !body.isObject()) {
            throw IntakeException.badRequest("expected a JSON object {\"action\", \"target\", \"namespace\"}");
        }
        String action = body.path("action").asString("");
        FindingType type = ACTIONS.get(action);
        if (type == null) {
            throw IntakeException.unprocessable("unknown_action", "unknown action '" + action + "'; expected one of scale, increment_memory, restart, rollback");
        }
        String namespace = KubeNames.namespace(body.path("namespace").asString(null), "namespace");
        String target = KubeNames.object(body.path("target").asString(null), "target");
        String container = body.hasNonNull("container") ? KubeNames.container(body.path("container").asString(), "container") : null;
        String rule = bounded(body, "rule_name");
        String workflow = bounded(body, "workflow_id");
        Map<String, String> evidence = new LinkedHashMap<>();
        if (body.hasNonNull("replicas")) {
            JsonNode r = body.path("replicas");
            if (!r.isIntegralNumber() || r.asInt() < 0 || r.asInt() > 1000) {
                throw IntakeException.unprocessable("invalid_field", "'replicas' must be a whole number from 0 to 1000");
            }
            evidence.put("replicas", String.valueOf(r.asInt()));
        }
        String initiator = "elastic:" + rule + "@" + workflow;
        String id = "req-" + clock.millis() + "-" + sequence.incrementAndGet();
        Instant now = clock.instant();
        if (!config.namespaceAllowed(namespace)) {
            return record(id, action, namespace + "/" + target, new Answer(200, "denied", "namespace " + namespace
                    + " is outside Kubemedic's scope (namespaces.allow / namespaces.deny): nothing is done there", id, null), caller, now);
        }
        ResourceRef workload = find(namespace, target).orElseThrow(() -> IntakeException.notFound("target_not_found",
                "no Deployment, StatefulSet or pod named '" + target + "' in namespace '" + namespace + "' (or the namespace does not exist)"));
        ResourceRef subject = workload.name().equals(target) ? workload : ResourceRef.pod(namespace, target);
        if (container == null && type == FindingType.REQUESTED_MEMORY_RAISE) {
            container = firstContainer(workload).orElse(null);
        }
        CompletableFuture<Decisions.Decision> decided = decisions.next(workload);
        book.request(new AlertBook.Request(id, type, subject, workload, container, evidence, initiator + " by " + caller, now));
        engine.enqueue(workload);
        Answer answer;
        try {
            Decisions.Decision d = decided.get(config.remediateWait().toMillis(), TimeUnit.MILLISECONDS);
            answer = new Answer(200, d.status(), d.message(), actionId(d.incidentId()).orElse(id), d.incidentId());
        } catch (TimeoutException e) {
            decided.cancel(false);
            answer = new Answer(202, "queued", "no decision within " + config.remediateWait().toSeconds() + " s; the engine decides"
                    + " when its guards allow (see GET /api/v1/incidents)", id, engine.openIncident(workload).orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = new Answer(503, "failed", "interrupted while waiting for the engine", id, null);
        } catch (ExecutionException e) {
            answer = new Answer(500, "failed", String.valueOf(e.getCause()), id, null);
        }
        return record(id, action, workload.toString(), answer, caller, now);
    }

    /**
     * A human's answer to the step an incident waits for ({@code POST /api/v1/actions/{incident}/approve|reject}). Only
     * identities listed in {@code mcp.approvers} may give one, over HTTP as over MCP: a token that can post alerts
     * cannot approve its own request.
     */
    public Answer decide(String incidentId, String caller, boolean approve) {
        if (!incidentId.matches("inc-[a-z0-9-]{1,60}")) {
            throw IntakeException.unprocessable("invalid_field", "'" + (incidentId.length() > 80 ? incidentId.substring(0, 80) : incidentId)
                    + "' is not an incident id (inc-...)");
        }
        if (!config.mcpApprovers().contains(caller)) {
            throw new IntakeException(403, "forbidden", caller + " may not approve or reject: list it in mcp.approvers");
        }
        boolean done = approve ? engine.approve(incidentId, "http:" + caller) : engine.reject(incidentId, "http:" + caller);
        if (!done) {
            throw IntakeException.notFound("nothing_to_approve", "incident " + incidentId + " is not open or waits for no approval");
        }
        return new Answer(200, approve ? "approved" : "rejected", approve ? "approved: the step runs on the next pass, through every other guard"
                : "rejected: the step is not run; the incident goes on to its next rung", null, incidentId);
    }

    private Answer record(String id, String action, String target, Answer a, String caller, Instant now) {
        store.saveAlerts(java.util.List.of(new AlertRecord(0, id, "remediate", action, "firing", now, now, now, 1, target, a.status(),
                a.message() + " [" + caller + "]", a.incidentId(), null)));
        return a;
    }

    private Optional<ResourceRef> find(String namespace, String name) {
        for (ResourceRef candidate : new ResourceRef[] {ResourceRef.deployment(namespace, name), ResourceRef.statefulSet(namespace, name)}) {
            if (!cluster.snapshot(candidate).gone()) {
                return Optional.of(candidate);
            }
        }
        return cluster.workloadOfPod(namespace, name);
    }

    private Optional<String> firstContainer(ResourceRef workload) {
        TargetSnapshot s = cluster.snapshot(workload);
        return s.podTemplate().flatMap(t -> t.getSpec().getContainers().stream().findFirst()).map(c -> c.getName());
    }

    /** The audit row of the action the decision was about: the newest row of the incident. */
    private Optional<String> actionId(String incidentId) {
        if (incidentId == null) {
            return Optional.empty();
        }
        var rows = store.byIncident(incidentId);
        return rows.isEmpty() ? Optional.empty() : Optional.of(String.valueOf(rows.getLast().id()));
    }

    private static String bounded(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isString() || v.asString().length() > 256) {
            throw IntakeException.unprocessable("invalid_field", "'" + field + "' must be a string of at most 256 characters");
        }
        return v.asString();
    }
}
