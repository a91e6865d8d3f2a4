package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The player on a real kube-apiserver 1.20 with etcd and kube-controller-manager (shared/tools/real-apiserver),
 * without Kubemedic: the real controllers make ReplicaSets, pods and DaemonSet pods; the player must schedule them,
 * play their kubelets and metrics-server well enough that the real control plane is satisfied (nodes stay Ready
 * on their Leases, terminating pods go away, PodMetrics are served), and leave nothing behind.
 * Run with -Dkubemedic.e2e.kubeconfig=/tmp/k8s/kubeconfig.
 */
class ScenarioPlayerE2E {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KubernetesClient client;
    private ScenarioPlayer player;

    @BeforeAll
    static void connect() {
        String kubeconfig = System.getProperty("kubemedic.e2e.kubeconfig");
        assertThat(kubeconfig).as("-Dkubemedic.e2e.kubeconfig").isNotBlank();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, new File(kubeconfig))).build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @AfterEach
    void cleanUp() {
        if (player != null) {
            player.close();
        }
    }

    private ScenarioPlayer play(String yaml) {
        Scenario s = ScenarioLoader.parse(yaml, "e2e.yaml");
        player = new ScenarioPlayer(client, List.of(s), Clock.systemUTC(), ScenarioPlayer.Server.REAL);
        player.start();
        return player;
    }

    private List<Pod> pods(String ns) {
        return client.pods().inNamespace(ns).list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static boolean running(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && SandboxPods.ready(p);
    }

    private static String waiting(Pod p, String container) {
        return p.getStatus().getContainerStatuses().stream().filter(c -> c.getName().equals(container) && c.getState().getWaiting() != null)
                .map(c -> c.getState().getWaiting().getReason()).findFirst().orElse(null);
    }

    @Test
    void theRealControllersPodsAreScheduledRunAndServeMetricsInAFreshNamespaceThatIsCleanedUp() {
        play("""
                name: e2e-basics
                namespace: e2e-basics
                objects:
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      replicas: 2
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: app, image: "web:1", resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 256Mi}}}]}
                  - apiVersion: apps/v1
                    kind: DaemonSet
                    metadata: {name: agent}
                    spec:
                      selector: {matchLabels: {app: agent}}
                      template:
                        metadata: {labels: {app: agent}}
                        spec: {containers: [{name: agent, image: "agent:1"}]}
                  - {apiVersion: v1, kind: Pod, metadata: {name: bare}, spec: {containers: [{name: c, image: "tool:1"}]}}
                  - apiVersion: policy/v1
                    kind: PodDisruptionBudget
                    metadata: {name: web}
                    spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}
                expect: {outcome: NONE, finalState: [{allReady: Deployment/web}, {allReady: DaemonSet/agent}, {object: PodDisruptionBudget/web, path: spec.minAvailable, equals: 1}]}
                """);
        String ns = player.namespaceOf("e2e-basics");
        assertThat(ns).isEqualTo("e2e-basics-" + player.runId());
        assertThat(client.namespaces().withName(ns).get().getMetadata().getLabels()).containsEntry("kubemedic.io/run", player.runId());
        List<String> nodes = player.nodes();
        assertThat(nodes).containsExactly("km-" + player.runId() + "-node-1", "km-" + player.runId() + "-node-2", "km-" + player.runId() + "-node-3");
        await().atMost(WAIT).until(() -> pods(ns).size() == 6 && pods(ns).stream().allMatch(ScenarioPlayerE2E::running));
        assertThat(pods(ns)).allSatisfy(p -> assertThat(nodes).contains(p.getSpec().getNodeName()));
        assertThat(pods(ns).stream().filter(p -> p.getMetadata().getName().startsWith("agent-")).map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet()))
                .as("one DaemonSet pod per node of the run, none elsewhere").isEqualTo(Set.copyOf(nodes));
        assertThat(client.policy().v1beta1().podDisruptionBudget().inNamespace(ns).withName("web").get()).as("policy/v1 created as v1beta1 on 1.20").isNotNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.top().pods().metrics(ns).getItems()).hasSize(6));
        await().atMost(WAIT).untilAsserted(() -> assertThat(player.checkFinalState(player.scenarios().getFirst())).isEmpty());

        Map<String, String> versions = pods(ns).stream().collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getResourceVersion()));
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> assertThat(pods(ns).stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getResourceVersion()))).as("no status churn").isEqualTo(versions));

        Instant renewed = client.leases().inNamespace("kube-node-lease").withName(nodes.getFirst()).get().getSpec().getRenewTime().toInstant();
        await().atMost(WAIT).until(() -> client.leases().inNamespace("kube-node-lease").withName(nodes.getFirst()).get().getSpec().getRenewTime()
                .toInstant().isAfter(renewed));

        client.pods().inNamespace(ns).withName("bare").delete();
        await().atMost(WAIT).until(() -> client.pods().inNamespace(ns).withName("bare").get() == null);

        player.close();
        player = null;
        assertThat(client.namespaces().withName(ns).get()).isNull();
        assertThat(nodes).allSatisfy(n -> assertThat(client.nodes().withName(n).get()).isNull());
    }

    @Test
    void faultsLookAsAKubeletWritesThemAndEndOnlyByARealFix() {
        play("""
                name: e2e-faults
                namespace: e2e-faults
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
                          initContainers: [{name: migrate, image: "m:1"}]
                          containers: [{name: app, image: "web:1", env: [{name: MODE, value: live}]}, {name: sidecar, image: "proxy:1"}]
                  - {apiVersion: v1, kind: Pod, metadata: {name: big}, spec: {containers: [{name: app, image: "a:1", resources: {requests: {cpu: "64"}}}]}}
                updates:
                  - {at: 1s, target: Deployment/web, env: {MODE: broken}}
                faults:
                  - {at: 2s, target: Deployment/web, type: crashLoop, container: app, clearWhen: {templateChanged: true}}
                  - {at: 2s, target: Deployment/web, type: oomKill, container: sidecar, finishedAgo: 3h, restarts: 1, clearWhen: {never: true}}
                expect: {outcome: HEALED}
                """);
        String ns = player.namespaceOf("e2e-faults");
        Pod crashing = await().atMost(WAIT).until(() -> pods(ns).stream().filter(p -> p.getMetadata().getName().startsWith("web-")
                && "CrashLoopBackOff".equals(waiting(p, "app"))).findFirst(), java.util.Optional::isPresent).orElseThrow();
        ContainerStatus app = crashing.getStatus().getContainerStatuses().stream().filter(c -> c.getName().equals("app")).findFirst().orElseThrow();
        assertThat(app.getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(crashing.getStatus().getInitContainerStatuses().getFirst().getState().getTerminated().getReason()).isEqualTo("Completed");
        ContainerStatus sidecar = crashing.getStatus().getContainerStatuses().stream().filter(c -> c.getName().equals("sidecar")).findFirst().orElseThrow();
        assertThat(sidecar.getReady()).isTrue();
        assertThat(sidecar.getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
        assertThat(Instant.parse(sidecar.getLastState().getTerminated().getFinishedAt())).isBefore(Instant.now().minus(Duration.ofHours(2)));

        Pod big = client.pods().inNamespace(ns).withName("big").get();
        assertThat(big.getSpec().getNodeName()).isNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.pods().inNamespace(ns).withName("big").get().getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getMessage()).isEqualTo("0/3 nodes are available: 3 Insufficient cpu.")));

        client.pods().inNamespace(ns).withName(crashing.getMetadata().getName()).delete();
        await().atMost(WAIT).until(() -> client.pods().inNamespace(ns).withName(crashing.getMetadata().getName()).get() == null);
        assertThat(player.faultClearedAt("e2e-faults")).as("a replacement from the same template crashes too").isEmpty();

        client.apps().deployments().inNamespace(ns).withName("web").rolling().restart();
        await().atMost(WAIT).until(() -> player.faults("e2e-faults").stream().filter(f -> f.type().equals("crashLoop")).allMatch(f -> f.clearedAt() != null));
        await().atMost(WAIT).until(() -> pods(ns).stream().filter(p -> p.getMetadata().getName().startsWith("web-")).count() == 2
                && pods(ns).stream().filter(p -> p.getMetadata().getName().startsWith("web-")).allMatch(ScenarioPlayerE2E::running));
    }

    @Test
    void aNotReadyNodeStaysSoItsPodsKeepTheirStatusAndTheOtherNodesStayReadyOnTheirLeases() {
        play("""
                name: e2e-node
                namespace: e2e-node
                nodes: [node-1, node-2, node-3]
                objects:
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: edge}
                    spec:
                      replicas: 3
                      selector: {matchLabels: {app: edge}}
                      template:
                        metadata: {labels: {app: edge}}
                        spec: {containers: [{name: app, image: "edge:1"}]}
                faults:
                  - {at: 5s, target: Node/node-2, type: nodeNotReady, clearWhen: {never: true}}
                expect: {outcome: PENDING_APPROVAL, target: Node/node-2}
                """);
        String ns = player.namespaceOf("e2e-node");
        String sick = player.nodeName("e2e-node", "node-2");
        assertThat(sick).isEqualTo("km-" + player.runId() + "-e2e-node-node-2");
        await().atMost(WAIT).until(() -> pods(ns).size() == 3 && pods(ns).stream().allMatch(ScenarioPlayerE2E::running));
        assertThat(pods(ns).stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet())).as("spread over the scenario's nodes").hasSize(3);
        await().atMost(WAIT).until(() -> !Nodes.ready(client.nodes().withName(sick).get()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.nodes().withName(sick).get().getSpec().getTaints())
                .as("the real node lifecycle controller taints it").anySatisfy(t -> assertThat(t.getKey()).isEqualTo("node.kubernetes.io/not-ready")));
        Pod stranded = pods(ns).stream().filter(p -> sick.equals(p.getSpec().getNodeName())).findFirst().orElseThrow();
        client.pods().inNamespace(ns).withName(stranded.getMetadata().getName()).delete();
        // beyond the controller's 40 s grace period: the healthy nodes stay Ready, on their Leases alone
        await().pollDelay(Duration.ofSeconds(45)).atMost(WAIT).untilAsserted(() -> {
            for (String name : List.of(player.nodeName("e2e-node", "node-1"), player.nodeName("e2e-node", "node-3"))) {
                Node n = client.nodes().withName(name).get();
                assertThat(n.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Ready")).extracting(NodeCondition::getStatus).containsExactly("True");
                assertThat(n.getSpec().getTaints()).isNullOrEmpty();
            }
            assertThat(client.nodes().withName(sick).get().getStatus().getConditions()).filteredOn(c -> c.getType().equals("Ready"))
                    .extracting(NodeCondition::getStatus).as("NotReady, not Unknown: its kubelet still reports").containsExactly("False");
        });
        assertThat(pods(ns).stream().filter(p -> !sick.equals(p.getSpec().getNodeName()))).allMatch(ScenarioPlayerE2E::running);
        Pod still = client.pods().inNamespace(ns).withName(stranded.getMetadata().getName()).get();
        assertThat(still.getMetadata().getDeletionTimestamp()).as("no kubelet confirms the deletion on a NotReady node").isNotNull();
        assertThat(SandboxPods.ready(still)).as("its last status stands (1.20 marks pods not Ready only for an Unknown node)").isTrue();
        assertThat(client.pods().inNamespace(ns).list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null))
                .as("the ReplicaSet replaced it on a Ready node").hasSize(3).allMatch(p -> !sick.equals(p.getSpec().getNodeName()));
        assertThat(player.faultClearedAt("e2e-node")).isEmpty();
    }

    @Test
    void everyBuiltInScenarioSetsUpAndInjectsItsFaultsOnTheRealServer() {
        List<Scenario> all = ScenarioLoader.builtIn();
        player = new ScenarioPlayer(client, all, Clock.systemUTC(), ScenarioPlayer.Server.REAL);
        player.start();
        List<String> names = all.stream().map(Scenario::name).toList();
        await().atMost(WAIT).untilAsserted(() -> {
            for (Scenario s : all) {
                assertThat(player.faults(s.name())).as(s.name() + " faults injected").hasSize(s.faults().size());
                assertThat(player.problems(s.name())).as(s.name()).isEmpty();
                assertThat(pods(player.namespaceOf(s.name()))).as(s.name() + " has pods").isNotEmpty();
            }
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(names.stream().filter(n -> !n.equals("pending-insufficient-cpu"))
                .flatMap(n -> pods(player.namespaceOf(n)).stream()).filter(p -> p.getSpec().getNodeName() == null)
                .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList()).as("every pod that fits is bound").isEmpty());
    }
}
