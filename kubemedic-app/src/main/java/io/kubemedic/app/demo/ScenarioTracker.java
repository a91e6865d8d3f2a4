package io.kubemedic.app.demo;

import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.engine.TimelineEvent;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Reason;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows the engine's timeline per namespace (each scenario plays in its own namespace): when the first incident
 * opened, which actions were really taken, and the latest outcome with its time.
 */
final class ScenarioTracker implements EngineListener {

    /** What happened in one namespace. */
    static final class Progress {
        Instant detectedAt;
        Outcome outcome;
        Instant outcomeAt;
        final List<ActionType> actions = new ArrayList<>();
    }

    private final Map<String, Progress> byNamespace = new ConcurrentHashMap<>();
    private final EngineListener next;

    ScenarioTracker(EngineListener next) {
        this.next = next;
    }

    @Override
    public void onEvent(TimelineEvent e) {
        String ns = e.workload().namespace();
        if (ns != null) {
            Progress p = byNamespace.computeIfAbsent(ns, k -> new Progress());
            synchronized (p) {
                if (e.phase() == TimelineEvent.Phase.DETECTED && p.detectedAt == null) {
                    p.detectedAt = e.at();
                }
                if (e.phase() == TimelineEvent.Phase.ACTED && e.action() != null
                        && (e.reason() == Reason.EXECUTED || !e.action().mutating())) {
                    p.actions.add(e.action());
                }
                if (e.outcome() != null && e.outcome() != Outcome.OPEN) {
                    p.outcome = e.outcome();
                    p.outcomeAt = e.at();
                }
            }
        }
        next.onEvent(e);
    }

    /** A copy of the namespace's progress (empty progress if nothing happened there). */
    Progress progress(String namespace) {
        Progress p = byNamespace.get(namespace);
        Progress copy = new Progress();
        if (p != null) {
            synchronized (p) {
                copy.detectedAt = p.detectedAt;
                copy.outcome = p.outcome;
                copy.outcomeAt = p.outcomeAt;
                copy.actions.addAll(p.actions);
            }
        }
        return copy;
    }
}
