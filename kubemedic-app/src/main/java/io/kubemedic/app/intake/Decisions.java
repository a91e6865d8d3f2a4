package io.kubemedic.app.intake;

import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.engine.TimelineEvent;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Turns the engine's timeline into answers for callers who wait on a decision (the workflow bridge): the first
 * decision about a workload after a request, as {@code success}, {@code dry_run}, {@code pending_approval},
 * {@code denied} or {@code failed}. A request adds its finding until it is acted on; once an action on the workload
 * completes, the requests about it are done.
 */
public final class Decisions implements EngineListener {

    /** A decision as the bridge reports it. */
    public record Decision(String status, String message, String incidentId, String reason) {
    }

    private final Map<ResourceRef, List<CompletableFuture<Decision>>> waiting = new ConcurrentHashMap<>();
    private final AlertBook book;

    public Decisions(AlertBook book) {
        this.book = book;
    }

    /** The next decision about the workload (register before asking the engine, so none is missed). */
    public CompletableFuture<Decision> next(ResourceRef workload) {
        CompletableFuture<Decision> f = new CompletableFuture<>();
        waiting.computeIfAbsent(workload, w -> new CopyOnWriteArrayList<>()).add(f);
        f.whenComplete((d, e) -> waiting.computeIfPresent(workload, (w, list) -> {
            list.remove(f);
            return list.isEmpty() ? null : list;
        }));
        return f;
    }

    /** The next timeline event about the workload in one of these phases (e.g. its verification or close). */
    public CompletableFuture<TimelineEvent> nextEvent(ResourceRef workload, java.util.Set<TimelineEvent.Phase> phases) {
        CompletableFuture<TimelineEvent> f = new CompletableFuture<>();
        watchers.add(new Watcher(workload, phases, f));
        f.whenComplete((ev, ex) -> watchers.removeIf(w -> w.future() == f));
        return f;
    }

    private record Watcher(ResourceRef workload, java.util.Set<TimelineEvent.Phase> phases, CompletableFuture<TimelineEvent> future) {
    }

    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(TimelineEvent e) {
        for (Watcher w : watchers) {
            if (w.workload().equals(e.workload()) && w.phases().contains(e.phase())) {
                w.future().complete(e);
            }
        }
        Decision d = decision(e);
        if (d == null) {
            return;
        }
        if (!d.status().equals("pending_approval")) {
            book.doneFor(e.workload());
        }
        List<CompletableFuture<Decision>> list = waiting.get(e.workload());
        if (list != null) {
            list.forEach(f -> f.complete(d));
        }
    }

    private static Decision decision(TimelineEvent e) {
        String text = e.text();
        return switch (e.phase()) {
            case ACTED -> {
                if (e.outcome() == Outcome.DRY_RUN) {
                    yield new Decision("dry_run", text, e.incidentId(), e.reason() == null ? null : e.reason().name());
                }
                if (e.reason() == Reason.EXECUTED) {
                    yield new Decision("success", text, e.incidentId(), e.reason() == null ? null : e.reason().name());
                }
                if (e.reason() == Reason.PDB_BLOCKED || e.reason() == Reason.API_THROTTLED) {
                    yield new Decision("denied", text, e.incidentId(), e.reason() == null ? null : e.reason().name());
                }
                if (e.reason() == Reason.STALE_STATE || e.reason() == Reason.EXECUTION_FAILED || e.reason() == Reason.OUTCOME_UNKNOWN) {
                    yield new Decision("failed", text, e.incidentId(), e.reason() == null ? null : e.reason().name());
                }
                yield null; // read-only steps, reports
            }
            case GUARDED -> text.startsWith("PENDING_APPROVAL") ? new Decision("pending_approval", text, e.incidentId(), e.reason() == null ? null : e.reason().name())
                    : new Decision("denied", text, e.incidentId(), e.reason() == null ? null : e.reason().name());
            case ESCALATED -> new Decision("denied", text, e.incidentId(), e.reason() == null ? null : e.reason().name());
            default -> null;
        };
    }
}
