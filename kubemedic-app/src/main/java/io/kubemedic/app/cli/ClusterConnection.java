package io.kubemedic.app.cli;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubemedic.kube.observe.ApiErrors;
import io.kubemedic.kube.observe.ServerVersion;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Answers "can Kubemedic work with this cluster?" before anything starts: the server answers {@code /version}, the
 * credentials are accepted, and pods can be listed where Kubemedic will watch. One attempt is bounded (about 12 s):
 * fabric8's own retries of a refused connection take about 20 s, and a wrong kubeconfig deserves an answer sooner.
 * Outside a cluster a failure ends the command; inside one (a pod), the API server may simply not be reachable yet,
 * so it retries with backoff and says so each time.
 */
final class ClusterConnection {

    static final Duration ATTEMPT = Duration.ofSeconds(12);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** The server answered, accepted the credentials and let Kubemedic list pods. */
    record Connected(String server, ServerVersion version) {
    }

    /** The server could not be reached, or refused (TLS, 401, 403); the reason is one human sentence. */
    static final class Unreachable extends RuntimeException {
        private final String server;
        private final String reason;

        Unreachable(String server, String reason) {
            super(server + ": " + reason);
            this.server = server;
            this.reason = reason;
        }

        String server() {
            return server;
        }

        String reason() {
            return reason;
        }
    }

    /** Waits between attempts; a test passes one that does not sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private ClusterConnection() {
    }

    /** One attempt, answered within {@code budget} whatever the network does. */
    static Connected probe(Config base, List<String> namespaces, Duration budget) {
        String server = base.getMasterUrl();
        Config config = new ConfigBuilder(base).withRequestRetryBackoffLimit(0)
                .withConnectionTimeout((int) Math.min(budget.toMillis(), 5_000)).withRequestTimeout((int) budget.toMillis()).build();
        CompletableFuture<Connected> attempt = CompletableFuture.supplyAsync(() -> {
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                ServerVersion version = ServerVersion.of(client.getKubernetesVersion());
                var limitOne = new ListOptionsBuilder().withLimit(1L).build();
                if (namespaces.isEmpty()) {
                    client.pods().inAnyNamespace().list(limitOne);
                } else {
                    namespaces.forEach(ns -> client.pods().inNamespace(ns).list(limitOne));
                }
                return new Connected(server, version);
            }
        }, r -> Thread.ofVirtual().name("kubemedic-probe").start(r));
        try {
            return attempt.get(budget.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            attempt.cancel(true);
            throw new Unreachable(server, "no answer within " + budget.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new Unreachable(server, ApiErrors.describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(server, "interrupted");
        }
    }

    /**
     * Probes until connected. With {@code retry} false the first failure is thrown; with it true (in a cluster) each
     * failure is reported as "not ready" on {@code err} and retried after 1 s, doubling up to 30 s.
     */
    static Connected connect(Supplier<Connected> probe, boolean retry, PrintWriter err, Sleeper sleeper) throws InterruptedException {
        Duration wait = FIRST_RETRY;
        while (true) {
            try {
                return probe.get();
            } catch (Unreachable u) {
                if (!retry) {
                    throw u;
                }
                err.printf("kubemedic: not ready: cannot use %s: %s; retrying in %d s%n", u.server(), u.reason(), wait.toSeconds());
                err.flush();
                sleeper.sleep(wait);
                wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
            }
        }
    }
}
