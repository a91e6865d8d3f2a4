package io.kubemedic.app.demo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.app.audit.elastic.ElasticSink;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.web.HttpApi;
import io.kubemedic.app.web.Tokens;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.decision.Policy;
import io.kubemedic.kube.sandbox.Scenario;
import io.kubemedic.kube.sandbox.ScenarioPlayer;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code demo --serve}: the sandbox cluster with the scenarios' workloads (and faults) playing, one Kubemedic watching
 * all their namespaces, and its HTTP API up, until stopped. For trying the alert intake and the workflow bridge by hand
 * (curl, a local Alertmanager) and for end-to-end tests with real Prometheus and Alertmanager.
 */
public final class DemoServer implements AutoCloseable {

    private final DemoCluster cluster;
    private final AuditStore audit;
    private final ScenarioPlayer player;
    private final Kubemedic kubemedic;
    private final HttpApi http;

    private DemoServer(DemoCluster cluster, AuditStore audit, ScenarioPlayer player, Kubemedic kubemedic, HttpApi http) {
        this.cluster = cluster;
        this.audit = audit;
        this.player = player;
        this.kubemedic = kubemedic;
        this.http = http;
    }

    /** Starts the sandbox, plays the scenarios, starts Kubemedic over their namespaces and serves its API. */
    public static DemoServer start(KubemedicConfig base, List<Scenario> scenarios, Tokens tokens, Clock clock, EngineListener listener) {
        return start(DemoCluster.sandbox(), base, scenarios, tokens, clock, listener);
    }

    /** The same on a real API server (a test cluster: the scenarios create namespaces and nodes there, removed on close). */
    public static DemoServer startOn(io.fabric8.kubernetes.client.Config realServer, KubemedicConfig base, List<Scenario> scenarios, Tokens tokens,
                                     Clock clock, EngineListener listener) {
        return start(DemoCluster.real(realServer, null), base, scenarios, tokens, clock, listener);
    }

    private static DemoServer start(DemoCluster cluster, KubemedicConfig base, List<Scenario> scenarios, Tokens tokens, Clock clock,
                                    EngineListener listener) {
        AuditStore audit = null;
        ScenarioPlayer player = null;
        Kubemedic kubemedic = null;
        try {
            audit = ElasticSink.around(DemoStore.openFresh(Path.of(base.auditPath())), base);
            player = new ScenarioPlayer(cluster.playerClient(), scenarios, clock, cluster.server());
            List<String> namespaces = new ArrayList<>();
            for (Scenario s : scenarios) {
                namespaces.add(player.namespaceOf(s.name()));
            }
            Map<String, String> scope = new LinkedHashMap<>();
            scope.put("namespaces.allow", String.join(",", namespaces));
            KubemedicConfig config = base.with(scope);
            Policy policy = config.policyFile().isBlank() ? Policy.defaults() : Policy.load(Path.of(config.policyFile()));
            kubemedic = new Kubemedic(cluster.engineClient(), config, policy, audit, DemoRunner.SANDBOX_TIMING, clock, listener);
            kubemedic.start(DemoRunner.SANDBOX_TIMING);
            player.start();
            HttpApi http = kubemedic.serve(tokens);
            return new DemoServer(cluster, audit, player, kubemedic, http);
        } catch (RuntimeException e) {
            closeQuietly(kubemedic);
            closeQuietly(player);
            closeQuietly(audit);
            cluster.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    /** A client of the sandbox API server (what kubectl would talk to). */
    public KubernetesClient client() {
        return cluster.engineClient();
    }

    public String masterUrl() {
        return cluster.engineClient().getMasterUrl().toString();
    }

    /** What a pod's log says (sandbox only), e.g. to play an application's error output. */
    public void setPodLog(String namespace, String pod, String text) {
        cluster.setPodLog(namespace, pod, text);
    }

    public ScenarioPlayer player() {
        return player;
    }

    public Kubemedic kubemedic() {
        return kubemedic;
    }

    public AuditStore audit() {
        return audit;
    }

    @Override
    public void close() {
        closeQuietly(kubemedic);
        closeQuietly(player);
        closeQuietly(audit);
        cluster.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing on the way out: the first failure is what matters
        }
    }
}
