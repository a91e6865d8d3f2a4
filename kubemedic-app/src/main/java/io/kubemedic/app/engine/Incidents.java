package io.kubemedic.app.engine;

import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.IncidentRecord;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.ResourceRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The open incidents, one per target: signals about a target that already has an incident join it instead of opening
 * another. An incident stays open after a decision that ends its climb (escalated, reported, suppressed) until the
 * target is healthy again. Every change is saved with the incident's working state, and {@link #load} picks up the
 * incidents a previous run left open, so a restart continues each ladder where it stood.
 */
final class Incidents {

    private static final Logger LOG = LoggerFactory.getLogger(Incidents.class);

    private final Map<ResourceRef, Incident> open = new ConcurrentHashMap<>();
    private final AuditStore audit;
    private final Recorder recorder;
    private final Clock clock;

    Incidents(AuditStore audit, Recorder recorder, Clock clock) {
        this.audit = audit;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** Loads the incidents a previous run left open; returns their targets so the engine looks at each at once. */
    List<ResourceRef> load() {
        for (IncidentRecord r : audit.openIncidents()) {
            Incident i = new Incident(r.id(), r.workload(), r.openedAt());
            i.rule = r.rule();
            i.outcome = r.outcome();
            i.lastReason = r.lastReason();
            i.summary = r.summary();
            i.findingTypes = r.findingTypes();
            if (r.state() != null && !r.state().isBlank()) {
                try {
                    i.restore(IncidentState.fromJson(r.state()));
                } catch (RuntimeException e) {
                    LOG.warn("[{}] {} saved state unreadable ({}): the incident continues from its first rung", r.id(), r.workload(), e.getMessage());
                }
            }
            Incident previous = open.put(r.workload(), i);
            if (previous != null) {
                close(previous, Outcome.RESOLVED, "superseded by a newer open incident on the same target");
            }
        }
        return List.copyOf(open.keySet());
    }

    Incident get(ResourceRef target) {
        return open.get(target);
    }

    /** The id of the open incident on a target; safe from any thread. */
    Optional<String> idOf(ResourceRef target) {
        Incident i = open.get(target);
        return i == null ? Optional.empty() : Optional.of(i.id);
    }

    Optional<Incident> byId(String id) {
        return open.values().stream().filter(i -> i.id.equals(id)).findFirst();
    }

    Incident open(ResourceRef target, Plan plan, Instant now) {
        Incident incident = new Incident(newId(now), target, now);
        incident.rule = plan.rule();
        incident.findingTypes = plan.findings().stream().map(Finding::type).distinct().toList();
        incident.summary = plan.primaryFinding().message();
        open.put(target, incident);
        recorder.opened(incident, plan);
        save(incident);
        return incident;
    }

    /** Saves the incident with its working state. */
    void save(Incident incident) {
        audit.saveIncident(incident.record(clock.instant(), null, incident.state().toJson()));
    }

    /**
     * Closes the incident. HEALED always wins (the fix was verified); otherwise an outcome already decided (escalated,
     * reported…) is kept, so the record says how the incident was handled, and OPEN becomes {@code outcome}.
     */
    void close(Incident incident, Outcome outcome, String why) {
        if (incident.outcome == Outcome.OPEN || outcome == Outcome.HEALED) {
            incident.outcome = outcome;
        }
        open.remove(incident.workload, incident);
        Instant at = clock.instant();
        audit.saveIncident(incident.record(at, at, incident.state().toJson()));
        recorder.closed(incident, at, why);
    }

    int size() {
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
