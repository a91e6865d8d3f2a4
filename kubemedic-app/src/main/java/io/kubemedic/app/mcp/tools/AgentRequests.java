package io.kubemedic.app.mcp.tools;

import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.engine.TimelineEvent;
import io.kubemedic.app.intake.AlertBook;
import io.kubemedic.app.intake.Decisions;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An agent's request to act, handed to the engine as a {@code REQUESTED_*} finding, exactly as the workflow bridge
 * does, so it goes through the policy's {@code requested-*} rule, every guard, the executor and the verifier.
 * Approval fails closed: unless the caller passes {@code force} <em>and</em> holds the approver role, a destructive
 * step waits for a human's approval and the agent is answered {@code pending_approval}.
 */
final class AgentRequests {

    /** The engine's answer, and the verification if it came in time. */
    record Outcome(String status, String message, String incidentId, String reason, Optional<TimelineEvent> verification) {
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Duration VERIFY_WAIT = Duration.ofSeconds(60);

    private AgentRequests() {
    }

    static Outcome act(Kubemedic app, FindingType type, ResourceRef subject, ResourceRef workload, String container, Map<String, String> facts,
                       ToolCaller caller, boolean force, boolean awaitVerification) {
        Map<String, String> evidence = new LinkedHashMap<>(facts);
        evidence.put("needsApproval", String.valueOf(!(force && caller.approver())));
        String id = "mcp-" + app.clock().millis() + "-" + SEQUENCE.incrementAndGet();
        CompletableFuture<Decisions.Decision> decided = app.decisions().next(workload);
        CompletableFuture<TimelineEvent> verified = app.decisions().nextEvent(workload, EnumSet.of(TimelineEvent.Phase.VERIFIED, TimelineEvent.Phase.CLOSED));
        app.alerts().request(new AlertBook.Request(id, type, subject, workload, container, evidence, caller.initiator(), app.clock().instant()));
        app.engine().enqueue(workload);
        Decisions.Decision d;
        try {
            d = decided.get(app.config().remediateWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            decided.cancel(false);
            verified.cancel(false);
            return new Outcome("queued", "no decision within " + app.config().remediateWait().toSeconds() + " s; the engine decides when its"
                    + " guards allow (see list_incidents)", app.engine().openIncident(workload).orElse(null), null, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome("failed", "interrupted", null, null, Optional.empty());
        } catch (ExecutionException e) {
            return new Outcome("failed", String.valueOf(e.getCause()), null, null, Optional.empty());
        }
        Optional<TimelineEvent> verification = Optional.empty();
        if (awaitVerification && d.status().equals("success")) {
            try {
                verification = Optional.of(verified.get(VERIFY_WAIT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException | ExecutionException e) {
                verified.cancel(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            verified.cancel(false);
        }
        return new Outcome(d.status(), d.message(), d.incidentId(), d.reason(), verification);
    }
}
