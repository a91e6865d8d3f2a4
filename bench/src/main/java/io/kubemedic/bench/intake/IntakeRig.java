package io.kubemedic.bench.intake;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.audit.JdbcAuditStore;
import io.kubemedic.app.web.Tokens;
import io.kubemedic.bench.EngineClock;
import io.kubemedic.bench.Fixtures;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.decision.Policy;
import io.kubemedic.kube.sandbox.SandboxCluster;
import io.kubemedic.kube.sandbox.SandboxDispatcher;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code demo --serve} runs, assembled so the harness can see inside: the sandbox API server (its dispatcher
 * stamps each eviction's arrival), the bench Deployments, one Kubemedic in enforce mode on the SQLite store behind a
 * {@link StampingStore}, reporting to an {@link EngineClock}, with its HTTP API on 127.0.0.1 and a random bearer token.
 * Every limit that could stop a trial is lifted ({@link Fixtures#settings}, plus {@code storm.settle=0s}).
 */
final class IntakeRig implements AutoCloseable {

    final SandboxCluster cluster;
    final KubernetesClient client;
    final Workloads workloads;
    final StampingStore store;
    final EngineClock timeline = new EngineClock();
    final Kubemedic app;
    final String token = newToken();
    final List<String> load;
    final List<String> heal;
    private final int port;

    private IntakeRig(Path dir, int loadDeployments, int healDeployments, int replicas) {
        cluster = SandboxCluster.start();
        client = cluster.client();
        workloads = new Workloads(client);
        load = workloads.create("load", loadDeployments, replicas);
        heal = workloads.create("heal", healDeployments, replicas);
        Map<String, String> settings = new LinkedHashMap<>(Fixtures.settings(Workloads.NS, dir.resolve("audit.db")));
        settings.put("storm.settle", "0s");
        settings.put("http.address", "127.0.0.1");
        settings.put("http.port", "0");
        KubemedicConfig config = KubemedicConfig.from(settings);
        store = new StampingStore(JdbcAuditStore.openSqlite(dir.resolve("audit.db")), Payloads.LEAK_MARKER);
        app = new Kubemedic(cluster.client(), config, Policy.defaults(), store, Fixtures.timing(), Clock.systemUTC(), timeline);
        app.start(Fixtures.timing());
        port = app.serve(Tokens.of(token)).port();
    }

    /** Starts everything and lets Kubemedic's start-up pass end. */
    static IntakeRig start(Path dir, int loadDeployments, int healDeployments, int replicas) throws InterruptedException {
        IntakeRig rig = new IntakeRig(dir, loadDeployments, healDeployments, replicas);
        Thread.sleep(2000); // the start-up pass over every target ends
        rig.timeline.drain();
        return rig;
    }

    private static String newToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    String alertmanagerUrl() {
        return "http://127.0.0.1:" + port + "/api/v1/alerts/alertmanager";
    }

    /** The first eviction request the sandbox API server received for {@code pod}, or null. */
    SandboxDispatcher.EvictionRecord eviction(String pod) {
        for (SandboxDispatcher.EvictionRecord r : cluster.dispatcher().evictions()) {
            if (r.pod().equals(pod)) {
                return r;
            }
        }
        return null;
    }

    /** The load notification: one pod of each load Deployment (ten alerts when there are ten Deployments). */
    List<String> loadPods() {
        return load.stream().map(workloads::victim).toList();
    }

    @Override
    public void close() {
        try (cluster; store) {
            app.close();
        }
    }
}
