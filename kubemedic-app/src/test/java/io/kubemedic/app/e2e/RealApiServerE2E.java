package io.kubemedic.app.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against a real kube-apiserver (1.20) with etcd and kube-controller-manager (shared/tools/real-apiserver): the
 * controller-manager creates ReplicaSets and pods from a Deployment, this test plays the kubelet by writing pod
 * status, and Kubemedic runs as {@code kubemedic run} would: first in dry-run (records, acts on nothing), then in
 * enforce (evicts through policy/v1beta1, which is all 1.20 serves; the ReplicaSet controller replaces the pod).
 * Run with scripts/e2e-real-apiserver.sh.
 */
class RealApiServerE2E {

    private static final String NS = "kubemedic-e2e";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KubernetesClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect() {
        String kubeconfig = System.getProperty("kubemedic.e2e.kubeconfig");
        assertThat(kubeconfig).as("-Dkubemedic.e2e.kubeconfig (use scripts/e2e-real-apiserver.sh)").isNotBlank();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, new File(kubeconfig))).build();
        if (client.namespaces().withName(NS).get() != null) {
            client.namespaces().withName(NS).delete();
            await().atMost(WAIT).until(() -> client.namespaces().withName(NS).get() == null);
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        await().atMost(WAIT).until(() -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null);
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.example.com/web:1")
                .withNewResources().withLimits(Map.of("memory", new Quantity("256Mi"))).endResources().endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        await().atMost(WAIT).until(() -> pods().size() == 2);
        pods().forEach(p -> setStatus(p, healthy()));
    }

    @AfterAll
    static void cleanUp() {
        if (client != null) {
            client.namespaces().withName(NS).delete();
            client.close();
        }
    }

    private static List<Pod> pods() {
        return client.pods().inNamespace(NS).list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static void setStatus(Pod p, PodStatus status) {
        Pod fresh = client.pods().inNamespace(NS).withName(p.getMetadata().getName()).get();
        fresh.setStatus(status);
        client.pods().inNamespace(NS).resource(fresh).updateStatus();
    }

    private static PodStatus healthy() {
        return new PodStatusBuilder().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("app").withImage("registry.example.com/web:1").withImageID("").withReady(true).withRestartCount(0)
                .withNewState().withNewRunning().endRunning().endState().endContainerStatus().build();
    }

    private static PodStatus crashLoop() {
        return new PodStatusBuilder().withPhase("Running").addNewCondition().withType("Ready").withStatus("False").endCondition()
                .addNewContainerStatus().withName("app").withImage("registry.example.com/web:1").withImageID("").withReady(false).withRestartCount(6)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endLastState()
                .endContainerStatus().build();
    }

    private Kubemedic start(String mode, Path db) {
        KubemedicConfig config = KubemedicConfig.from(Map.of("mode", mode, "namespaces.allow", NS, "audit.path", db.toString(),
                "verify.timeout", "30s", "verify.stableFor", "1s", "verify.pollInterval", "500ms"));
        Kubemedic.Timing timing = new Kubemedic.Timing(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30));
        KubernetesClient engineClient = new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
        return new Kubemedic(engineClient, config, timing, Clock.systemUTC(), EngineListener.NONE).start(timing);
    }

    @Test
    void dryRunRecordsTheEvictionAndTouchesNothingThenEnforceEvictsThroughTheRealApi() {
        Pod victim = pods().getFirst();
        Set<String> before = pods().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        setStatus(victim, crashLoop());

        Path dryDb = dir.resolve("dry.db");
        try (Kubemedic app = start("dry-run", dryDb)) {
            await().atMost(WAIT).until(() -> app.audit().recent(100).stream().anyMatch(r -> r.status() == AuditStatus.DRY_RUN));
            AuditRecord row = app.audit().recent(100).stream().filter(r -> r.status() == AuditStatus.DRY_RUN).findFirst().orElseThrow();
            assertThat(row.actionType()).isEqualTo(ActionType.EVICT_POD);
            assertThat(row.mode()).isEqualTo("dry-run");
            assertThat(row.target().name()).isEqualTo(victim.getMetadata().getName());
        }
        assertThat(pods().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet())).as("dry-run touched nothing").isEqualTo(before);

        try (Kubemedic app = start("enforce", dir.resolve("enforce.db"))) {
            await().atMost(WAIT).until(() -> pods().stream().noneMatch(p -> p.getMetadata().getUid().equals(victim.getMetadata().getUid())));
            await().atMost(WAIT).until(() -> pods().size() == 2);
            pods().stream().filter(p -> !before.contains(p.getMetadata().getUid())).forEach(p -> setStatus(p, healthy()));
            await().atMost(WAIT).until(() -> app.audit().recent(100).stream().anyMatch(r -> r.status() == AuditStatus.VERIFIED));
            assertThat(app.audit().recent(100)).anySatisfy(r -> {
                assertThat(r.actionType()).isEqualTo(ActionType.EVICT_POD);
                assertThat(r.status()).isEqualTo(AuditStatus.SUCCEEDED);
                assertThat(r.mode()).isEqualTo("enforce");
            });
            assertThat(client.v1().events().inNamespace(NS).list().getItems()).anyMatch(e -> "CrashLoopEvict".equals(e.getReason()));
        }
    }
}
