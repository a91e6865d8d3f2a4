package io.kubemedic.app.intake;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.app.engine.Signals;
import io.kubemedic.core.decision.AlertRoute;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What alerts and requests add to the engine's own diagnosis, for as long as they hold: the evidence of firing
 * alerts whose finding only their sender can see ({@code evidence: alert}), and explicit requests not yet decided.
 * Evidence is tied to the pod instance the alert measured: once that pod is gone, terminating, or its container
 * started after the alert began (a restart resets a leak), the alert says nothing about the target any more.
 */
public final class AlertBook implements Signals {

    /** Evidence not refreshed by a notification for this long is dropped (Alertmanager repeats firing alerts every repeat_interval). */
    static final Duration EVIDENCE_TTL = Duration.ofHours(24);

    record Evidence(String key, Alert alert, AlertRoute route, ResourceRef subject, ResourceRef workload, String container, Instant seen) {
    }

    /** An explicit request waiting for the engine's decision. */
    public record Request(String id, FindingType type, ResourceRef subject, ResourceRef workload, String container,
                          Map<String, String> evidence, String initiator, Instant at) {
    }

    private final Map<String, Evidence> evidence = new ConcurrentHashMap<>();
    private final Map<String, Request> requests = new ConcurrentHashMap<>();
    private final Clock clock;

    public AlertBook(Clock clock) {
        this.clock = clock;
    }

    void fire(Alert alert, AlertRoute route, ResourceRef subject, ResourceRef workload, String container) {
        evidence.put(alert.dedupKey(), new Evidence(alert.dedupKey(), alert, route, subject, workload, container, clock.instant()));
    }

    /** Forgets a resolved alert's evidence; returns the workload it was about, if it was known. */
    Optional<ResourceRef> resolve(String dedupKey) {
        Evidence e = evidence.remove(dedupKey);
        return e == null ? Optional.empty() : Optional.of(e.workload());
    }

    /** An explicit request (the bridge, an agent tool): its finding holds until the engine decides on it. */
    public void request(Request r) {
        requests.put(r.id(), r);
    }

    /** The request is decided (acted on, refused, or waiting for approval elsewhere): it adds nothing any more. */
    void done(String requestId) {
        requests.remove(requestId);
    }

    /** An action on the workload completed (or was refused for good): its requests are answered. */
    void doneFor(ResourceRef workload) {
        requests.values().removeIf(r -> r.workload().equals(workload));
    }

    int size() {
        return evidence.size() + requests.size();
    }

    @Override
    public List<Finding> findings(TargetSnapshot s) {
        if (evidence.isEmpty() && requests.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        Instant stale = clock.instant().minus(EVIDENCE_TTL);
        for (Evidence e : evidence.values()) {
            if (e.seen().isBefore(stale)) {
                evidence.remove(e.key(), e);
            } else if (e.workload().equals(s.target()) && holds(e, s)) {
                out.add(finding(e));
            }
        }
        for (Request r : requests.values()) {
            if (r.at().isBefore(stale)) {
                requests.remove(r.id(), r); // never decided (e.g. awaiting an approval nobody gave): forgotten with the evidence
            } else if (r.workload().equals(s.target())) {
                Map<String, String> facts = new LinkedHashMap<>(r.evidence());
                facts.put("requestId", r.id());
                facts.put("requestedBy", r.initiator());
                out.add(new Finding(r.type(), Severity.CRITICAL, r.subject(), r.container(), r.type().description() + " (" + r.initiator() + ")",
                        facts, ""));
            }
        }
        return out;
    }

    /** Whether the alert still speaks about what the snapshot shows: the same pod instance, not restarted since. */
    private static boolean holds(Evidence e, TargetSnapshot s) {
        if (!e.subject().isKind(ResourceRef.POD)) {
            // the alert named the workload: it holds while some pod of it has run since before the alert began
            return s.pods().stream().anyMatch(p -> runsSinceBefore(p, e));
        }
        return s.pod(e.subject().name()).map(p -> runsSinceBefore(p, e)).orElse(false);
    }

    /** The pod is not on its way out and its (named) containers have not restarted since the alert began. */
    private static boolean runsSinceBefore(Pod pod, Evidence e) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        Instant since = e.alert().startsAt();
        if (since == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return true;
        }
        for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
            if (e.container() != null && !e.container().equals(c.getName())) {
                continue;
            }
            String started = c.getState() != null && c.getState().getRunning() != null ? c.getState().getRunning().getStartedAt() : null;
            if (started != null && Instant.parse(started).isAfter(since)) {
                return false; // restarted after the alert began: whatever it measured is gone
            }
        }
        return true;
    }

    private static Finding finding(Evidence e) {
        Alert a = e.alert();
        String summary = a.annotations().getOrDefault("summary", a.annotations().getOrDefault("description", ""));
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("alertname", a.alertname());
        facts.put("source", a.source());
        if (a.startsAt() != null) {
            facts.put("firingSince", a.startsAt().toString());
        }
        if (a.fingerprint() != null) {
            facts.put("fingerprint", a.fingerprint());
        }
        String message = "alert " + a.alertname() + " is firing" + (a.startsAt() == null ? "" : " since " + a.startsAt())
                + (summary.isBlank() ? "" : ": " + summary);
        return new Finding(e.route().finding(), Severity.WARNING, e.subject(), e.container(), message, facts, "");
    }
}
