package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The observer against an HTTP API server (fabric8's CRUD mock): start-up routing, every owner kind, snapshot
 * contents, scope rules for namespaces and nodes, and storm counting from the caches.
 */
class ClusterObserverIT {

    private static final Duration START = Duration.ofSeconds(20);
    private static CrudServer server;
    private static KubernetesClient admin;

    private static final ResourceRef WEB = ResourceRef.deployment("shop", "web");
    private static final ResourceRef DB = ResourceRef.statefulSet("shop", "db");
    private static final ResourceRef AGENT = new ResourceRef(ResourceRef.DAEMON_SET, "shop", "agent");
    private static final ResourceRef NIGHTLY = new ResourceRef(ResourceRef.JOB, "shop", "nightly");
    private static final ResourceRef LONE = new ResourceRef(ResourceRef.REPLICA_SET, "shop", "lone");
    private static final ResourceRef CANARY = new ResourceRef("Rollout", "shop", "canary");
    private static final ResourceRef DEBUG = ResourceRef.pod("shop", "debug");
    private static final Set<ResourceRef> SHOP = Set.of(WEB, DB, AGENT, NIGHTLY, LONE, CANARY, DEBUG);

    @BeforeAll
    static void cluster() {
        server = CrudServer.started();
        admin = server.client();
        Fixtures f = new Fixtures(admin);
        f.namespace("shop");
        f.namespace("other");
        HasMetadata web = f.deployment("shop", "web");
        HasMetadata rs1 = f.replicaSet("shop", "web-1", web);
        HasMetadata rs2 = f.replicaSet("shop", "web-2", web);
        for (int i = 0; i < 3; i++) {
            f.pod("shop", "web-1-" + i, rs1);
        }
        f.pod("shop", "web-2-0", rs2);
        f.pod("shop", "web-2-1", rs2);
        HasMetadata db = f.statefulSet("shop", "db");
        f.pod("shop", "db-0", db);
        f.pod("shop", "db-1", db);
        HasMetadata agent = f.daemonSet("shop", "agent");
        f.pod("shop", "agent-a", agent);
        f.pod("shop", "agent-b", agent);
        f.pod("shop", "nightly-x", f.job("shop", "nightly"));
        HasMetadata lone = f.replicaSet("shop", "lone", null);
        f.pod("shop", "lone-a", lone);
        f.pod("shop", "lone-b", lone);
        HasMetadata rollout = new GenericKubernetesResourceBuilder().withApiVersion("argoproj.io/v1alpha1").withKind("Rollout")
                .withNewMetadata().withNamespace("shop").withName("canary").withUid("rollout-uid").endMetadata().build();
        f.pod("shop", "canary-a", rollout);
        f.pod("shop", "canary-b", rollout);
        f.pod("shop", "debug", null);
        f.pod("other", "elsewhere", f.deployment("other", "elsewhere"));
        admin.resource(new ResourceQuotaBuilder().withNewMetadata().withNamespace("shop").withName("quota").endMetadata()
                .withNewSpec().withHard(Map.of("limits.memory", new Quantity("4Gi"))).endSpec().build()).create();
        admin.resource(new HorizontalPodAutoscalerBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .withNewSpec().withMinReplicas(2).withMaxReplicas(5).withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment")
                .withName("web").endScaleTargetRef().endSpec().build()).create();
        admin.resource(new NodeBuilder().withNewMetadata().withName("worker-1").withLabels(Map.of("role", "worker")).endMetadata().build()).create();
        admin.resource(new NodeBuilder().withNewMetadata().withName("infra-1").withLabels(Map.of("role", "infra")).endMetadata().build()).create();
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    private static ClusterObserver observer(KubernetesClient client, Map<String, String> settings) {
        return new ClusterObserver(client, KubemedicConfig.from(settings), Clock.systemUTC(), Duration.ofMinutes(10), Duration.ofMinutes(10));
    }

    @Test
    void elevenStartsInARowRouteEveryFirstEventToItsRightTargetAndNothingElse() {
        for (int start = 1; start <= 11; start++) {
            Set<ResourceRef> seen = ConcurrentHashMap.newKeySet();
            try (KubernetesClient client = server.client(); ClusterObserver observer = observer(client, Map.of("namespaces.allow", "shop"))) {
                observer.start(seen::add, START);
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.containsAll(SHOP));
                assertThat(seen).as("start %d", start).isEqualTo(SHOP);
                assertThat(observer.inSync()).isTrue();
            }
        }
    }

    @Test
    void eachOwnerKindGetsASnapshotOfItsObjectAndThePodsItControls() {
        try (KubernetesClient client = server.client(); ClusterObserver observer = observer(client, Map.of())) {
            observer.start(t -> { }, START);

            TargetSnapshot web = observer.snapshot(WEB);
            assertThat(web.deployment()).isNotNull();
            assertThat(web.replicaSets()).hasSize(2);
            assertThat(web.pods()).hasSize(5);
            assertThat(web.autoscalers()).singleElement().extracting(h -> h.getMetadata().getName()).isEqualTo("web");
            assertThat(web.resourceQuotas()).singleElement().extracting(q -> q.getMetadata().getName()).isEqualTo("quota");
            assertThat(web.namespace().getMetadata().getName()).isEqualTo("shop");
            assertThat(web.nodes()).hasSize(2);
            assertThat(web.cluster().clusterScope()).isTrue();
            assertThat(web.cluster().unreadable()).isEmpty();

            assertThat(observer.snapshot(AGENT).daemonSet()).isNotNull();
            assertThat(observer.snapshot(AGENT).pods()).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("agent-a", "agent-b");
            assertThat(observer.snapshot(NIGHTLY).job()).isNotNull();
            assertThat(observer.snapshot(NIGHTLY).pods()).hasSize(1);
            assertThat(observer.snapshot(LONE).replicaSets()).hasSize(1);
            assertThat(observer.snapshot(LONE).pods()).hasSize(2);
            assertThat(observer.snapshot(CANARY).pods()).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("canary-a", "canary-b");
            assertThat(observer.snapshot(DB).autoscalers()).isEmpty();
            assertThat(observer.snapshot(ResourceRef.node("worker-1")).pods()).hasSize(16);
        }
    }

    @Test
    void anAllowListWatchesItsNamespacesByNameRoutesANamespaceChangeToEveryTargetInItAndNeverWatchesNodes() {
        Set<ResourceRef> seen = ConcurrentHashMap.newKeySet();
        try (KubernetesClient client = server.client(); ClusterObserver observer = observer(client, Map.of("namespaces.allow", "shop"))) {
            observer.start(seen::add, START);
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.containsAll(SHOP));
            TargetSnapshot web = observer.snapshot(WEB);
            assertThat(web.nodes()).isEmpty();
            assertThat(web.cluster().clusterScope()).isFalse();
            assertThat(web.cluster().unreadable()).isEmpty();
            assertThat(observer.snapshot(ResourceRef.node("worker-1")).node()).isNull();
            assertThat(observer.informerStates()).extracting(InformerState::kind).doesNotContain("Node");
            assertThat(observer.allTargets()).containsExactlyInAnyOrderElementsOf(SHOP);

            seen.clear();
            admin.namespaces().withName("shop").edit(n -> {
                n.getMetadata().setAnnotations(Map.of("kubemedic.io/paused", "true"));
                return n;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.containsAll(SHOP));
            assertThat(observer.snapshot(WEB).namespace().getMetadata().getAnnotations()).containsEntry("kubemedic.io/paused", "true");

            seen.clear();
            admin.nodes().withName("worker-1").edit(n -> {
                n.getMetadata().getLabels().put("touched", "yes");
                return n;
            });
            admin.namespaces().withName("other").edit(n -> {
                n.getMetadata().setAnnotations(Map.of("touched", "yes"));
                return n;
            });
            admin.namespaces().withName("shop").edit(n -> {
                n.getMetadata().setAnnotations(Map.of());
                return n;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.containsAll(SHOP));
            assertThat(seen).doesNotContain(ResourceRef.node("worker-1"), ResourceRef.deployment("other", "elsewhere"));
        }
    }

    @Test
    void withClusterScopeNodesAreFilteredByTheSelectorOnTheServerAndNodeEventsReachTheirNodeTarget() {
        Set<ResourceRef> seen = ConcurrentHashMap.newKeySet();
        try (KubernetesClient client = server.client(); ClusterObserver observer = observer(client, Map.of("nodes.selector", "role=worker"))) {
            observer.start(seen::add, START);
            assertThat(observer.snapshot(WEB).nodes()).extracting(n -> n.getMetadata().getName()).containsExactly("worker-1");
            assertThat(observer.snapshot(ResourceRef.node("infra-1")).node()).isNull();
            assertThat(observer.allTargets()).contains(ResourceRef.node("worker-1")).doesNotContain(ResourceRef.node("infra-1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(ResourceRef.node("worker-1")));
            assertThat(seen).doesNotContain(ResourceRef.node("infra-1"));
        }
    }

    @Test
    void stormCountsComeFromTheCachesAtCallTime() {
        try (KubernetesClient client = server.client(); ClusterObserver observer = observer(client, Map.of())) {
            observer.start(t -> { }, START);
            assertThat(observer.workloadCounts()).isEqualTo(new WorkloadCounts(4, 0));

            new Fixtures(admin).crashLoop("shop", "web-1-1");
            new Fixtures(admin).crashLoop("shop", "agent-a");
            new Fixtures(admin).crashLoop("shop", "nightly-x");
            await().atMost(Duration.ofSeconds(10)).until(() -> observer.workloadCounts().equals(new WorkloadCounts(4, 2)));
        }
    }
}
