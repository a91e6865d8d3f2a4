package io.kubemedic.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.Ownership;
import io.kubemedic.core.model.ResourceRef;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reaction latency against a real kube-apiserver + controller-manager (scripts/real-apiserver): Deployments of
 * {@code podsPerDeployment} pods are created by the real controllers; this harness plays the kubelet (new pods come up
 * Ready). No scheduler runs, so pods stay unbound and an eviction deletes them at once: the eviction is "done" when
 * the harness's own informer sees the pod deleted. The other stamps are described in {@link Trial}. Trials never
 * overlap: the next starts once the incident is verified (replacement Ready), closed and saved ({@link Session}).
 * Usage: RealServerLatencyBench KUBECONFIG [pods=1000,10000] [trials=300] [podsPerDeployment=100]
 */
public final class RealServerLatencyBench {

    private static final String NS = "bench-real";

    private RealServerLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.fromKubeconfig(null, new File(args[0]));
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "1000,10000").split(",")).mapToInt(Integer::parseInt).toArray();
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int perDeployment = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        try (KubernetesClient c = new KubernetesClientBuilder().withConfig(config).build()) {
            System.out.println("machine: " + Machine.describe() + "; server: kube-apiserver " + c.getKubernetesVersion().getGitVersion()
                    + " at " + config.getMasterUrl());
        }
        List<String> summary = new ArrayList<>();
        for (int n : sizes) {
            summary.add(run(config, n, trials, perDeployment));
        }
        System.out.println();
        System.out.println(Report.header());
        summary.forEach(System.out::println);
    }

    private static String run(Config config, int pods, int trials, int perDeployment) throws Exception {
        int deployments = Math.max(1, pods / perDeployment);
        Path dir = Files.createTempDirectory("kubemedic-bench-real");
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            freshNamespace(client);
            Map<String, Long> crashSeen = new ConcurrentHashMap<>();
            Map<String, Long> deleted = new ConcurrentHashMap<>();
            ExecutorService kubelet = Executors.newFixedThreadPool(8);
            try (SharedIndexInformer<Pod> watcher = client.pods().inNamespace(NS).inform(new ResourceEventHandler<>() {
                @Override public void onAdd(Pod p) {
                    kubelet.submit(() -> markHealthy(client, p)); // play the kubelet: new pods come up Ready
                }
                @Override public void onUpdate(Pod o, Pod p) {
                    if (Fixtures.crashing(p)) {
                        crashSeen.putIfAbsent(p.getMetadata().getName(), System.nanoTime());
                    }
                }
                @Override public void onDelete(Pod p, boolean unknown) {
                    deleted.putIfAbsent(p.getMetadata().getName(), System.nanoTime());
                }
            })) {
                populate(client, watcher, pods, deployments, perDeployment);
                KubemedicConfig km = KubemedicConfig.from(Fixtures.settings(NS, dir.resolve("audit.db")));
                String line = Session.run("real", config, km, dir.resolve("audit.db"), pods, trials,
                        (t, app, probes) -> trial(client, watcher, app, probes, "app-" + (t % deployments), crashSeen, deleted));
                Pod crash = watcher.getStore().list().stream().filter(p -> "app-0".equals(p.getMetadata().getLabels().get("app")) && Ownership.ready(p))
                        .findFirst().orElseThrow();
                crash.setStatus(Fixtures.crashLoop());
                client.pods().inNamespace(NS).resource(crash).updateStatus();
                ComponentProbe.run(client, km, new ResourceRef(ResourceRef.DEPLOYMENT, NS, "app-0"), 1000);
                return line;
            } finally {
                kubelet.shutdownNow();
                client.namespaces().withName(NS).delete();
            }
        }
    }

    private static Trial trial(KubernetesClient client, SharedIndexInformer<Pod> watcher, Kubemedic app, Probes probes, String deployment,
                               Map<String, Long> crashSeen, Map<String, Long> deleted) throws InterruptedException {
        Pod victim = watcher.getStore().list().stream().filter(p -> deployment.equals(p.getMetadata().getLabels().get("app")) && Ownership.ready(p)
                && !Fixtures.crashing(p) && p.getMetadata().getDeletionTimestamp() == null).findFirst().orElseThrow();
        Probes.Crash crash = probes.crash(client, victim);
        long done = Probes.await(() -> deleted.get(crash.pod()), "pod " + crash.pod() + " to be evicted");
        return probes.measure(app, crash, deployment, crashSeen.get(crash.pod()), done);
    }

    private static void freshNamespace(KubernetesClient client) throws InterruptedException {
        if (client.namespaces().withName(NS).get() != null) {
            client.namespaces().withName(NS).delete();
            waitUntil(() -> client.namespaces().withName(NS).get() == null, Duration.ofMinutes(5), 1000);
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        waitUntil(() -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null, Duration.ofMinutes(1), 100);
    }

    private static void populate(KubernetesClient client, SharedIndexInformer<Pod> watcher, int pods, int deployments, int perDeployment)
            throws InterruptedException {
        long start = System.nanoTime();
        for (int d = 0; d < deployments; d++) {
            String name = "app-" + d;
            client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                    .withNewSpec().withReplicas(perDeployment).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                    .withNewSpec().withContainers(Fixtures.container()).endSpec().endTemplate().endSpec().build()).create();
        }
        waitUntil(() -> {
            long ready = watcher.getStore().list().stream().filter(Ownership::ready).count();
            System.err.printf(Locale.ROOT, "  N=%d: %d/%d pods Ready (%.0f s)%n", pods, ready, pods, (System.nanoTime() - start) / 1e9);
            return ready >= pods;
        }, Duration.ofMinutes(15), 5000);
    }

    private static void markHealthy(KubernetesClient client, Pod p) {
        try {
            Pod fresh = client.pods().inNamespace(NS).withName(p.getMetadata().getName()).get();
            if (fresh != null && !Ownership.ready(fresh)) {
                fresh.setStatus(Fixtures.healthy());
                client.pods().inNamespace(NS).resource(fresh).updateStatus();
            }
        } catch (RuntimeException e) {
            // a pod deleted meanwhile: nothing to play
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier done, Duration timeout, long pollMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout);
            }
            Thread.sleep(pollMillis);
        }
    }
}
