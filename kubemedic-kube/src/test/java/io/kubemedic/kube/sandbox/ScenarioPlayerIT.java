package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The player on the sandbox API server, without Kubemedic: pods are bound to the scenario's nodes and get a
 * kubelet's status, faults appear as a kubelet writes them and end only by a fix seen through the API (or time),
 * nodes carry conditions and Leases, metrics are readable, updates land.
 */
class ScenarioPlayerIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String NS = "it";

    private SandboxCluster cluster;
    private KubernetesClient c;
    private ScenarioPlayer player;

    @BeforeEach
    void startCluster() {
        cluster = SandboxCluster.start();
        c = cluster.client();
    }

    @AfterEach
    void stop() {
        if (player != null) {
            player.close();
        }
        cluster.close();
    }

    static String deployment(String name, int replicas, String extraContainer) {
        return """
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: %s}
                    spec:
                      replicas: %d
                      selector: {matchLabels: {app: %s}}
                      template:
                        metadata: {labels: {app: %s}}
                        spec:
                          containers:
                            - {name: app, image: "web:1", env: [{name: MODE, value: live}], resources: {requests: {cpu: 100m}, limits: {memory: 256Mi}}}
                %s""".formatted(name, replicas, name, name, extraContainer);
    }

    private Scenario play(String body) {
        Scenario s = ScenarioLoader.parse("name: it\nnamespace: " + NS + "\n" + body + (body.contains("expect:") ? "" : "expect: {outcome: HEALED}\n"), "it.yaml");
        player = new ScenarioPlayer(cluster.client(), List.of(s), Clock.systemUTC());
        player.start();
        return s;
    }

    private List<Pod> pods() {
        return c.pods().inNamespace(NS).list().getItems();
    }

    private static ContainerStatus status(Pod p, String container) {
        return p.getStatus().getContainerStatuses().stream().filter(s -> s.getName().equals(container)).findFirst().orElseThrow();
    }

    private static String waiting(Pod p, String container) {
        var s = p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? null
                : p.getStatus().getContainerStatuses().stream().filter(x -> x.getName().equals(container)).findFirst().orElse(null);
        return s == null || s.getState().getWaiting() == null ? null : s.getState().getWaiting().getReason();
    }

    private List<PodCondition> conditions(String pod) {
        Pod p = c.pods().inNamespace(NS).withName(pod).get();
        return p.getStatus() == null ? List.of() : p.getStatus().getConditions();
    }

    private java.util.Optional<String> crashLooping() {
        return pods().stream().filter(p -> "CrashLoopBackOff".equals(waiting(p, "app"))).map(p -> p.getMetadata().getName()).findFirst();
    }

    private static boolean running(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && SandboxPods.ready(p);
    }

    private void awaitRunning(int n) {
        await().atMost(WAIT).until(() -> pods().size() == n && pods().stream().allMatch(ScenarioPlayerIT::running));
    }

    @Test
    void podsAreBoundToTheRunsNodesAndGetAKubeletsStatusMetricsAndNoChurn() {
        Scenario s = play("objects:\n" + deployment("web", 2, "") + """
                  - {apiVersion: v1, kind: Pod, metadata: {name: bare}, spec: {containers: [{name: c, image: "tool:1"}]}}
                """);
        awaitRunning(3);
        assertThat(player.nodes()).containsExactlyInAnyOrder("sandbox-node-1", "sandbox-node-2", "sandbox-node-3");
        Pod bare = c.pods().inNamespace(NS).withName("bare").get();
        assertThat(bare.getSpec().getNodeName()).as("the scheduler bound the pod it was given unbound").startsWith("sandbox-node-");
        assertThat(bare.getStatus().getHostIP()).startsWith("10.0.");
        assertThat(bare.getStatus().getPodIP()).startsWith("10.244.");
        assertThat(bare.getStatus().getStartTime()).isNotBlank();
        ContainerStatus cs = status(bare, "c");
        assertThat(cs.getStarted()).isTrue();
        assertThat(cs.getRestartCount()).isZero();
        assertThat(cs.getContainerID()).startsWith("containerd://");
        assertThat(cs.getState().getRunning().getStartedAt()).isNotBlank();
        assertThat(bare.getStatus().getConditions()).extracting(PodCondition::getType)
                .containsExactly("Initialized", "Ready", "ContainersReady", "PodScheduled");
        await().atMost(WAIT).untilAsserted(() -> assertThat(c.top().pods().metrics(NS).getItems()).hasSize(3));
        var usage = c.top().pods().metrics(NS, pods().stream().filter(p -> !p.getMetadata().getName().equals("bare")).findFirst().orElseThrow()
                .getMetadata().getName()).getContainers().getFirst().getUsage().get("memory");
        assertThat(Quantity.getAmountInBytes(usage)).isEqualByComparingTo(Quantity.getAmountInBytes(new Quantity("256Mi")).multiply(new java.math.BigDecimal("0.3")).setScale(0, java.math.RoundingMode.DOWN));
        String version = c.pods().inNamespace(NS).withName("bare").get().getMetadata().getResourceVersion();
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).untilAsserted(() ->
                assertThat(c.pods().inNamespace(NS).withName("bare").get().getMetadata().getResourceVersion()).as("no status churn").isEqualTo(version));
        assertThat(player.checkFinalState(s)).isEmpty();
        assertThat(player.namespaceOf("it")).isEqualTo(NS);
    }

    @Test
    void anOomClearsOnlyOnceTheLimitIsRaisedThroughTheApi() {
        play("objects:\n" + deployment("web", 2, "") + """
                faults:
                  - {at: 0s, target: Deployment/web, type: oomKill, clearWhen: {memoryLimitAtLeast: 300Mi}}
                """);
        await().atMost(WAIT).until(() -> player.faultStartedAt("it").isPresent() && pods().size() == 2
                && pods().stream().allMatch(p -> "CrashLoopBackOff".equals(waiting(p, "app"))));
        Pod p = pods().getFirst();
        var last = status(p, "app").getLastState().getTerminated();
        assertThat(last.getReason()).isEqualTo("OOMKilled");
        assertThat(last.getExitCode()).isEqualTo(137);
        assertThat(Instant.parse(last.getFinishedAt())).isAfter(Instant.now().minusSeconds(60));
        assertThat(status(p, "app").getRestartCount()).isEqualTo(5);
        assertThat(p.getStatus().getPhase()).isEqualTo("Running");
        assertThat(player.faultClearedAt("it")).isEmpty();
        c.apps().deployments().inNamespace(NS).withName("web").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources().setLimits(Map.of("memory", new Quantity("356Mi")));
            return d;
        });
        await().atMost(WAIT).until(() -> player.faultClearedAt("it").isPresent());
        awaitRunning(2);
        assertThat(player.faults("it")).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo("oomKill");
            assertThat(f.clearedAt()).isAfter(f.injectedAt());
        });
    }

    @Test
    void everyReplicaHitByOneCrashFaultIsSeenNotReadyBeforeAnyIsSeenInCrashLoopBackOff() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>(); // "name ready waitingReason" in watch order
        try (var watch = c.pods().inNamespace(NS).watch(new io.fabric8.kubernetes.client.Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod p) {
                if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()) {
                    seen.add(p.getMetadata().getName() + " " + SandboxPods.ready(p) + " " + waiting(p, "app"));
                }
            }

            @Override
            public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
            }
        })) {
            play("objects:\n" + deployment("web", 3, "") + """
                    faults:
                      - {at: 1s, target: Deployment/web, type: crashLoop, restarts: 6, clearWhen: {never: true}}
                    """);
            await().atMost(WAIT).until(() -> pods().size() == 3 && pods().stream().allMatch(p -> "CrashLoopBackOff".equals(waiting(p, "app"))));
            Pod p = pods().getFirst();
            assertThat(status(p, "app").getRestartCount()).isEqualTo(6);
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
        }
        int firstBackOff = java.util.stream.IntStream.range(0, seen.size()).filter(i -> seen.get(i).endsWith(" CrashLoopBackOff")).findFirst().orElseThrow();
        List<String> before = seen.subList(0, firstBackOff);
        assertThat(pods()).allSatisfy(pod -> assertThat(before).as("watch events before the first CrashLoopBackOff")
                .contains(pod.getMetadata().getName() + " false null"));
    }

    @Test
    void aCrashLoopFollowsTheOriginalPodsAndTheirReplacementsComeUpHealthy() {
        Scenario s = play("objects:\n" + deployment("web", 2, "") + """
                faults:
                  - {at: 0s, target: Deployment/web, type: crashLoop, clearWhen: {podRecreated: true}}
                expect: {outcome: HEALED, finalState: [{podsUnchanged: true}]}
                """);
        await().atMost(WAIT).until(() -> pods().size() == 2 && pods().stream().allMatch(p -> "CrashLoopBackOff".equals(waiting(p, "app"))));
        String victim = pods().getFirst().getMetadata().getName();
        assertThat(c.pods().inNamespace(NS).withName(victim).evict()).isTrue();
        await().atMost(WAIT).until(() -> pods().size() == 2 && pods().stream().filter(ScenarioPlayerIT::running).count() == 1);
        assertThat(pods()).noneMatch(p -> p.getMetadata().getName().equals(victim));
        assertThat(player.faultClearedAt("it")).as("one original pod still crash-loops").isEmpty();
        assertThat(player.checkFinalState(s)).singleElement().asString().contains("pods were replaced or deleted: [" + victim + "]");
    }

    @Test
    void severalFaultsOnOnePodHitTheirContainersAndAnOldOomIsOnlyHistory() {
        play("objects:\n" + deployment("web", 1, "            - {name: sidecar, image: \"proxy:1\"}\n") + """
                faults:
                  - {at: 0s, target: Deployment/web, type: oomKill, container: app, finishedAgo: 3h, restarts: 1, clearWhen: {never: true}}
                  - {at: 0s, target: Deployment/web, type: crashLoop, container: sidecar, exitCode: 3, clearWhen: {clearAfter: 3s}}
                """);
        await().atMost(WAIT).until(() -> pods().size() == 1 && "CrashLoopBackOff".equals(waiting(pods().getFirst(), "sidecar")));
        Pod p = pods().getFirst();
        ContainerStatus app = status(p, "app");
        assertThat(app.getReady()).isTrue();
        assertThat(app.getState().getRunning()).isNotNull();
        assertThat(app.getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
        assertThat(Instant.parse(app.getLastState().getTerminated().getFinishedAt())).isBefore(Instant.now().minus(Duration.ofMinutes(170)));
        assertThat(status(p, "sidecar").getLastState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(SandboxPods.ready(p)).isFalse();
        await().atMost(WAIT).until(() -> pods().size() == 1 && running(pods().getFirst()));
        ContainerStatus sidecar = status(pods().getFirst(), "sidecar");
        assertThat(sidecar.getState().getRunning()).as("restarted after clearAfter").isNotNull();
        assertThat(sidecar.getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(sidecar.getRestartCount()).isEqualTo(5);
        assertThat(pods().getFirst().getMetadata().getUid()).isEqualTo(p.getMetadata().getUid());
    }

    @Test
    void initContainerCrashConfigErrorAndImagePullLookAsAKubeletShowsThem() {
        play("objects:\n" + """
                  - apiVersion: v1
                    kind: Pod
                    metadata: {name: init}
                    spec:
                      initContainers: [{name: migrate, image: "m:1"}]
                      containers: [{name: app, image: "a:1"}]
                  - {apiVersion: v1, kind: Pod, metadata: {name: config}, spec: {containers: [{name: app, image: "a:1"}]}}
                  - {apiVersion: v1, kind: Pod, metadata: {name: pull}, spec: {containers: [{name: app, image: "a:1.O"}]}}
                faults:
                  - {at: 0s, target: Pod/init, type: initCrashLoop, clearWhen: {never: true}}
                  - {at: 0s, target: Pod/config, type: createContainerConfigError, message: 'configmap "x" not found', clearWhen: {never: true}}
                  - {at: 0s, target: Pod/pull, type: imagePull, clearWhen: {never: true}}
                """);
        await().atMost(WAIT).until(() -> pods().size() == 3 && pods().stream().allMatch(p -> p.getStatus() != null && !p.getStatus().getContainerStatuses().isEmpty())
                && c.pods().inNamespace(NS).withName("init").get().getStatus().getInitContainerStatuses().getFirst().getState().getWaiting() != null);
        Pod init = c.pods().inNamespace(NS).withName("init").get();
        assertThat(init.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(init.getStatus().getInitContainerStatuses().getFirst().getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(waiting(init, "app")).isEqualTo("PodInitializing");
        assertThat(init.getStatus().getConditions()).anySatisfy(cond -> {
            assertThat(cond.getType()).isEqualTo("Initialized");
            assertThat(cond.getStatus()).isEqualTo("False");
            assertThat(cond.getMessage()).isEqualTo("containers with incomplete status: [migrate]");
        });
        Pod config = c.pods().inNamespace(NS).withName("config").get();
        assertThat(config.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(status(config, "app").getState().getWaiting().getMessage()).isEqualTo("configmap \"x\" not found");
        Pod pull = c.pods().inNamespace(NS).withName("pull").get();
        assertThat(status(pull, "app").getState().getWaiting().getMessage()).isEqualTo("Back-off pulling image \"a:1.O\"");
        await().atMost(WAIT).untilAsserted(() -> assertThat(c.v1().events().inNamespace(NS).list().getItems())
                .extracting(e -> e.getReason()).contains("BackOff", "Failed"));
    }

    @Test
    void anUnschedulablePodStaysUnboundWithTheSchedulersMessage() {
        play("""
                objects:
                  - {apiVersion: v1, kind: Pod, metadata: {name: big}, spec: {containers: [{name: app, image: "a:1", resources: {requests: {cpu: "64"}}}]}}
                  - {apiVersion: v1, kind: Pod, metadata: {name: held}, spec: {containers: [{name: app, image: "a:1"}]}}
                faults:
                  - {at: 1s, target: Pod/held, type: unschedulable, message: "0/3 nodes are available: 3 node(s) had taint {x: }, that the pod didn't tolerate.",
                     clearWhen: {clearAfter: 2s}}
                """);
        await().atMost(WAIT).untilAsserted(() -> assertThat(conditions("big"))
                .anySatisfy(cond -> assertThat(cond.getMessage()).isEqualTo("0/3 nodes are available: 3 Insufficient cpu.")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(conditions("held")).anySatisfy(cond -> assertThat(cond.getReason()).isEqualTo("Unschedulable")));
        assertThat(c.pods().inNamespace(NS).withName("held").get().getSpec().getNodeName()).isNull();
        await().atMost(WAIT).until(() -> running(c.pods().inNamespace(NS).withName("held").get()));
        assertThat(c.pods().inNamespace(NS).withName("big").get().getSpec().getNodeName()).isNull();
        assertThat(c.v1().events().inNamespace(NS).list().getItems()).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("FailedScheduling"));
    }

    @Test
    void aNodeFaultMakesTheScenariosOwnNodeNotReadyWithLeasesAndTaintsUntilCordoned() {
        Scenario s = play("nodes: [node-1, node-2]\nobjects:\n" + deployment("web", 1, "") + """
                faults:
                  - {at: 1s, target: Node/node-2, type: nodeNotReady, clearWhen: {cordoned: true}}
                  - {at: 1s, target: Node/node-1, type: nodeMemoryPressure, clearWhen: {never: true}}
                expect: {outcome: PENDING_APPROVAL, target: Node/node-2, finalState: [{object: Node/node-2, path: spec.unschedulable, equals: true}]}
                """);
        String node2 = player.nodeName("it", "node-2");
        assertThat(node2).isEqualTo("sandbox-it-node-2");
        assertThat(player.resolve("it", new Scenario.Target("Node", "node-2"))).isEqualTo(new Scenario.Target("Node", node2));
        await().atMost(WAIT).until(() -> !Nodes.ready(c.nodes().withName(node2).get()));
        Node n = c.nodes().withName(node2).get();
        assertThat(n.getMetadata().getLabels()).containsEntry("kubemedic.io/node", "node-2").containsEntry("kubemedic.io/node-set", "it");
        await().atMost(WAIT).untilAsserted(() -> assertThat(c.nodes().withName(node2).get().getSpec().getTaints())
                .anySatisfy(t -> assertThat(t.getKey()).isEqualTo("node.kubernetes.io/not-ready")));
        assertThat(c.leases().inNamespace("kube-node-lease").withName(node2).get().getSpec().getRenewTime()).isNotNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(c.nodes().withName(player.nodeName("it", "node-1")).get().getStatus().getConditions())
                .anySatisfy(cond -> assertThat(cond.getType() + "=" + cond.getStatus()).isEqualTo("MemoryPressure=True")));
        assertThat(player.checkFinalState(s)).singleElement().asString().contains("Node/node-2 spec.unschedulable equals true");
        c.nodes().withName(node2).edit(x -> {
            x.getSpec().setUnschedulable(true);
            return x;
        });
        await().atMost(WAIT).until(() -> Nodes.ready(c.nodes().withName(node2).get()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(player.faults("it")).filteredOn(f -> f.target().name().equals(node2)).singleElement()
                .satisfies(f -> assertThat(f.clearedAt()).isNotNull()));
        assertThat(player.checkFinalState(s)).isEmpty();
        awaitRunning(1);
        assertThat(pods().getFirst().getSpec().getNodeName()).as("the pod plays on its scenario's nodes").startsWith("sandbox-it-node-");
    }

    @Test
    void updatesChangeTemplatesAndTheNamespaceAndATemplateChangeClearsAFault() {
        play("namespaceAnnotations: {kubemedic.io/paused: \"true\"}\nobjects:\n" + deployment("web", 1, "") + """
                updates:
                  - {at: 1s, target: Namespace, annotations: {kubemedic.io/paused: null}}
                  - {at: 1s, target: Deployment/web, env: {MODE: broken}}
                  - {at: 1s, create: {apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: web}, spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}}}
                faults:
                  - {at: 2s, target: Deployment/web, type: crashLoop, clearWhen: {templateChanged: true}}
                """);
        await().atMost(WAIT).until(() -> c.namespaces().withName(NS).get().getMetadata().getAnnotations() == null
                || !c.namespaces().withName(NS).get().getMetadata().getAnnotations().containsKey("kubemedic.io/paused"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(c.apps().deployments().inNamespace(NS).withName("web").get().getSpec().getTemplate()
                .getSpec().getContainers().getFirst().getEnv()).anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("MODE=broken")));
        assertThat(c.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web").get()).isNotNull();
        // a rolling update keeps the old pod serving while the new one (MODE=broken) crash-loops
        String crashed = await().atMost(WAIT).until(this::crashLooping, java.util.Optional::isPresent).orElseThrow();
        c.pods().inNamespace(NS).withName(crashed).delete();
        await().atMost(WAIT).until(() -> crashLooping().filter(name -> !name.equals(crashed)).isPresent());
        assertThat(player.faultClearedAt("it")).as("a replacement from the same template crashes too").isEmpty();
        c.apps().deployments().inNamespace(NS).withName("web").rolling().restart();
        await().atMost(WAIT).until(() -> player.faultClearedAt("it").isPresent());
        awaitRunning(1);
    }

    @Test
    void everyBuiltInScenarioSetsUpAndInjectsItsFaultsOnTheSandbox() {
        List<Scenario> all = ScenarioLoader.builtIn();
        player = new ScenarioPlayer(cluster.client(), all, Clock.systemUTC());
        player.start();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (Scenario s : all) {
                assertThat(player.faults(s.name())).as(s.name() + " faults injected").hasSize(s.faults().size());
                assertThat(player.problems(s.name())).as(s.name()).isEmpty();
                assertThat(c.pods().inNamespace(s.namespace()).list().getItems()).as(s.name() + " has pods").isNotEmpty();
            }
        });
    }
}
