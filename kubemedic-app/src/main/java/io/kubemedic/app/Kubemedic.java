package io.kubemedic.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.app.audit.JdbcAuditStore;
import io.kubemedic.app.audit.elastic.ElasticSink;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.engine.HealingEngine;
import io.kubemedic.app.intake.AlertBook;
import io.kubemedic.app.intake.AlertIntake;
import io.kubemedic.app.intake.ClusterLookup;
import io.kubemedic.app.intake.Decisions;
import io.kubemedic.app.intake.RemediateBridge;
import io.kubemedic.app.intake.TargetLabels;
import io.kubemedic.app.report.HealingMetrics;
import io.kubemedic.app.web.HttpApi;
import io.kubemedic.app.web.Tokens;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.decision.Policy;
import io.kubemedic.kube.action.Actions;
import io.kubemedic.kube.action.EventRecorder;
import io.kubemedic.kube.observe.ClusterObserver;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Kubemedic assembled: the audit store, the policy, the observer, the actions and the engine, against one
 * Kubernetes client. The same assembly serves a real cluster ({@code run}) and the demo, on the sandbox or a real server.
 */
public final class Kubemedic implements AutoCloseable {

    /** How often every target is re-examined and metrics are read, besides watch events. */
    public record Timing(Duration resync, Duration metricsPoll, Duration syncTimeout) {
        public static Timing production() {
            return new Timing(Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(60));
        }
    }

    private final AuditStore audit;
    private final boolean ownsAudit;
    private final KubemedicConfig config;
    private final Policy policy;
    private final Clock clock;
    private final ClusterObserver observer;
    private final HealingEngine engine;
    private final AlertBook alerts;
    private final Decisions decisions;
    private final HealingMetrics metrics;
    private final io.kubemedic.kube.observe.PodReader pods;
    private HttpApi http;
    private io.kubemedic.app.mcp.server.McpHttp mcpHttp;

    /**
     * Opens the audit store and the policy the configuration names; with {@code audit.elastic.url} set, every audit
     * record is also indexed into Elasticsearch (the SQLite store stays the source of truth).
     */
    public Kubemedic(KubernetesClient client, KubemedicConfig config, Timing timing, Clock clock, EngineListener listener) {
        this(client, config, config.policyFile().isBlank() ? Policy.defaults() : Policy.load(Path.of(config.policyFile())),
                ElasticSink.around(JdbcAuditStore.openSqlite(Path.of(config.auditPath())), config), true, timing, clock, listener);
    }

    /** With a given policy and a store the caller owns (and closes): several engines may share one. */
    public Kubemedic(KubernetesClient client, KubemedicConfig config, Policy policy, AuditStore audit, Timing timing, Clock clock,
                     EngineListener listener) {
        this(client, config, policy, audit, false, timing, clock, listener);
    }

    private Kubemedic(KubernetesClient client, KubemedicConfig config, Policy policy, AuditStore audit, boolean ownsAudit, Timing timing,
                      Clock clock, EngineListener listener) {
        this.audit = audit;
        this.ownsAudit = ownsAudit;
        this.config = config;
        this.policy = policy;
        this.clock = clock;
        this.observer = new ClusterObserver(client, config, clock, timing.resync(), timing.metricsPoll());
        this.alerts = new AlertBook(clock);
        this.decisions = new Decisions(alerts);
        this.metrics = new HealingMetrics(config.mode().text());
        this.pods = new io.kubemedic.kube.observe.PodReader(client);
        EngineListener all = e -> {
            listener.onEvent(e);
            metrics.onEvent(e);
            decisions.onEvent(e);
        };
        this.engine = new HealingEngine(config, observer, Actions.defaults(client), new EventRecorder(client, clock), audit, policy,
                alerts, clock, timing.resync(), all);
    }

    /**
     * Serves the HTTP API (alerts, the workflow bridge, incidents, health, metrics, the MCP tools at {@code /mcp}) on
     * {@code http.address}:{@code http.port}.
     * Call after {@link #start}; closed with this.
     */
    public HttpApi serve(Tokens tokens) {
        ClusterLookup lookup = ClusterLookup.of(observer);
        AlertIntake intake = new AlertIntake(policy, new TargetLabels(config.alertLabels()), alerts, lookup, engine, audit, clock);
        RemediateBridge bridge = new RemediateBridge(config, alerts, decisions, lookup, engine, audit, clock);
        mcpHttp = io.kubemedic.app.mcp.server.McpHttp.of(io.kubemedic.app.mcp.tools.Toolbox.of(this),
                io.kubemedic.app.mcp.server.McpServers.Settings.from(config), config.httpMaxBody());
        http = HttpApi.start(new HttpApi.Parts(config, tokens, intake, bridge, audit, metrics, this::ready, mcpHttp.servlet()));
        return http;
    }

    /**
     * Serves the MCP tools on a pipe ({@code kubemedic mcp}) until the client closes {@code in}; {@code out} carries
     * JSON-RPC only. Call after {@link #start}.
     */
    public void serveMcp(java.io.InputStream in, java.io.OutputStream out) throws InterruptedException {
        io.kubemedic.app.mcp.server.McpStdio.serve(io.kubemedic.app.mcp.tools.Toolbox.of(this),
                io.kubemedic.app.mcp.server.McpServers.Settings.from(config), in, out);
    }

    /** Ready: the caches are in sync and the store takes a write. */
    public boolean ready() {
        if (!observer.inSync()) {
            return false;
        }
        try {
            audit.putMeta("ready-check", clock.instant().toString());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public KubemedicConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** Live reads about single pods (events, logs, referenced objects, metrics), for the agent tools. */
    public io.kubemedic.kube.observe.PodReader pods() {
        return pods;
    }

    /** Findings from alerts and explicit requests, which the engine adds to its own diagnosis. */
    public AlertBook alerts() {
        return alerts;
    }

    /** Waits on the engine's decisions about a workload (the bridge, the agent tools). */
    public Decisions decisions() {
        return decisions;
    }

    public HealingMetrics metrics() {
        return metrics;
    }

    public Kubemedic start(Timing timing) {
        engine.start(timing.syncTimeout());
        return this;
    }

    public HealingEngine engine() {
        return engine;
    }

    public AuditStore audit() {
        return audit;
    }

    /** What Kubemedic sees of the cluster: whether its caches are in sync, each informer's state (for readiness and start-up). */
    public ClusterObserver observer() {
        return observer;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (mcpHttp != null) {
            mcpHttp.close();
        }
        engine.close();
        if (ownsAudit) {
            audit.close();
        }
    }
}
