package io.kubemedic.app.demo;

import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.audit.AuditStore;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.decision.Policy;
import io.kubemedic.kube.sandbox.Scenario;
import io.kubemedic.kube.sandbox.ScenarioPlayer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kubemedic mcp --sandbox}: the sandbox cluster with the scenarios' workloads and faults playing and one
 * Kubemedic over all their namespaces, with no HTTP API: the agent on the other end of stdio is the only way in. It is
 * ready once the early faults are in place, so the agent's first look finds crash-looping pods, not pods still starting.
 */
public final class McpSandbox implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final DemoCluster cluster;
    private final AuditStore audit;
    private final ScenarioPlayer player;
    private final Kubemedic kubemedic;

    private McpSandbox(DemoCluster cluster, AuditStore audit, ScenarioPlayer player, Kubemedic kubemedic) {
        this.cluster = cluster;
        this.audit = audit;
        this.player = player;
        this.kubemedic = kubemedic;
    }

    /**
     * Starts the sandbox, Kubemedic over the scenarios' namespaces and the scenarios, then waits (at most
     * {@code earlyFaults} plus a few seconds) until every fault due within {@code earlyFaults} has been injected.
     */
    public static McpSandbox start(KubemedicConfig base, List<Scenario> scenarios, Clock clock, Duration earlyFaults) {
        DemoCluster cluster = DemoCluster.sandbox();
        AuditStore audit = null;
        ScenarioPlayer player = null;
        Kubemedic kubemedic = null;
        try {
            audit = DemoStore.openFresh(Path.of(base.auditPath()));
            player = new ScenarioPlayer(cluster.playerClient(), scenarios, clock, cluster.server());
            ScenarioPlayer playing = player;
            Map<String, String> scope = new LinkedHashMap<>();
            scope.put("namespaces.allow", String.join(",", scenarios.stream().map(s -> playing.namespaceOf(s.name())).toList()));
            KubemedicConfig config = base.with(scope);
            Policy policy = config.policyFile().isBlank() ? Policy.defaults() : Policy.load(Path.of(config.policyFile()));
            kubemedic = new Kubemedic(cluster.engineClient(), config, policy, audit, DemoRunner.SANDBOX_TIMING, clock, EngineListener.NONE);
            kubemedic.start(DemoRunner.SANDBOX_TIMING);
            player.start();
            McpSandbox sandbox = new McpSandbox(cluster, audit, player, kubemedic);
            sandbox.awaitEarlyFaults(scenarios, clock, earlyFaults);
            return sandbox;
        } catch (RuntimeException e) {
            closeQuietly(kubemedic);
            closeQuietly(player);
            closeQuietly(audit);
            cluster.close();
            throw e;
        }
    }

    private void awaitEarlyFaults(List<Scenario> scenarios, Clock clock, Duration earlyFaults) {
        List<String> due = scenarios.stream()
                .filter(s -> s.faults().stream().anyMatch(f -> f.at().compareTo(earlyFaults) <= 0))
                .map(Scenario::name).toList();
        Instant deadline = clock.instant().plus(earlyFaults).plusSeconds(5);
        while (clock.instant().isBefore(deadline) && !due.stream().allMatch(s -> player.faultStartedAt(s).isPresent())) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public Kubemedic kubemedic() {
        return kubemedic;
    }

    public ScenarioPlayer player() {
        return player;
    }

    public String masterUrl() {
        return cluster.engineClient().getMasterUrl().toString();
    }

    /** Stops everything; the embedded API server may time out stopping, which at the end of a session is no failure. */
    @Override
    public void close() {
        closeQuietly(kubemedic);
        closeQuietly(player);
        closeQuietly(audit);
        closeQuietly(cluster);
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
