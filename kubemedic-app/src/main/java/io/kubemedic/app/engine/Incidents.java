package io.kubemedic.app.engine;

import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.ResourceRef;

import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The open incidents, one per target: signals about a target that already has an incident join it instead of
 * opening another. An incident stays open after a terminal decision (escalated, reported, suppressed) until the
 * target is healthy again, so a still-broken target is not re-decided on every watch event.
 */
final class Incidents {

    private final Map<ResourceRef, Incident> open = new ConcurrentHashMap<>();
    private final Recorder recorder;
    private final Clock clock;

    Incidents(Recorder recorder, Clock clock) {
        this.recorder = recorder;
        this.clock = clock;
    }

    Incident get(ResourceRef target) {
        return open.get(target);
    }

    Incident open(ResourceRef target, Plan plan, Instant now) {
        Incident incident = new Incident(newId(now), target, now);
        incident.rule = plan.rule();
        incident.findingTypes = plan.findings().stream().map(Finding::type).distinct().toList();
        incident.summary = plan.primaryFinding().message();
        open.put(target, incident);
        recorder.opened(incident, plan);
        return incident;
    }

    /** Closes with {@code outcome} unless a terminal outcome was already decided (an escalation stays one). */
    void close(Incident incident, Outcome outcome, String why) {
        if (!incident.outcome.terminal() || outcome == Outcome.HEALED) {
            incident.outcome = outcome;
        }
        open.remove(incident.workload, incident);
        recorder.closed(incident, clock.instant(), why);
    }

    /** Targets with an open incident: the numerator of storm mode. */
    int unhealthy() {
        return open.size();
    }

    List<Incident> all() {
        return List.copyOf(open.values());
    }

    private static String newId(Instant now) {
        byte[] r = new byte[3];
        ThreadLocalRandom.current().nextBytes(r);
        return "inc-" + Long.toString(now.getEpochSecond(), 36) + "-" + HexFormat.of().formatHex(r);
    }
}
