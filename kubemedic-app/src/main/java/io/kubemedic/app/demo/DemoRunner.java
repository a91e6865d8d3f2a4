package io.kubemedic.app.demo;

import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.audit.JdbcAuditStore;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.IncidentRecord;
import io.kubemedic.kube.sandbox.Scenario;
import io.kubemedic.kube.sandbox.ScenarioPlayer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plays scenarios on a cluster (the embedded sandbox, or a real API server) with the real engine against it, one
 * Kubemedic per scenario ({@link DemoEngines}); waits until each scenario reaches its expected outcome or its time runs
 * out; then judges each from ground truth ({@link ScenarioJudge}) and, on a real server, removes what it created.
 */
public final class DemoRunner {

    /** What the demo changes from the production defaults: it acts, and it verifies on a demo's time scale. */
    public static final Map<String, String> SANDBOX_SETTINGS = Map.of(
            "mode", "enforce",
            "verify.timeout", "20s",
            "verify.stableFor", "2s",
            "verify.pollInterval", "500ms");

    public static final Kubemedic.Timing SANDBOX_TIMING =
            new Kubemedic.Timing(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(20));

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final KubemedicConfig config;
    private final PrintStream progress;
    private final Clock clock;

    public DemoRunner(KubemedicConfig config, PrintStream progress, Clock clock) {
        this.config = config;
        this.progress = progress;
        this.clock = clock;
    }

    /** Plays on the sandbox cluster. */
    public DemoReport run(List<Scenario> scenarios, EngineListener timeline) throws InterruptedException {
        return run(DemoCluster::sandbox, scenarios, timeline);
    }

    /** Plays on a real API server. */
    public DemoReport runOn(io.fabric8.kubernetes.client.Config kube, Path auditLog, List<Scenario> scenarios, EngineListener timeline)
            throws InterruptedException {
        return run(() -> DemoCluster.real(kube, auditLog), scenarios, timeline);
    }

    /** The store is opened (or refused) first, so a wrong --audit path fails before anything starts. */
    private DemoReport run(java.util.function.Supplier<DemoCluster> clusters, List<Scenario> scenarios, EngineListener timeline)
            throws InterruptedException {
        try (JdbcAuditStore audit = DemoStore.openFresh(Path.of(config.auditPath()));
             DemoCluster cluster = clusters.get();
             ScenarioPlayer player = new ScenarioPlayer(cluster.playerClient(), scenarios, clock, cluster.server())) {
            progress.printf("kubemedic demo: %d scenario(s) on %s, one Kubemedic each in %s mode; audit trail %s%n", scenarios.size(),
                    cluster.describe(), config.mode().text(), config.auditPath());
            ScenarioJudge judge = new ScenarioJudge(player);
            try (DemoEngines engines = new DemoEngines(config, scenarios, player, cluster.engineClient(), audit, SANDBOX_TIMING, clock, timeline)) {
                engines.start(SANDBOX_TIMING);
                player.start();
                progress.printf("kubemedic demo: %d engine(s) watching, scenarios playing (run %s)%n", engines.size(), player.runId());
                Instant started = clock.instant();
                Instant deadline = started.plus(scenarios.stream().map(s -> s.expect().within()).max(Duration::compareTo)
                        .orElse(Duration.ofSeconds(60))).plus(GRACE);
                while (clock.instant().isBefore(deadline) && !allSettled(scenarios, judge, player, audit)) {
                    Thread.sleep(POLL.toMillis());
                }
            }
            ScenarioJudge.Trail trail = new ScenarioJudge.Trail(audit.incidents(100_000), audit::byIncident);
            var requests = cluster.requests();
            List<ScenarioResult> results = new ArrayList<>();
            for (Scenario s : scenarios) {
                results.add(judge.judge(s, trail, requests));
            }
            if (cluster.server() == ScenarioPlayer.Server.REAL) {
                progress.printf("kubemedic demo: removing the run's namespaces and nodes from the server%n");
            }
            return new DemoReport(cluster.server() == ScenarioPlayer.Server.REAL ? cluster.engineClient().getMasterUrl().toString() : "sandbox",
                    results);
        }
    }

    private boolean allSettled(List<Scenario> scenarios, ScenarioJudge judge, ScenarioPlayer player, JdbcAuditStore audit) {
        Instant now = clock.instant();
        List<IncidentRecord> incidents = audit.incidents(100_000);
        return scenarios.stream().allMatch(s -> judge.settled(s, incidents)
                || player.faultStartedAt(s.name()).map(t -> now.isAfter(t.plus(s.expect().within()))).orElse(false));
    }
}
