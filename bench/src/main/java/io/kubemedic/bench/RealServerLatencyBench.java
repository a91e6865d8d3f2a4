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
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.KubemedicConfig;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reaction latency against a real kube-apiserver + controller-manager (shared/tools/real-apiserver): Deployments of
 * {@code podsPerDeployment} pods are created by the real controllers; this harness plays the kubelet (writes pod
 * status). No scheduler runs, so pods stay unbound and an eviction deletes them at once. Measured from watch events
 * seen by an independent informer in this JVM: e2e = status write → pod deleted; ctrl = crash update seen → pod deleted
 * (the controller's part plus the server's eviction handling).
 * Usage: RealServerLatencyBench KUBECONFIG [pods=1000,10000] [trials=100] [podsPerDeployment=100]
 */
public final class RealServerLatencyBench {

    private static final String NS = "bench-real";

    public static void main(String[] args) throws Exception {
        Config config = Config.fromKubeconfig(null, new File(args[0]));
        int[] sizes = java.util.Arrays.stream((args.length > 1 ? args[1] : "1000,10000").split(",")).mapToInt(Integer::parseInt).toArray();
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int perDeployment = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, JDK %s; server: real kube-apiserver %s%n", Runtime.getRuntime().availableProcessors(),
                ReactionLatencyBench.cpuModel(), Runtime.version(), new KubernetesClientBuilder().withConfig(config).build().getKubernetesVersion().getGitVersion());
        StringBuilder summary = new StringBuilder();
        for (int n : sizes) {
            summary.append(run(config, n, trials, perDeployment)).append('\n');
        }
        System.out.println("\nsummary (ms)                          pods  trials   e2e p50   e2e p99  ctrl p50  ctrl p99 write p50  heap(informers) MiB  sync s");
        System.out.print(summary);
    }

    private static String run(Config config, int pods, int trials, int perDeployment) throws Exception {
        int deployments = Math.max(1, pods / perDeployment);
        Path dir = Files.createTempDirectory("kubemedic-bench-real");
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            if (client.namespaces().withName(NS).get() != null) {
                client.namespaces().withName(NS).delete();
                waitUntil(() -> client.namespaces().withName(NS).get() == null, Duration.ofMinutes(5));
            }
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
            waitUntil(() -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null, Duration.ofMinutes(1));
            Map<String, Long> crashSeen = new ConcurrentHashMap<>();
            Map<String, Long> deleted = new ConcurrentHashMap<>();
            ExecutorService kubelet = Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            try (SharedIndexInformer<Pod> watcher = client.pods().inNamespace(NS).inform(new ResourceEventHandler<>() {
                @Override public void onAdd(Pod p) {
                    kubelet.submit(() -> markHealthy(client, p)); // play the kubelet: new pods come up Ready
                }
                @Override public void onUpdate(Pod o, Pod p) {
                    if (ReactionLatencyBench.crashing(p)) {
                        crashSeen.putIfAbsent(p.getMetadata().getName(), System.nanoTime());
                    }
                }
                @Override public void onDelete(Pod p, boolean unknown) {
                    deleted.putIfAbsent(p.getMetadata().getName(), System.nanoTime());
                }
            })) {
                for (int d = 0; d < deployments; d++) {
                    String name = "app-" + d;
                    client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                            .withNewSpec().withReplicas(perDeployment).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                            .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                            .withNewSpec().withContainers(ReactionLatencyBench.container()).endSpec().endTemplate().endSpec().build()).create();
                }
                waitUntil(() -> {
                    long ready = watcher.getStore().list().stream().filter(RealServerLatencyBench::ready).count();
                    System.err.printf(Locale.ROOT, "  N=%d: %d/%d pods Ready (%.0f s)%n", pods, ready, pods, (System.nanoTime() - start) / 1e9);
                    return ready >= pods;
                }, Duration.ofMinutes(15), 5000);
                long heapBefore = ReactionLatencyBench.usedHeap();
                KubemedicConfig km = KubemedicConfig.from(Map.ofEntries(Map.entry("mode", "enforce"), Map.entry("cooldown", "0s"),
                        Map.entry("rateLimit.global", "1000000"), Map.entry("rateLimit.perNamespace", "1000000"), Map.entry("flap.threshold", "1000000"),
                        Map.entry("storm.minWorkloads", "1000000"), Map.entry("verify.stableFor", "0s"), Map.entry("verify.pollInterval", "200ms"),
                        Map.entry("namespaces.allow", NS), Map.entry("audit.path", dir.resolve("audit.db").toString())));
                Kubemedic.Timing timing = new Kubemedic.Timing(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(5));
                try (KubernetesClient engineClient = new KubernetesClientBuilder().withConfig(config).build();
                     Kubemedic app = new Kubemedic(engineClient, km, timing, Clock.systemUTC(), EngineListener.NONE)) {
                    long syncStart = System.nanoTime();
                    app.start(timing);
                    double sync = (System.nanoTime() - syncStart) / 1e9;
                    long heap = ReactionLatencyBench.usedHeap() - heapBefore;
                    long[] e2e = new long[trials];
                    long[] ctrl = new long[trials];
                    long[] write = new long[trials];
                    for (int t = 0; t < trials; t++) {
                        String app0 = "app-" + (t % deployments);
                        Pod victim = watcher.getStore().list().stream().filter(p -> app0.equals(p.getMetadata().getLabels().get("app")) && ready(p)
                                && p.getMetadata().getDeletionTimestamp() == null).findFirst().orElseThrow();
                        String name = victim.getMetadata().getName();
                        victim.setStatus(ReactionLatencyBench.crashLoop());
                        long t0 = System.nanoTime();
                        client.pods().inNamespace(NS).resource(victim).updateStatus();
                        write[t] = System.nanoTime() - t0;
                        waitUntil(() -> deleted.containsKey(name), Duration.ofMinutes(2), 1);
                        e2e[t] = deleted.get(name) - t0;
                        Long seen = crashSeen.get(name);
                        ctrl[t] = seen == null ? -1 : deleted.get(name) - seen;
                        waitUntil(() -> app.engine().openIncidents() == 0, Duration.ofMinutes(2), 20);
                        if ((t + 1) % 10 == 0) {
                            System.err.printf(Locale.ROOT, "  N=%d: trial %d/%d, last e2e %.1f ms, ctrl %.1f ms%n", pods, t + 1, trials, e2e[t] / 1e6, ctrl[t] / 1e6);
                        }
                    }
                    return String.format(Locale.ROOT, "reaction latency (real server)  %8d %7d %9.1f %9.1f %9.1f %9.1f %9.1f %20d %7.2f", pods, trials,
                            ReactionLatencyBench.pct(e2e, 50), ReactionLatencyBench.pct(e2e, 99), ReactionLatencyBench.pct(ctrl, 50),
                            ReactionLatencyBench.pct(ctrl, 99), ReactionLatencyBench.pct(write, 50), heap >> 20, sync);
                }
            } finally {
                kubelet.shutdownNow();
                client.namespaces().withName(NS).delete();
            }
        }
    }

    private static boolean ready(Pod p) {
        return io.kubemedic.core.model.Ownership.ready(p);
    }

    private static void markHealthy(KubernetesClient client, Pod p) {
        try {
            Pod fresh = client.pods().inNamespace(NS).withName(p.getMetadata().getName()).get();
            if (fresh != null && !ready(fresh)) {
                fresh.setStatus(ReactionLatencyBench.healthy());
                client.pods().inNamespace(NS).resource(fresh).updateStatus();
            }
        } catch (RuntimeException e) {
            // a pod deleted meanwhile: nothing to play
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier done, Duration timeout) throws InterruptedException {
        waitUntil(done, timeout, 100);
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
