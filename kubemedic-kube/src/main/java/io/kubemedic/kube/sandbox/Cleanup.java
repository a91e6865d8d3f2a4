package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Leaves a real cluster as the run found it: the scenario namespaces deleted (their pods force-deleted, as nothing
 * plays their kubelet any more), the run's nodes and Leases deleted, and the metrics API removed if the run created
 * it and nothing else uses it. Waits for the namespaces to be gone, within a bound, so a test can check.
 */
final class Cleanup {

    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);

    private Cleanup() {
    }

    static void real(KubernetesClient client, List<ScenarioRun> runs, Nodes nodes, MetricsApi metrics, Duration wait) {
        for (ScenarioRun run : runs) {
            quietly(() -> client.namespaces().withName(run.namespace).delete());
        }
        Instant deadline = Instant.now().plus(wait);
        try {
            while (!gone(client, runs)) {
                for (ScenarioRun run : runs) {
                    quietly(() -> client.pods().inNamespace(run.namespace).withGracePeriod(0).delete());
                }
                if (Instant.now().isAfter(deadline)) {
                    LOG.warn("scenario player: namespaces still terminating after {}: {}", wait, runs.stream().map(r -> r.namespace).toList());
                    break;
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        nodes.delete();
        metrics.removeIfUnused();
    }

    private static boolean gone(KubernetesClient client, List<ScenarioRun> runs) {
        return runs.stream().allMatch(r -> client.namespaces().withName(r.namespace).get() == null);
    }

    private static void quietly(Runnable delete) {
        try {
            delete.run();
        } catch (KubernetesClientException e) {
            LOG.warn("scenario player: clean-up step failed: {}", e.getMessage());
        }
    }
}
