package io.kubemedic.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.kube.sandbox.SandboxCluster;
import io.kubemedic.kube.sandbox.SandboxDispatcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reaction latency on the sandbox API server (fabric8 mock, CRUD mode; no controllers run, so the harness creates the
 * ReplicaSets, the pods and each replacement itself, and writes each Deployment's status as a settled rollout). Each trial flips one healthy pod of the next Deployment into
 * CrashLoopBackOff and measures the stamps described in {@link Trial}; the eviction is "done" when the request
 * arrives at the server ({@link SandboxDispatcher} stamps it). Trials never overlap: the next starts once the
 * incident is verified, closed and saved ({@link Session}).
 * Usage: ReactionLatencyBench [pods=1000,10000] [trials=300] [podsPerDeployment=100]
 */
public final class ReactionLatencyBench {

    private static final String NS = "bench";

    private ReactionLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,10000").split(",")).mapToInt(Integer::parseInt).toArray();
        int trials = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int perDeployment = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        System.out.println("machine: " + Machine.describe() + "; server: sandbox (fabric8 CRUD mock)");
        List<String> summary = new ArrayList<>();
        for (int n : sizes) {
            summary.add(run(n, trials, perDeployment));
        }
        System.out.println();
        System.out.println(Report.header());
        summary.forEach(System.out::println);
    }

    private static String run(int pods, int trials, int perDeployment) throws Exception {
        int deployments = Math.max(1, pods / perDeployment);
        Path dir = Files.createTempDirectory("kubemedic-bench");
        try (SandboxCluster cluster = SandboxCluster.start(); KubernetesClient client = cluster.client()) {
            List<ReplicaSet> sets = populate(client, pods, deployments, perDeployment);
            KubemedicConfig config = KubemedicConfig.from(Fixtures.settings(NS, dir.resolve("audit.db")));
            Config engineConfig = new ConfigBuilder().withMasterUrl(cluster.masterUrl()).withRequestRetryBackoffLimit(0).withRequestTimeout(30_000).build();
            Map<String, Long> seen = new ConcurrentHashMap<>();
            String line;
            try (SharedIndexInformer<Pod> watcher = client.pods().inNamespace(NS).inform(new ResourceEventHandler<>() {
                @Override public void onAdd(Pod p) { }
                @Override public void onUpdate(Pod o, Pod p) {
                    if (Fixtures.crashing(p)) {
                        seen.putIfAbsent(p.getMetadata().getName(), System.nanoTime());
                    }
                }
                @Override public void onDelete(Pod p, boolean unknown) { }
            })) {
                line = Session.run("sandbox", engineConfig, config, dir.resolve("audit.db"), pods, trials,
                        (t, app, probes) -> trial(cluster, client, app, probes, sets.get(t % deployments), seen));
            }
            ReplicaSet rs = sets.getFirst();
            Pod crash = client.pods().inNamespace(NS).list().getItems().stream().filter(p -> owned(p, rs)).findFirst().orElseThrow();
            crash.setStatus(Fixtures.crashLoop());
            client.pods().inNamespace(NS).resource(crash).updateStatus();
            ComponentProbe.run(client, config, new ResourceRef(ResourceRef.DEPLOYMENT, NS, rs.getMetadata().getOwnerReferences().getFirst().getName()), 1000);
            return line;
        }
    }

    private static Trial trial(SandboxCluster cluster, KubernetesClient client, Kubemedic app, Probes probes, ReplicaSet rs, Map<String, Long> seen)
            throws InterruptedException {
        Pod victim = client.pods().inNamespace(NS).list().getItems().stream().filter(p -> owned(p, rs) && !Fixtures.crashing(p))
                .findFirst().orElseThrow();
        Probes.Crash crash = probes.crash(client, victim);
        String name = crash.pod();
        SandboxDispatcher.EvictionRecord ev = Probes.await(() -> cluster.dispatcher().evictions().stream()
                .filter(r -> r.pod().equals(name)).findFirst().orElse(null), "the eviction of " + name);
        Pod replacement = client.pods().inNamespace(NS).resource(pod(rs, name + "-r")).create();
        replacement.setStatus(Fixtures.healthy());
        client.pods().inNamespace(NS).resource(replacement).updateStatus();
        return probes.measure(app, crash, rs.getMetadata().getOwnerReferences().getFirst().getName(), seen.get(name), ev.receivedNanos());
    }

    private static boolean owned(Pod p, ReplicaSet rs) {
        return p.getMetadata().getOwnerReferences().getFirst().getUid().equals(rs.getMetadata().getUid());
    }

    private static List<ReplicaSet> populate(KubernetesClient client, int pods, int deployments, int perDeployment) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        long created = System.nanoTime();
        List<ReplicaSet> sets = new ArrayList<>();
        for (int d = 0; d < deployments; d++) {
            Deployment dep = client.apps().deployments().inNamespace(NS).resource(deployment("app-" + d, perDeployment)).create();
            dep.setStatus(new DeploymentStatusBuilder().withObservedGeneration(dep.getMetadata().getGeneration()).withReplicas(perDeployment)
                    .withUpdatedReplicas(perDeployment).withReadyReplicas(perDeployment).withAvailableReplicas(perDeployment).build());
            dep = client.apps().deployments().inNamespace(NS).resource(dep).updateStatus(); // settled, as the controller would leave it
            sets.add(client.apps().replicaSets().inNamespace(NS).resource(replicaSet(dep)).create());
        }
        for (int i = 0; i < pods; i++) {
            ReplicaSet rs = sets.get(i % deployments);
            Pod p = client.pods().inNamespace(NS).resource(pod(rs, rs.getMetadata().getName() + "-" + i)).create();
            p.setStatus(Fixtures.healthy());
            client.pods().inNamespace(NS).resource(p).updateStatus();
            if ((i + 1) % 1000 == 0) {
                System.err.printf(Locale.ROOT, "  N=%d: %d pods created (%.0f s)%n", pods, i + 1, (System.nanoTime() - created) / 1e9);
            }
        }
        return sets;
    }

    private static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().withContainers(Fixtures.container()).endSpec().endTemplate().endSpec().build();
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
                .withNewSpec().withContainers(Fixtures.container()).withNodeName("bench-node").endSpec().build();
    }
}
