package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Asks the server, once, what it is: its version (for the snapshot's cluster facts) and whether it serves policy/v1
 * PodDisruptionBudgets (1.21+) or only policy/v1beta1. Runs on its own thread and retries with backoff while the
 * server cannot be reached, so an observer started during an outage still learns both once the server is back.
 */
final class Discovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final List<String> allowed;
    private final Consumer<Boolean> onPolicyVersion;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile ServerVersion version = ServerVersion.UNKNOWN;
    private volatile Thread thread;

    /** {@code onPolicyVersion} receives true when policy/v1 is served. */
    Discovery(KubernetesClient client, List<String> allowed, Consumer<Boolean> onPolicyVersion) {
        this.client = client;
        this.allowed = allowed;
        this.onPolicyVersion = onPolicyVersion;
    }

    void start() {
        thread = Thread.ofVirtual().name("kubemedic-discovery").start(this::run);
    }

    private void run() {
        Duration wait = FIRST_RETRY;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                version = readVersion();
                onPolicyVersion.accept(version.known() ? version.atLeast(1, 21) : servesPolicyV1());
                LOG.info("API server version {}", version);
                done.countDown();
                return;
            } catch (KubernetesClientException e) {
                LOG.warn("discovery failed ({}); retrying in {} s", ApiErrors.describe(e), wait.toSeconds());
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
        }
    }

    /** {@code /version}; a server without it (the sandbox) answers 404, and the version stays unknown. */
    private ServerVersion readVersion() {
        try {
            return ServerVersion.of(client.getKubernetesVersion());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return ServerVersion.UNKNOWN;
            }
            throw e;
        }
    }

    /** For a server of unknown version: does listing policy/v1 budgets answer anything but 404? */
    private boolean servesPolicyV1() {
        try {
            var op = client.policy().v1().podDisruptionBudget();
            (allowed.isEmpty() ? op.inAnyNamespace() : op.inNamespace(allowed.getFirst())).list(new ListOptionsBuilder().withLimit(1L).build());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            if (e.getCode() > 0) {
                return true; // 403 and the like: the version is served; the informer will report what it cannot read
            }
            throw e;
        }
    }

    boolean await(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    boolean done() {
        return done.getCount() == 0;
    }

    ServerVersion version() {
        return version;
    }

    @Override
    public void close() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
