package io.kubemedic.bench;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.kube.sandbox.SandboxCluster;
import io.kubemedic.kube.sandbox.SandboxDispatcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reaction latency: with N healthy pods in the sandbox API server, flip one pod into CrashLoopBackOff and time
 * (a) status write → eviction request arriving at the API server (end to end), and (b) the controller's own part:
 * watch event received by a client on this JVM → eviction request arriving. Also heap after the informers sync.
 * Usage: ReactionLatencyBench [pods=1000,10000] [trials=100] [podsPerDeployment=100]
 */
public final class ReactionLatencyBench {

    private static final String NS = "bench";

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,10000").split(",")).mapToInt(Integer::parseInt).toArray();
        int trials = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int perDeployment = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, JDK %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
                cpuModel(), Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
        List<String> summary = new ArrayList<>();
        for (int n : sizes) {
            summary.add(run(n, trials, perDeployment));
        }
        System.out.println();
        System.out.println("summary (ms)                          pods  trials   e2e p50   e2e p99  ctrl p50  ctrl p99 write p50  heap(informers) MiB  sync s");
        summary.forEach(System.out::println);
    }

    private static String run(int pods, int trials, int perDeployment) throws Exception {
        int deployments = Math.max(1, pods / perDeployment);
        Path dir = Files.createTempDirectory("kubemedic-bench");
        try (SandboxCluster cluster = SandboxCluster.start(); KubernetesClient client = cluster.client()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
            long created = System.nanoTime();
            List<ReplicaSet> sets = new ArrayList<>();
            for (int d = 0; d < deployments; d++) {
                Deployment dep = client.apps().deployments().inNamespace(NS).resource(deployment("app-" + d, perDeployment)).create();
                sets.add(client.apps().replicaSets().inNamespace(NS).resource(replicaSet(dep)).create());
            }
            for (int i = 0; i < pods; i++) {
                ReplicaSet rs = sets.get(i % deployments);
                Pod p = client.pods().inNamespace(NS).resource(pod(rs, rs.getMetadata().getName() + "-" + i)).create();
                p.setStatus(healthy());
                client.pods().inNamespace(NS).resource(p).updateStatus();
                if ((i + 1) % 1000 == 0) {
                    System.err.printf("  N=%d: %d pods created (%.0f s)%n", pods, i + 1, (System.nanoTime() - created) / 1e9);
                }
            }
            long heapBefore = usedHeap();
            Map<String, String> settings = Map.ofEntries(Map.entry("mode", "enforce"), Map.entry("cooldown", "0s"),
                    Map.entry("rateLimit.global", "1000000"), Map.entry("rateLimit.perNamespace", "1000000"),
                    Map.entry("flap.threshold", "1000000"), Map.entry("storm.minWorkloads", "1000000"),
                    Map.entry("verify.stableFor", "0s"), Map.entry("verify.timeout", "60s"), Map.entry("verify.pollInterval", "200ms"),
                    Map.entry("audit.path", dir.resolve("audit.db").toString()));
            KubemedicConfig config = KubemedicConfig.from(settings);
            Kubemedic.Timing timing = new Kubemedic.Timing(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(5));
            try (KubernetesClient engineClient = cluster.client();
                 Kubemedic app = new Kubemedic(engineClient, config, timing, Clock.systemUTC(), EngineListener.NONE)) {
                long syncStart = System.nanoTime();
                app.start(timing);
                double syncSeconds = (System.nanoTime() - syncStart) / 1e9;
                awaitIdle(app, Duration.ofMinutes(2));
                long informerHeap = usedHeap() - heapBefore;
                System.err.printf(Locale.ROOT, "  N=%d: informers synced in %.2f s; heap used by Kubemedic after sync ≈ %d MiB%n",
                        pods, syncSeconds, informerHeap >> 20);
                Map<String, Long> seen = new ConcurrentHashMap<>();
                try (SharedIndexInformer<Pod> watcher = client.pods().inNamespace(NS).inform(new ResourceEventHandler<>() {
                    @Override public void onAdd(Pod p) { }
                    @Override public void onUpdate(Pod o, Pod p) {
                        if (crashing(p)) {
                            seen.putIfAbsent(p.getMetadata().getName(), System.nanoTime());
                        }
                    }
                    @Override public void onDelete(Pod p, boolean unknown) { }
                })) {
                    long[] e2e = new long[trials];
                    long[] ctrl = new long[trials];
                    long[] write = new long[trials];
                    for (int t = 0; t < trials; t++) {
                        ReplicaSet rs = sets.get(t % deployments);
                        Pod victim = client.pods().inNamespace(NS).list().getItems().stream()
                                .filter(p -> p.getMetadata().getOwnerReferences().getFirst().getUid().equals(rs.getMetadata().getUid()) && !crashing(p))
                                .findFirst().orElseThrow();
                        String name = victim.getMetadata().getName();
                        victim.setStatus(crashLoop());
                        long t0 = System.nanoTime();
                        client.pods().inNamespace(NS).resource(victim).updateStatus();
                        long t1 = System.nanoTime();
                        SandboxDispatcher.EvictionRecord ev = awaitEviction(cluster.dispatcher(), name, Duration.ofMinutes(2));
                        e2e[t] = ev.receivedNanos() - t0;
                        write[t] = t1 - t0;
                        Long event = seen.get(name);
                        ctrl[t] = event == null ? -1 : ev.receivedNanos() - event;
                        Pod replacement = client.pods().inNamespace(NS).resource(pod(rs, name + "-r")).create();
                        replacement.setStatus(healthy());
                        client.pods().inNamespace(NS).resource(replacement).updateStatus();
                        awaitIdle(app, Duration.ofMinutes(2));
                        if ((t + 1) % 10 == 0) {
                            System.err.printf(Locale.ROOT, "  N=%d: trial %d/%d, last e2e %.1f ms, controller %.1f ms%n", pods, t + 1, trials,
                                    e2e[t] / 1e6, ctrl[t] / 1e6);
                        }
                    }
                    return String.format(Locale.ROOT, "reaction latency               %9d %7d %9.1f %9.1f %9.1f %9.1f %9.1f %20d %7.2f",
                            pods, trials, pct(e2e, 50), pct(e2e, 99), pct(ctrl, 50), pct(ctrl, 99), pct(write, 50), informerHeap >> 20, syncSeconds);
                }
            }
        }
    }

    static boolean crashing(Pod p) {
        return p.getStatus() != null && p.getStatus().getContainerStatuses() != null && p.getStatus().getContainerStatuses().stream()
                .anyMatch(c -> c.getState() != null && c.getState().getWaiting() != null && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason()));
    }

    private static SandboxDispatcher.EvictionRecord awaitEviction(SandboxDispatcher d, String pod, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (SandboxDispatcher.EvictionRecord r : d.evictions()) {
                if (r.pod().equals(pod)) {
                    return r;
                }
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("no eviction of " + pod + " within " + timeout);
    }

    private static void awaitIdle(Kubemedic app, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (app.engine().openIncidents() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    static double pct(long[] values, int p) {
        long[] v = Arrays.stream(values).filter(x -> x >= 0).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))] / 1e6;
    }

    static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().withContainers(container()).endSpec().endTemplate().endSpec().build();
    }

    private static ReplicaSet replicaSet(Deployment d) {
        return new ReplicaSetBuilder().withNewMetadata().withName(d.getMetadata().getName() + "-1").withNamespace(NS)
                .withLabels(Map.of("app", d.getMetadata().getName(), "pod-template-hash", "1"))
                .withAnnotations(Map.of("deployment.kubernetes.io/revision", "1"))
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName(d.getMetadata().getName())
                .withUid(d.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withReplicas(d.getSpec().getReplicas()).withTemplate(d.getSpec().getTemplate()).endSpec().build();
    }

    private static Pod pod(ReplicaSet rs, String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(rs.getMetadata().getLabels())
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(rs.getMetadata().getName())
                .withUid(rs.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withContainers(container()).withNodeName("bench-node").endSpec().build();
    }

    static io.fabric8.kubernetes.api.model.Container container() {
        return new ContainerBuilder().withName("app").withImage("registry.example.com/bench:1")
                .withNewResources().withLimits(Map.of("memory", new Quantity("256Mi"))).endResources().build();
    }

    static PodStatus healthy() {
        return new PodStatusBuilder().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("app").withReady(true).withRestartCount(0).withNewState().withNewRunning().endRunning().endState()
                .endContainerStatus().build();
    }

    static PodStatus crashLoop() {
        return new PodStatusBuilder().withPhase("Running").addNewCondition().withType("Ready").withStatus("False").endCondition()
                .addNewContainerStatus().withName("app").withReady(false).withRestartCount(5)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endLastState()
                .endContainerStatus().build();
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (java.io.IOException e) {
            return "unknown CPU";
        }
    }
}
