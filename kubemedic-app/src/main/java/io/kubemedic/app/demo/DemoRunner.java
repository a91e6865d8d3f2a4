package io.kubemedic.app.demo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.kube.sandbox.SandboxCluster;
import io.kubemedic.kube.sandbox.Scenario;
import io.kubemedic.kube.sandbox.ScenarioPlayer;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plays scenarios on the sandbox cluster with the real engine against it, waits until each scenario reaches its
 * expected outcome or its time runs out, then judges each one against what its file expects.
 */
public final class DemoRunner {

    /** What the sandbox changes from the production defaults: it acts, and it verifies on a demo's time scale. */
    public static final Map<String, String> SANDBOX_SETTINGS = Map.of(
            "mode", "enforce",
            "verify.timeout", "20s",
            "verify.stableFor", "2s",
            "verify.pollInterval", "500ms");

    public static final Kubemedic.Timing SANDBOX_TIMING =
            new Kubemedic.Timing(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(20));

    private static final Duration POLL = Duration.ofMillis(200);

    private final KubemedicConfig config;
    private final PrintStream progress;
    private final Clock clock;

    public DemoRunner(KubemedicConfig config, PrintStream progress, Clock clock) {
        this.config = config;
        this.progress = progress;
        this.clock = clock;
    }

    public DemoReport run(List<Scenario> scenarios, EngineListener timeline) throws InterruptedException {
        ScenarioTracker tracker = new ScenarioTracker(timeline);
        progress.printf("kubemedic demo: starting the sandbox cluster (embedded API server + kubelet emulator), %d scenario(s)%n", scenarios.size());
        try (SandboxCluster cluster = SandboxCluster.start();
             KubernetesClient client = cluster.client();
             Kubemedic app = new Kubemedic(client, config, SANDBOX_TIMING, clock, tracker);
             ScenarioPlayer player = new ScenarioPlayer(cluster.client(), scenarios, clock)) {
            progress.printf("kubemedic demo: API server at %s, mode %s, audit trail %s%n", cluster.masterUrl(), config.mode().text(), config.auditPath());
            app.start(SANDBOX_TIMING);
            Instant started = clock.instant();
            player.start();
            Instant deadline = started.plus(scenarios.stream().map(s -> s.expect().within()).max(Duration::compareTo).orElse(Duration.ofSeconds(60)))
                    .plusSeconds(10);
            while (clock.instant().isBefore(deadline) && !allSettled(scenarios, tracker, player)) {
                Thread.sleep(POLL.toMillis());
            }
            List<ScenarioResult> results = new ArrayList<>();
            for (Scenario s : scenarios) {
                results.add(judge(s, tracker.progress(s.namespace()), player, cluster));
            }
            return new DemoReport(results);
        }
    }

    private boolean allSettled(List<Scenario> scenarios, ScenarioTracker tracker, ScenarioPlayer player) {
        Instant now = clock.instant();
        return scenarios.stream().allMatch(s -> {
            ScenarioTracker.Progress p = tracker.progress(s.namespace());
            boolean reached = p.outcome != null && p.outcome.name().equals(s.expect().outcome());
            boolean timedOut = player.faultStartedAt(s.name()).map(t -> now.isAfter(t.plus(s.expect().within()))).orElse(false);
            return reached || timedOut;
        });
    }

    private ScenarioResult judge(Scenario s, ScenarioTracker.Progress p, ScenarioPlayer player, SandboxCluster cluster) {
        List<String> failures = new ArrayList<>();
        String expectedOutcome = s.expect().outcome();
        String outcome = p.outcome == null ? "NONE" : p.outcome.name();
        if (!outcome.equals(expectedOutcome)) {
            failures.add("outcome " + outcome + ", expected " + expectedOutcome);
        }
        String expectedAction = s.expect().action();
        List<String> taken = p.actions.stream().map(ActionType::policyName).distinct().toList();
        boolean anyMutating = p.actions.stream().anyMatch(ActionType::mutating);
        if ("none".equals(expectedAction)) {
            if (anyMutating) {
                failures.add("expected no action, but took " + taken);
            }
        } else if (expectedAction != null && !taken.contains(expectedAction)) {
            failures.add("expected action " + expectedAction + " was not taken (taken: " + taken + ")");
        }
        for (String forbidden : s.expect().forbiddenActions()) {
            if (taken.contains(forbidden)) {
                failures.add("forbidden action " + forbidden + " was taken");
            }
        }
        if (s.expect().forbiddenActions().contains(ActionType.EVICT_POD.policyName())
                && cluster.dispatcher().evictions().stream().anyMatch(e -> e.namespace().equals(s.namespace()))) {
            failures.add("the API server received an eviction in " + s.namespace());
        }
        failures.addAll(player.checkFinalState(s));
        Instant fault = player.faultStartedAt(s.name()).orElse(null);
        String action = expectedAction != null && taken.contains(expectedAction) ? expectedAction
                : taken.isEmpty() ? "none" : taken.getLast();
        return new ScenarioResult(s.name(), s.issue(), action, outcome, failures.isEmpty(),
                since(fault, p.detectedAt), since(fault, p.outcomeAt), failures);
    }

    private static Long since(Instant from, Instant to) {
        return from == null || to == null ? null : Math.max(0, Duration.between(from, to).toMillis());
    }
}
