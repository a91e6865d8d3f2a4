package io.kubemedic.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.app.audit.JdbcAuditStore;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.engine.HealingEngine;
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
    private final ClusterObserver observer;
    private final HealingEngine engine;

    /** Opens the audit store and the policy the configuration names. */
    public Kubemedic(KubernetesClient client, KubemedicConfig config, Timing timing, Clock clock, EngineListener listener) {
        this(client, config, config.policyFile().isBlank() ? Policy.defaults() : Policy.load(Path.of(config.policyFile())),
                JdbcAuditStore.openSqlite(Path.of(config.auditPath())), true, timing, clock, listener);
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
        this.observer = new ClusterObserver(client, config, clock, timing.resync(), timing.metricsPoll());
        this.engine = new HealingEngine(config, observer, Actions.defaults(client), new EventRecorder(client, clock), audit, policy,
                clock, timing.resync(), listener);
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
        engine.close();
        if (ownsAudit) {
            audit.close();
        }
    }
}
