package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One side of a parity test: the sandbox (API server with the controller emulator ticking every 100 ms, as the
 * scenario player runs it) or the real kube-apiserver 1.20 + controller-manager from {@code -Dkubemedic.e2e.kubeconfig}.
 * Each test gets a fresh namespace; neither side has a kubelet or a scheduler, so the test writes pod status itself
 * ({@link TestKubelet}) identically on both. Clients never retry, so a 429 comes back as it was answered.
 */
final class ParityTarget implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    /** A raw answer: the HTTP code and, for a Status body, the Status. */
    record Answer(int code, Status status, String body) {
    }

    private final String name;
    private final KubernetesClient client;
    private final String namespace;
    private final SandboxCluster cluster;
    private final ScheduledExecutorService ticker;
    private final List<String> nodes = new ArrayList<>();

    private ParityTarget(String name, KubernetesClient client, SandboxCluster cluster, ScheduledExecutorService ticker) {
        this.name = name;
        this.client = client;
        this.cluster = cluster;
        this.ticker = ticker;
        this.namespace = "s1-parity-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        if (cluster == null) {
            await().atMost(WAIT).until(() -> { // with its token: the ServiceAccount admission refuses pods until the token controller made it
                var sa = client.serviceAccounts().inNamespace(namespace).withName("default").get();
                return sa != null && sa.getSecrets() != null && !sa.getSecrets().isEmpty();
            });
        }
    }

    /** The two sides, by name, for {@code @MethodSource}. */
    static Stream<String> sides() {
        return Stream.of("sandbox", "real");
    }

    static ParityTarget open(String side) {
        if ("sandbox".equals(side)) {
            SandboxCluster cluster = SandboxCluster.start();
            ControllerEmulator controllers = new ControllerEmulator(cluster.emulatorClient());
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("parity-controllers").unstarted(r));
            ticker.scheduleWithFixedDelay(() -> {
                try {
                    controllers.reconcile();
                } catch (RuntimeException e) {
                    // a tick that loses a race is retried on the next, as in the scenario player
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            return new ParityTarget(side, cluster.client(), cluster, ticker);
        }
        String kubeconfig = System.getProperty("kubemedic.e2e.kubeconfig");
        assertThat(kubeconfig).as("-Dkubemedic.e2e.kubeconfig (a real kube-apiserver, see shared/tools/real-apiserver)").isNotBlank();
        Config config = new ConfigBuilder(Config.fromKubeconfig(null, new File(kubeconfig))).withRequestRetryBackoffLimit(0).build();
        return new ParityTarget(side, new KubernetesClientBuilder().withConfig(config).build(), null, null);
    }

    boolean real() {
        return cluster == null;
    }

    KubernetesClient client() {
        return client;
    }

    String namespace() {
        return namespace;
    }

    /** Writes pod status as the test's kubelet decides (null leaves a pod alone). */
    void kubelet(Function<Pod, TestKubelet.State> decide) {
        TestKubelet.settle(client, namespace, decide);
    }

    /** Plays the kubelet until the condition holds. */
    void until(Function<Pod, TestKubelet.State> decide, java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            kubelet(decide);
            return condition.call();
        });
    }

    /** A POST with a JSON body, answered as the server answered it. */
    Answer post(String path, String json) throws Exception {
        var http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(client.getMasterUrl().toString().replaceAll("/$", "") + path)
                .post("application/json", json).build();
        HttpResponse<String> r = http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
        Status status = r.body() != null && r.body().contains("\"kind\":\"Status\"") ? KUBE.unmarshal(r.body(), Status.class) : null;
        return new Answer(r.code(), status, r.body());
    }

    /** A Ready node with the given labels, deleted with the target. */
    Node node(String nodeName, Map<String, String> labels) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(nodeName).withLabels(labels).endMetadata()
                .withNewSpec().endSpec().build()).create();
        nodes.add(nodeName);
        var ready = new io.fabric8.kubernetes.api.model.NodeStatusBuilder().addNewCondition().withType("Ready").withStatus("True")
                .withReason("KubeletReady").withLastHeartbeatTime(java.time.Instant.now().toString()).endCondition().build();
        // the real node lifecycle controller writes the new node too: retry on conflict
        await().atMost(WAIT).ignoreExceptionsInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class).until(() -> {
            Node fresh = client.nodes().withName(nodeName).get();
            fresh.setStatus(ready);
            return client.nodes().resource(fresh).updateStatus() != null;
        });
        return client.nodes().withName(nodeName).get();
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public void close() {
        try {
            nodes.forEach(n -> client.nodes().withName(n).delete());
            if (real()) {
                client.namespaces().withName(namespace).delete();
            }
        } finally {
            if (ticker != null) {
                ticker.shutdownNow();
            }
            if (cluster != null) {
                cluster.close();
            } else {
                client.close();
            }
        }
    }
}
