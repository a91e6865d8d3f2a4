package io.kubemedic.app.report;

import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.engine.TimelineEvent;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics of the loop, fed by the engine's timeline and by the intake: the seed's
 * {@code healing_attempts_total}, {@code healing_success_total} and {@code healing_duration_seconds} (labels namespace,
 * action), plus {@code kubemedic_*} counters for incidents and alerts. Label values are bounded (namespaces, action and
 * reason enums, a handful of dispositions), never pod names, so the series count stays small.
 */
public final class HealingMetrics implements EngineListener {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter attempts = Counter.builder().name("healing_attempts_total")
            .help("Remediation actions Kubemedic executed (or recorded in dry-run)").labelNames("namespace", "action", "mode").register(registry);
    private final Counter successes = Counter.builder().name("healing_success_total")
            .help("Remediation actions that the API server accepted").labelNames("namespace", "action").register(registry);
    private final Histogram duration = Histogram.builder().name("healing_duration_seconds")
            .help("From an incident's detection to its close").labelNames("namespace", "outcome")
            .classicUpperBounds(1, 5, 10, 30, 60, 120, 300, 600).register(registry);
    private final Counter incidents = Counter.builder().name("kubemedic_incidents_total")
            .help("Incidents opened and closed, by outcome").labelNames("namespace", "event").register(registry);
    private final Counter guarded = Counter.builder().name("kubemedic_guard_verdicts_total")
            .help("Steps parked by a guard or the server, by reason").labelNames("namespace", "reason").register(registry);
    private final Counter alerts = Counter.builder().name("kubemedic_alerts_received_total")
            .help("Alerts received, by source, status and what Kubemedic made of them").labelNames("source", "status", "disposition")
            .register(registry);
    private final Map<String, Instant> opened = new ConcurrentHashMap<>();
    private final String mode;

    public HealingMetrics(String mode) {
        this.mode = mode;
    }

    @Override
    public void onEvent(TimelineEvent e) {
        String ns = namespace(e.workload());
        switch (e.phase()) {
            case DETECTED -> {
                opened.put(e.incidentId(), e.at());
                incidents.labelValues(ns, "opened").inc();
            }
            case ACTED -> {
                if (e.action() == null || !e.action().mutating()) {
                    return; // read-only steps (check-image, report) are not healing attempts
                }
                boolean dryRun = e.outcome() == io.kubemedic.core.model.Outcome.DRY_RUN;
                attempts.labelValues(ns, e.action().policyName(), dryRun ? "dry-run" : mode).inc();
                if (e.reason() == Reason.EXECUTED) {
                    successes.labelValues(ns, e.action().policyName()).inc();
                }
            }
            case GUARDED, ESCALATED -> {
                if (e.reason() != null) {
                    guarded.labelValues(ns, e.reason().name()).inc();
                }
            }
            case CLOSED -> {
                Instant start = opened.remove(e.incidentId());
                String outcome = e.outcome() == null ? "UNKNOWN" : e.outcome().name();
                incidents.labelValues(ns, "closed_" + outcome.toLowerCase(java.util.Locale.ROOT)).inc();
                if (start != null) {
                    duration.labelValues(ns, outcome).observe(Duration.between(start, e.at()).toMillis() / 1000.0);
                }
            }
            default -> { }
        }
    }

    public void alert(String source, String status, String disposition) {
        alerts.labelValues(source, status, disposition).inc();
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    private static String namespace(ResourceRef r) {
        return r == null || r.namespace() == null ? "" : r.namespace();
    }
}
