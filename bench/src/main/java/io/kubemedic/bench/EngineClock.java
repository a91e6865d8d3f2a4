package io.kubemedic.bench;

import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.engine.TimelineEvent;
import io.kubemedic.core.model.ActionType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The engine's timeline with {@link System#nanoTime()} stamps taken as each event is emitted on the worker thread:
 * DETECTED (snapshot read, diagnosed, planned, incident opened), DECIDED (guards passed), CLOSED (verified, saved).
 */
public final class EngineClock implements EngineListener {

    public record Stamp(long nanos, TimelineEvent event) {
    }

    private final Queue<Stamp> stamps = new ConcurrentLinkedQueue<>();

    @Override
    public void onEvent(TimelineEvent event) {
        stamps.add(new Stamp(System.nanoTime(), event));
    }

    /** The first event of {@code phase} on the Deployment {@code workload} stamped at or after {@code from}. */
    public Optional<Stamp> first(TimelineEvent.Phase phase, String workload, long from) {
        for (Stamp s : stamps) {
            if (s.event().phase() == phase && s.nanos() >= from && workload.equals(s.event().workload().name())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The first event of {@code phase} of incident {@code incidentId}. */
    public Optional<Stamp> of(TimelineEvent.Phase phase, String incidentId) {
        return of(phase, incidentId, null);
    }

    /**
     * The first event of {@code phase} of incident {@code incidentId} about {@code action} (null: any). A rung the
     * planner skipped is also a DECIDED event; the decision to evict is the one about EVICT_POD.
     */
    public Optional<Stamp> of(TimelineEvent.Phase phase, String incidentId, ActionType action) {
        for (Stamp s : stamps) {
            if (s.event().phase() == phase && incidentId.equals(s.event().incidentId()) && (action == null || action == s.event().action())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public List<Stamp> drain() {
        List<Stamp> out = new ArrayList<>();
        for (Stamp s; (s = stamps.poll()) != null; ) {
            out.add(s);
        }
        return out;
    }
}
