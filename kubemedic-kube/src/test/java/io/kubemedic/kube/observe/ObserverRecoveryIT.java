package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Informers that cannot reach the server keep retrying instead of stopping for good, nothing is trusted meanwhile
 * ({@code inSync()} false, every input named unreadable, no targets handed out), and they recover when the server
 * is there again. The real-server version of the outage is OutageE2E.
 */
class ObserverRecoveryIT {

    private static final ResourceRef WEB = ResourceRef.deployment("shop", "web");

    private static ClusterObserver observer(KubernetesClient client) {
        return new ClusterObserver(client, KubemedicConfig.from(Map.of("namespaces.allow", "shop")), Clock.systemUTC(),
                Duration.ofMinutes(10), Duration.ofMinutes(10));
    }

    private static void shop(KubernetesClient admin) {
        Fixtures f = new Fixtures(admin);
        f.namespace("shop");
        HasMetadata rs = f.replicaSet("shop", "web-1", f.deployment("shop", "web"));
        f.pod("shop", "web-1-a", rs);
    }

    @Test
    void anObserverStartedBeforeTheServerIsUpHoldsEverythingThenRecoversWhenItAppears() {
        int port = CrudServer.freePort();
        Set<ResourceRef> seen = ConcurrentHashMap.newKeySet();
        try (KubernetesClient client = new CrudServer(port).client(); ClusterObserver observer = observer(client)) {
            observer.start(seen::add, Duration.ofSeconds(1));

            assertThat(observer.inSync()).isFalse();
            assertThat(observer.allTargets()).isEmpty();
            TargetSnapshot early = observer.snapshot(WEB);
            assertThat(early.cluster().unreadable()).anySatisfy(u -> assertThat(u).startsWith("Pod informer not in sync: connection refused"))
                    .anySatisfy(u -> assertThat(u).startsWith("namespace shop: connection refused"));
            assertThat(observer.informerStates()).allSatisfy(s -> assertThat(s.inSync()).isFalse());

            try (CrudServer server = new CrudServer(port).start(); KubernetesClient admin = server.client()) {
                shop(admin);
                await().atMost(Duration.ofSeconds(30)).until(observer::inSync);
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(WEB));
                await().atMost(Duration.ofSeconds(10)).until(() -> observer.snapshot(WEB).cluster().unreadable().isEmpty());
                assertThat(observer.snapshot(WEB).pods()).hasSize(1);
                assertThat(seen).doesNotContain(new ResourceRef(ResourceRef.REPLICA_SET, "shop", "web-1"));
            }
        }
    }

    @Test
    void whenTheServerGoesAwayTheCachesAreNotTrustedAndWhenItReturnsEveryTargetIsReExamined() {
        int port = CrudServer.freePort();
        Set<ResourceRef> seen = ConcurrentHashMap.newKeySet();
        CrudServer first = new CrudServer(port).start();
        try (KubernetesClient admin = first.client()) {
            shop(admin);
        }
        try (KubernetesClient client = first.client(); ClusterObserver observer = observer(client)) {
            observer.start(seen::add, Duration.ofSeconds(20));
            assertThat(observer.inSync()).isTrue();

            first.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> !observer.inSync());
            assertThat(observer.allTargets()).isEmpty();
            assertThat(observer.snapshot(WEB).cluster().unreadable()).isNotEmpty();

            seen.clear();
            try (CrudServer second = new CrudServer(port).start(); KubernetesClient admin = second.client()) {
                shop(admin);
                new Fixtures(admin).pod("shop", "bare", null);
                await().atMost(Duration.ofSeconds(30)).until(observer::inSync);
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.containsAll(Set.of(WEB, ResourceRef.pod("shop", "bare"))));
                assertThat(observer.allTargets()).contains(WEB, ResourceRef.pod("shop", "bare"));
            }
        }
    }
}
