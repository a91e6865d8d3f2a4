package io.kubemedic.kube.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioLoaderTest {

    private static final String DEPLOYMENT = """
              - apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      initContainers: [{name: migrate, image: m}]
                      containers: [{name: app, image: "web:1"}, {name: sidecar, image: "proxy:1"}]
            """;

    private static final String VALID = """
            name: s
            namespace: ns-a
            objects:
              - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: i}]}}
            faults:
              - {at: 1s, target: Pod/p, type: crashLoop, clearWhen: {never: true}}
            expect: {outcome: ESCALATED}
            """;

    private static Scenario parse(String yaml) {
        return ScenarioLoader.parse(yaml, "mine.yaml");
    }

    private static String withDeployment(String rest) {
        return "name: s\nnamespace: ns-a\nobjects:\n" + DEPLOYMENT + rest;
    }

    @Test
    void theBuiltInsLoadInOrderEachInItsOwnNamespace() {
        List<Scenario> all = ScenarioLoader.builtIn();
        assertThat(all).extracting(Scenario::name).containsExactlyElementsOf(ScenarioLoader.BUILT_IN);
        assertThat(all).hasSizeGreaterThanOrEqualTo(17);
        assertThat(new HashSet<>(all.stream().map(Scenario::namespace).toList())).hasSize(all.size());
        assertThat(all).allSatisfy(s -> {
            assertThat(s.expect().outcome()).isNotBlank();
            assertThat(s.objects()).isNotEmpty();
            assertThat(s.objects()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(s.namespace()));
        });
    }

    @Test
    void aValidFileReadsEveryField() {
        Scenario s = parse(VALID);
        assertThat(s.faults()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FaultType.CRASH_LOOP);
            assertThat(f.target()).isEqualTo(new Scenario.Target("Pod", "p"));
            assertThat(f.clearWhen().never()).isTrue();
        });
        assertThat(s.expect().within()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.expect().target()).isEqualTo(new Scenario.Target("Pod", "p"));
        assertThat(s.issue()).isEqualTo("s");
        assertThat(s.ownNodes()).isFalse();
        assertThat(s.nodeNames()).isEqualTo(Scenario.SHARED_NODES);
    }

    @Test
    void faultsNameAContainerANodeAPodCountParamsAtTopLevelAndSeveralClearConditions() {
        Scenario s = parse(withDeployment("""
                faults:
                  - {at: 1s, target: Deployment/web, type: oomKill, container: sidecar, node: node-2, pods: 1, finishedAgo: 3h, restarts: 1,
                     clearWhen: {never: true}}
                  - {at: 2s, target: Deployment/web, type: crashLoop, container: app, params: {runsFor: 3s},
                     clearWhen: {templateChanged: true, clearAfter: 30s}}
                  - {at: 2s, target: Deployment/web, type: initCrashLoop, clearWhen: {fieldNot: {path: "spec.template.spec.containers[name=app].env[name=MODE].value", value: bad}}}
                  - {at: 0s, target: Deployment/web, type: createContainerConfigError, message: 'configmap "x" not found', clearWhen: {imageNot: "web:1"}}
                  - {at: 0s, target: Deployment/web, type: unschedulable, clearWhen: {replicasAtLeast: 3}}
                expect: {outcome: HEALED}
                """));
        Scenario.Fault oom = s.faults().getFirst();
        assertThat(oom.container()).isEqualTo("sidecar");
        assertThat(oom.node()).isEqualTo("node-2");
        assertThat(oom.pods()).isEqualTo(1);
        assertThat(oom.params()).containsEntry("finishedAgo", "3h").containsEntry("restarts", "1");
        Scenario.ClearWhen crash = s.faults().get(1).clearWhen();
        assertThat(crash.templateChanged()).isTrue();
        assertThat(crash.clearAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.faults().get(1).param("runsFor", null)).isEqualTo("3s");
        assertThat(s.faults().get(2).clearWhen().fieldNot().path().toString()).isEqualTo("spec.template.spec.containers[name=app].env[name=MODE].value");
        assertThat(s.faults().get(3).param("message", null)).isEqualTo("configmap \"x\" not found");
        assertThat(s.faults().get(4).clearWhen().replicasAtLeast()).isEqualTo(3);
    }

    @Test
    void aNodeFaultGivesTheScenarioItsOwnNodesAndNodesCanBeDeclared() {
        Scenario implicit = parse(withDeployment("""
                faults: [{at: 1s, target: Node/node-2, type: nodeNotReady, clearWhen: {cordoned: true}}]
                expect: {outcome: PENDING_APPROVAL, target: Node/node-2}
                """));
        assertThat(implicit.ownNodes()).isTrue();
        assertThat(implicit.nodeNames()).containsExactly("node-1", "node-2", "node-3");
        assertThat(implicit.expect().target()).isEqualTo(new Scenario.Target("Node", "node-2"));
        Scenario declared = parse(withDeployment("""
                nodes:
                  - a
                  - {name: b, labels: {pool: gpu}, capacity: {cpu: "2"}, taints: [{key: gpu, value: "true", effect: NoSchedule}]}
                faults: [{at: 1s, target: Node/b, type: nodeDiskPressure, clearWhen: {clearAfter: 10s}}]
                expect: {outcome: NONE}
                """));
        assertThat(declared.nodes()).extracting(Scenario.NodeSpec::name).containsExactly("a", "b");
        assertThat(declared.nodes().get(1).labels()).containsEntry("pool", "gpu");
        assertThat(declared.nodes().get(1).capacity()).containsEntry("cpu", "2");
        assertThat(declared.nodes().get(1).taints()).singleElement().satisfies(t -> assertThat(t.getEffect()).isEqualTo("NoSchedule"));
    }

    @Test
    void updatesBecomeFieldWritesOnAnyObjectTheNamespaceAndCreatesOrDeletes() {
        Scenario s = parse(withDeployment("""
                updates:
                  - {at: 1s, target: Deployment/web, container: sidecar, image: "proxy:2", env: {MODE: bad, OLD: null},
                     resources: {limits: {memory: 512Mi}}, templateAnnotations: {a: b}, replicas: 3}
                  - {at: 2s, target: Namespace, annotations: {kubemedic.io/paused: null}, labels: {team: x}}
                  - {at: 3s, create: {apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: web}, spec: {minAvailable: 1}}}
                  - {at: 4s, target: PodDisruptionBudget/web, set: {spec.minAvailable: 2}}
                  - {at: 5s, delete: PodDisruptionBudget/web}
                expect: {outcome: NONE}
                """));
        assertThat(s.updates().getFirst().writes()).extracting(w -> w.path().toString() + "=" + w.value()).containsExactly(
                "spec.template.spec.containers[name=sidecar].image=proxy:2",
                "spec.template.spec.containers[name=sidecar].env[name=MODE].value=bad",
                "spec.template.spec.containers[name=sidecar].env[name=OLD]=null",
                "spec.template.spec.containers[name=sidecar].resources.limits[\"memory\"]=512Mi",
                "spec.template.metadata.annotations[\"a\"]=b",
                "spec.replicas=3");
        assertThat(s.updates().get(1).target().isNamespace()).isTrue();
        assertThat(s.updates().get(1).writes()).extracting(w -> w.path().toString() + "=" + w.value())
                .containsExactly("metadata.annotations[\"kubemedic.io/paused\"]=null", "metadata.labels[\"team\"]=x");
        assertThat(s.updates().get(2).create().getKind()).isEqualTo("PodDisruptionBudget");
        assertThat(s.updates().get(2).create().getMetadata().getNamespace()).isEqualTo("ns-a");
        assertThat(s.updates().get(3).writes()).singleElement().satisfies(w -> assertThat(w.value()).isEqualTo(2));
        assertThat(s.updates().get(4).writes()).isEmpty();
        assertThat(s.updates().get(4).target()).isEqualTo(new Scenario.Target("PodDisruptionBudget", "web"));
    }

    @Test
    void expectReadsActionsReasonsTargetAndFinalStateChecks() {
        Scenario s = parse(withDeployment("""
                config: {cooldown: 1m, storm: {minWorkloads: 5}, namespaces.allow: [a, b]}
                policy:
                  rules:
                    - {name: r, finding: CRASH_LOOP_BACK_OFF, ladder: [evict-pod, escalate]}
                expect:
                  outcome: HEALED
                  actions: [evict-pod, rollback]
                  forbiddenActions: [rollout-restart]
                  maxActions: 4
                  reasons: [PDB_BLOCKED, PAUSED]
                  within: 90s
                  finalState:
                    - {object: Deployment/web, path: "spec.template.spec.containers[name=app].resources.limits.memory", atLeast: 300Mi}
                    - {object: Deployment/web, path: "spec.template.spec.containers[0].image", equals: "web:1"}
                    - {object: Deployment/web, path: spec.replicas, notEquals: 0}
                    - {object: Pod/debug, exists: true}
                    - {allReady: Deployment/web}
                    - {podsUnchanged: true}
                """));
        Scenario.Expect e = s.expect();
        assertThat(e.actions()).containsExactly("evict-pod", "rollback");
        assertThat(e.action()).isEqualTo("evict-pod");
        assertThat(e.forbiddenActions()).containsExactly("rollout-restart");
        assertThat(e.maxActions()).isEqualTo(4);
        assertThat(e.reasons()).containsExactly("PDB_BLOCKED", "PAUSED");
        assertThat(e.within()).isEqualTo(Duration.ofSeconds(90));
        assertThat(e.target()).isEqualTo(new Scenario.Target("Deployment", "web"));
        assertThat(e.finalState()).extracting(Scenario.Check::toString).containsExactly(
                "Deployment/web spec.template.spec.containers[name=app].resources.limits.memory atLeast 300Mi",
                "Deployment/web spec.template.spec.containers[0].image equals web:1",
                "Deployment/web spec.replicas notEquals 0", "Pod/debug exists true", "allReady Deployment/web", "podsUnchanged");
        assertThat(s.config()).containsExactly(Map.entry("cooldown", "1m"), Map.entry("storm.minWorkloads", "5"), Map.entry("namespaces.allow", "a,b"));
        assertThat(s.policy()).contains("rules").contains("CRASH_LOOP_BACK_OFF");
    }

    @Test
    void theOldSingleActionAndFinalStateMappingStillLoad() {
        Scenario s = parse(withDeployment("""
                faults: [{at: 1s, target: Deployment/web, type: crashLoop, params: {restarts: "5"}, clearWhen: {podRecreated: true}}]
                expect:
                  action: none
                  outcome: SUPPRESSED
                  finalState: {allReady: true, replicasAtLeast: 2, memoryLimitAtLeast: 300Mi, image: "web:1", podExists: p, podUnchanged: true}
                """));
        assertThat(s.expect().maxActions()).isZero();
        assertThat(s.expect().action()).isEqualTo("none");
        assertThat(s.expect().finalState()).extracting(Scenario.Check::toString).containsExactly("allReady Deployment/web",
                "Deployment/web spec.replicas atLeast 2", "Deployment/web spec.template.spec.containers[0].resources.limits.memory atLeast 300Mi",
                "Deployment/web spec.template.spec.containers[0].image equals web:1", "Pod/p exists true", "podsUnchanged");
    }

    @Test
    void ownersAreNamedAndResolvedLater() {
        Scenario s = parse(withDeployment("""
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: cm}, ownerRef: Deployment/web}
                expect: {outcome: NONE}
                """));
        assertThat(s.objects().get(1).getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo("Deployment");
            assertThat(r.getName()).isEqualTo("web");
            assertThat(r.getApiVersion()).isEqualTo("apps/v1");
            assertThat(r.getUid()).isNull();
            assertThat(r.getController()).isTrue();
        });
    }

    @Test
    void everyMistakeNamesTheFileAndTheField() {
        assertBad(VALID.replace("name: s\n", ""), "missing 'name'");
        assertBad(VALID.replace("ns-a", "Bad_NS"), "'Bad_NS' is not a valid Kubernetes namespace name");
        assertBad(VALID.replace("crashLoop", "meltdown"), "unknown fault type 'meltdown'");
        assertBad(VALID.replace("crashLoop", "rolloutStuck"), "progressDeadlineSeconds");
        assertBad(VALID.replace(", clearWhen: {never: true}", ""), "clearWhen is required");
        assertBad(VALID.replace("{never: true}", "{never: false}"), "no condition is set");
        assertBad(VALID.replace("{never: true}", "{never: true, clearAfter: 1s}"), "'never' cannot be combined");
        assertBad(VALID.replace("{never: true}", "{sometimes: true}"), "faults[0]: clearWhen: unknown field 'sometimes'");
        assertBad(VALID.replace("{never: true}", "{cordoned: true}"), "'cordoned' clears node faults only");
        assertBad(VALID.replace("{never: true}", "{templateChanged: true}"), "templateChanged needs a workload target");
        assertBad(VALID.replace("at: 1s", "at: soon"), "faults[0]: at 'soon'");
        assertBad(VALID.replace("target: Pod/p", "target: p"), "target must be Kind/name");
        assertBad(VALID.replace("target: Pod/p", "target: Pod/q"), "faults[0]: target Pod/q is not among the scenario's objects");
        assertBad(VALID.replace("target: Pod/p", "target: Service/p"), "faults target");
        assertBad(VALID.replace("type: crashLoop", "type: crashLoop, restart: 3"), "faults[0]: unknown field 'restart'");
        assertBad(VALID.replace("type: crashLoop", "type: crashLoop, params: {usage: 1Mi}"), "params.usage is not a parameter of crashLoop");
        assertBad(VALID.replace("type: crashLoop", "type: crashLoop, restarts: many"), "restarts must be a whole number");
        assertBad(VALID.replace("type: crashLoop", "type: crashLoop, container: nope"), "Pod/p has no containers entry 'nope'");
        assertBad(VALID.replace("type: crashLoop", "type: initCrashLoop"), "initCrashLoop needs initContainers in Pod/p");
        assertBad(VALID.replace("type: crashLoop", "type: crashLoop, node: node-9"), "node 'node-9' is not one of the scenario's nodes");
        assertBad(VALID.replace("target: Pod/p, type: crashLoop", "target: Node/node-1, type: crashLoop"), "a crashLoop fault targets a pod");
        assertBad(VALID.replace("target: Pod/p, type: crashLoop", "target: Pod/p, type: nodeNotReady"), "a nodeNotReady fault targets a Node/NAME");
        assertBad(VALID.replace("type: crashLoop", "type: memoryUsage"), "a memoryUsage fault needs 'usage'");
        assertBad(VALID.replace("kind: Pod, ", ""), "objects[0]: a Kubernetes object needs apiVersion, kind and metadata.name");
        assertBad(VALID.replace("kind: Pod, metadata: {name: p}", "kind: Pod, metadata: {name: p, namespace: other}"), "differs from the scenario's namespace");
        assertBad(VALID.replace("objects:", "objects:\n  - {apiVersion: v1, kind: Node, metadata: {name: n}}"), "objects[0]: Node is cluster-scoped");
        assertBad(VALID.replace("expect: {outcome: ESCALATED}", ""), "expect is required");
        assertBad(VALID.replace("ESCALATED", "FIXED"), "outcome 'FIXED' is not one of");
        assertBad(VALID.replace("{outcome: ESCALATED}", "{outcome: HEALED, actions: [reboot]}"), "expect: actions: unknown action 'reboot'");
        assertBad(VALID.replace("{outcome: ESCALATED}", "{outcome: HEALED, reasons: [BECAUSE]}"), "unknown reason code 'BECAUSE'");
        assertBad(VALID.replace("{outcome: ESCALATED}", "{outcome: HEALED, target: Node/node-7}"), "target Node/node-7 is not one of the scenario's nodes");
        assertBad(VALID.replace("{outcome: ESCALATED}", "{outcome: HEALED, whithin: 3s}"), "expect: unknown field 'whithin'");
        assertBad(VALID.replace("{outcome: ESCALATED}", "{outcome: HEALED, finalState: [{object: Pod/p, path: \"a[\", equals: x}]}"), "finalState[0]: path");
        assertBad(VALID.replace("{outcome: ESCALATED}", "{outcome: HEALED, finalState: [{object: Pod/p, path: a, equals: x, atLeast: 1}]}"),
                "finalState[0]: give exactly one of equals, notEquals, atLeast or exists");
        assertBad(VALID.replace("{outcome: ESCALATED}", "{outcome: HEALED, finalState: [{object: Pod/p, path: a, atLeast: lots}]}"),
                "atLeast 'lots' is not a Kubernetes quantity");
        assertBad(VALID.replace("{outcome: ESCALATED}", "{outcome: HEALED, finalState: [{allReady: Pod/p}]}"), "allReady names a workload");
        assertBad(VALID.replace("{outcome: ESCALATED}", "{outcome: HEALED, finalState: [{object: Widget/w, exists: true}]}"), "cannot read Widget/w: unknown kind");
        assertBad(VALID + "policy: {rules: [{name: r, finding: NOPE, ladder: [escalate]}]}\n", "mine.yaml: policy");
        assertBad(VALID + "colour: blue\n", "mine.yaml: unknown field 'colour'");
        assertBad("- just\n- a list\n", "expected a mapping");
        assertBad("name: [unclosed\n", "not valid YAML");
    }

    @Test
    void updateMistakesNameTheUpdate() {
        String head = withDeployment("updates:\n");
        String tail = "expect: {outcome: NONE}\n";
        assertBad(head + "  - {at: 1s, target: Deployment/web}\n" + tail, "updates[0]: an update needs a change");
        assertBad(head + "  - {at: 1s, target: Deployment/web, container: nope, image: x}\n" + tail, "updates[0]: Deployment/web has no container 'nope'");
        assertBad(head + "  - {at: 1s, target: Namespace, image: x}\n" + tail, "'image' needs a workload or pod target");
        assertBad(head + "  - {at: 1s, target: Namespace, set: {spec.finalizers: []}}\n" + tail, "only metadata of the Namespace can change");
        assertBad(head + "  - {at: 1s, target: Namespace/other, annotations: {a: b}}\n" + tail, "only the scenario's own namespace can change");
        assertBad(head + "  - {at: 1s, target: Deployment/web, resources: {limits: {memory: lots}}}\n" + tail, "is not a Kubernetes quantity");
        assertBad(head + "  - {at: 1s, target: Deployment/web, image: x, create: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}}\n" + tail,
                "'create' stands alone");
        assertBad(head + "  - {at: 1s, target: Widget/w, labels: {a: b}}\n" + tail, "Widget/w is of a kind the player does not know");
        assertBad(head + "  - {at: 1s, target: Deployment/web, sett: {a: 1}}\n" + tail, "updates[0]: unknown field 'sett'");
    }

    private static void assertBad(String yaml, String message) {
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "mine.yaml"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("mine.yaml").hasMessageContaining(message);
    }
}
