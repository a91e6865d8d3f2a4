package io.kubemedic.bench;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubemedic.app.Kubemedic;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The pods, statuses and settings both harnesses use. */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * Enforce mode with every limit that could stop a trial lifted (cooldown, rate limits, flap and storm limits, held
     * escalation), verification as short as it goes, so each trial's crash loop is evicted and verified at once.
     */
    public static Map<String, String> settings(String namespace, Path audit) {
        return Map.ofEntries(Map.entry("mode", "enforce"), Map.entry("cooldown", "0s"),
                Map.entry("rateLimit.global", "1000000"), Map.entry("rateLimit.perNamespace", "1000000"),
                Map.entry("flap.threshold", "1000000"), Map.entry("storm.minWorkloads", "1000000"), Map.entry("storm.threshold", "1.0"), Map.entry("storm.settle", "0s"),
                Map.entry("escalation.heldFor", "1h"), Map.entry("verify.stableFor", "0s"), Map.entry("verify.timeout", "60s"),
                Map.entry("verify.pollInterval", "200ms"), Map.entry("namespaces.allow", namespace), Map.entry("audit.path", audit.toString()));
    }

    /** Resync and metrics once an hour: only watch events drive a trial. */
    public static Kubemedic.Timing timing() {
        return new Kubemedic.Timing(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(5));
    }

    public static Container container() {
        return new ContainerBuilder().withName("app").withImage("registry.example.com/bench:1")
                .withNewResources().withLimits(Map.of("memory", new Quantity("256Mi"))).endResources().build();
    }

    public static PodStatus healthy() {
        return new PodStatusBuilder().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("app").withImage("registry.example.com/bench:1").withReady(true).withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().endState()
                .endContainerStatus().build();
    }

    /** Restarted 5 times, last exit a second ago (recent evidence), now backing off. */
    public static PodStatus crashLoop() {
        Instant now = Instant.now();
        return new PodStatusBuilder().withPhase("Running").addNewCondition().withType("Ready").withStatus("False").endCondition()
                .addNewContainerStatus().withName("app").withImage("registry.example.com/bench:1").withReady(false).withRestartCount(5)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").withStartedAt(now.minusSeconds(3).toString())
                .withFinishedAt(now.minusSeconds(1).toString()).endTerminated().endLastState()
                .endContainerStatus().build();
    }

    public static boolean crashing(Pod p) {
        return p.getStatus() != null && p.getStatus().getContainerStatuses() != null && p.getStatus().getContainerStatuses().stream()
                .anyMatch(c -> c.getState() != null && c.getState().getWaiting() != null && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason()));
    }
}
