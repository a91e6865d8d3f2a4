package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The emulator plays the controllers and the kubelet over the API, and a fault clears only after a real fix. */
class ScenarioPlayerIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static Scenario scenario(String faults) {
        return ScenarioLoader.parse("""
                name: it
                namespace: it
                objects:
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      replicas: 2
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          containers: [{name: app, image: "web:1", resources: {limits: {memory: 256Mi}}}]
                %s
                expect: {outcome: HEALED, finalState: {replicasAtLeast: 3}}
                """.formatted(faults), "it.yaml");
    }

    private static List<Pod> pods(KubernetesClient c) {
        return c.pods().inNamespace("it").list().getItems();
    }

    private static List<ReplicaSet> sets(KubernetesClient c) {
        return c.apps().replicaSets().inNamespace("it").list().getItems().stream()
                .sorted(Comparator.comparing(rs -> rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))).toList();
    }

    private static boolean ready(Pod p) {
        return SandboxPods.ready(p);
    }

    @Test
    void deploymentsGetRevisionsAndReadyPodsAndARollbackReusesTheOldReplicaSet() {
        Scenario s = scenario("");
        try (SandboxCluster cluster = SandboxCluster.start(); KubernetesClient c = cluster.client();
             ScenarioPlayer player = new ScenarioPlayer(cluster.client(), List.of(s), Clock.systemUTC())) {
            player.start();
            await().atMost(WAIT).until(() -> pods(c).size() == 2 && pods(c).stream().allMatch(ScenarioPlayerIT::ready));
            assertThat(sets(c)).singleElement().satisfies(rs -> assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1"));
            assertThat(pods(c)).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("ReplicaSet"));
            c.apps().deployments().inNamespace("it").withName("web").edit(d -> {
                d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("web:2");
                return d;
            });
            await().atMost(WAIT).until(() -> pods(c).size() == 2 && pods(c).stream().allMatch(p -> p.getSpec().getContainers().getFirst().getImage().equals("web:2") && ready(p)));
            c.apps().deployments().inNamespace("it").withName("web").edit(d -> {
                d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("web:1");
                return d;
            });
            await().atMost(WAIT).until(() -> sets(c).size() == 2 && sets(c).stream().anyMatch(rs -> "3".equals(rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))
                    && rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage().equals("web:1")));
            assertThat(player.checkFinalState(s)).singleElement().asString().contains("replicas 2, expected at least 3");
        }
    }

    @Test
    void anOomClearsOnlyOnceTheLimitIsRaisedThroughTheApi() {
        Scenario s = scenario("""
                faults:
                  - {at: 0s, target: Deployment/web, type: oomKill, clearWhen: {memoryLimitAtLeast: 300Mi}}
                """);
        try (SandboxCluster cluster = SandboxCluster.start(); KubernetesClient c = cluster.client();
             ScenarioPlayer player = new ScenarioPlayer(cluster.client(), List.of(s), Clock.systemUTC())) {
            player.start();
            await().atMost(WAIT).until(() -> player.faultStartedAt("it").isPresent() && pods(c).size() == 2 && pods(c).stream().noneMatch(ScenarioPlayerIT::ready));
            assertThat(pods(c).getFirst().getStatus().getContainerStatuses().getFirst().getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
            assertThat(player.faultClearedAt("it")).isEmpty();
            c.apps().deployments().inNamespace("it").withName("web").edit(d -> {
                d.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources().setLimits(Map.of("memory", new Quantity("356Mi")));
                return d;
            });
            await().atMost(WAIT).until(() -> player.faultClearedAt("it").isPresent());
            await().atMost(WAIT).until(() -> pods(c).size() == 2 && pods(c).stream().allMatch(ScenarioPlayerIT::ready));
        }
    }

    @Test
    void aCrashLoopFollowsTheOriginalPodsAndTheirReplacementsComeUpHealthy() {
        Scenario s = scenario("""
                faults:
                  - {at: 0s, target: Deployment/web, type: crashLoop, clearWhen: {podRecreated: true}}
                """);
        try (SandboxCluster cluster = SandboxCluster.start(); KubernetesClient c = cluster.client();
             ScenarioPlayer player = new ScenarioPlayer(cluster.client(), List.of(s), Clock.systemUTC())) {
            player.start();
            await().atMost(WAIT).until(() -> pods(c).size() == 2 && pods(c).stream().allMatch(p -> p.getStatus() != null
                    && p.getStatus().getContainerStatuses() != null
                    && "CrashLoopBackOff".equals(p.getStatus().getContainerStatuses().getFirst().getState().getWaiting() == null ? null
                    : p.getStatus().getContainerStatuses().getFirst().getState().getWaiting().getReason())));
            String victim = pods(c).getFirst().getMetadata().getName();
            assertThat(c.pods().inNamespace("it").withName(victim).evict()).isTrue();
            await().atMost(WAIT).until(() -> pods(c).size() == 2 && pods(c).stream().filter(ScenarioPlayerIT::ready).count() == 1);
            assertThat(pods(c)).noneMatch(p -> p.getMetadata().getName().equals(victim));
            assertThat(player.faultClearedAt("it")).as("one original pod still crash-loops").isEmpty();
        }
    }
}
