package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** StatefulSet, DaemonSet, Job and HPA behaviour, the same checks on the sandbox and on the real controller-manager. */
class WorkloadParityE2E {

    /** Merge patches, not read-modify-writes: the real controllers write these objects all the time. */
    private static final io.fabric8.kubernetes.client.dsl.base.PatchContext MERGE =
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE);

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void aStatefulSetStartsInOrderAndARestartRollsFromTheTopOneAtATime(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            t.client().apps().statefulSets().inNamespace(t.namespace()).resource(new StatefulSetBuilder().withNewMetadata().withName("db").endMetadata()
                    .withNewSpec().withReplicas(3).withServiceName("db").withNewSelector().withMatchLabels(Map.of("app", "db")).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "db")).endMetadata()
                    .withNewSpec().addNewContainer().withName("db").withImage("registry.example.com/db:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
            Function<Pod, TestKubelet.State> pending = p -> new TestKubelet.State("Pending", false);
            t.until(pending, () -> names(t).equals(List.of("db-0")));
            t.until(p -> p.getMetadata().getName().equals("db-0") ? TestKubelet.State.RUNNING_READY : pending.apply(p), () -> names(t).equals(List.of("db-0", "db-1")));
            t.until(p -> TestKubelet.State.RUNNING_READY, () -> names(t).size() == 3 && readyReplicas(t) == 3);
            StatefulSet set = set(t);
            String before = set.getStatus().getCurrentRevision();
            assertThat(set.getStatus().getUpdateRevision()).isEqualTo(before).startsWith("db-");
            assertThat(pods(t)).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("controller-revision-hash", before)
                    .containsEntry("statefulset.kubernetes.io/pod-name", p.getMetadata().getName()));
            Map<String, String> uids = uids(t);

            t.client().apps().statefulSets().inNamespace(t.namespace()).withName("db").patch(MERGE,
                    "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"2026-12-01T10:00:00Z\"}}}}}");
            Function<Pod, TestKubelet.State> newCrashes = p -> before.equals(p.getMetadata().getLabels().get("controller-revision-hash"))
                    ? TestKubelet.State.RUNNING_READY : TestKubelet.State.CRASHING;
            t.until(newCrashes, () -> changed(t, uids).equals(List.of("db-2")) && set(t).getStatus().getUpdatedReplicas() != null);
            assertThat(set(t).getStatus().getUpdateRevision()).isNotEqualTo(before);
            assertThat(set(t).getStatus().getCurrentRevision()).isEqualTo(before);
            t.until(newCrashes, () -> true);
            assertThat(changed(t, uids)).as("db-2 is not Ready, so db-1 waits").containsExactly("db-2");
            t.until(p -> TestKubelet.State.RUNNING_READY, () -> changed(t, uids).size() == 3 && readyReplicas(t) == 3
                    && set(t).getStatus().getCurrentRevision().equals(set(t).getStatus().getUpdateRevision()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void aDaemonSetPutsOnePodOnEachNodeItSelectsCordonedOrNotAndReplacesADeletedOne(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            String n1 = t.namespace() + "-n1";
            String n2 = t.namespace() + "-n2";
            Map<String, String> mine = Map.of("s1-parity", t.namespace());
            t.node(n1, mine);
            t.node(n2, mine);
            t.client().apps().daemonSets().inNamespace(t.namespace()).resource(new DaemonSetBuilder().withNewMetadata().withName("agent").endMetadata()
                    .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "agent")).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "agent")).endMetadata()
                    .withNewSpec().withNodeSelector(mine).addNewContainer().withName("agent").withImage("registry.example.com/agent:1").endContainer()
                    .endSpec().endTemplate().endSpec().build()).create();
            t.until(p -> TestKubelet.State.RUNNING_READY, () -> nodes(t).equals(List.of(n1, n2)) && daemonSet(t).getStatus() != null
                    && daemonSet(t).getStatus().getNumberReady() == 2);
            DaemonSet ds = daemonSet(t);
            assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(2);
            assertThat(ds.getStatus().getCurrentNumberScheduled()).isEqualTo(2);
            assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(2);
            assertThat(pods(t)).allSatisfy(p -> {
                assertThat(p.getSpec().getNodeName()).as("bound by a scheduler, which neither side runs here").isNull();
                assertThat(p.getSpec().getTolerations()).anyMatch(tol -> "node.kubernetes.io/unschedulable".equals(tol.getKey()));
                assertThat(p.getMetadata().getLabels()).containsKeys("controller-revision-hash", "pod-template-generation");
            });
            t.client().nodes().withName(n1).patch(MERGE, "{\"spec\":{\"unschedulable\":true}}");
            Pod onN1 = pods(t).stream().filter(p -> n1.equals(DaemonPods.nodeOf(p))).findFirst().orElseThrow();
            t.client().pods().resource(onN1).delete();
            t.until(p -> TestKubelet.State.RUNNING_READY, () -> nodes(t).equals(List.of(n1, n2))
                    && pods(t).stream().noneMatch(p -> p.getMetadata().getUid().equals(onN1.getMetadata().getUid())));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void aJobKeepsParallelismPodsRunningUntilItsCompletionsSucceed(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            t.client().batch().v1().jobs().inNamespace(t.namespace()).resource(new JobBuilder().withNewMetadata().withName("migrate").endMetadata()
                    .withNewSpec().withParallelism(2).withCompletions(3).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                    .addNewContainer().withName("m").withImage("registry.example.com/migrate:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
            t.until(p -> TestKubelet.State.RUNNING_READY, () -> pods(t).size() == 2);
            assertThat(pods(t)).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("job-name", "migrate").containsKey("controller-uid"));
            String first = pods(t).getFirst().getMetadata().getName();
            t.until(p -> p.getMetadata().getName().equals(first) ? new TestKubelet.State("Succeeded", false) : TestKubelet.State.RUNNING_READY,
                    () -> pods(t).size() == 3 && job(t).getStatus().getSucceeded() != null && job(t).getStatus().getActive() == 2);
            t.until(p -> new TestKubelet.State("Succeeded", false), () -> job(t).getStatus().getConditions() != null
                    && job(t).getStatus().getConditions().stream().anyMatch(c -> "Complete".equals(c.getType())));
            assertThat(job(t).getStatus().getSucceeded()).isEqualTo(3);
            assertThat(job(t).getStatus().getActive()).isNull();
            assertThat(job(t).getStatus().getCompletionTime()).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void aJobWhosePodsRestartInPlaceFailsOnceTheirRestartsReachTheBackoffLimitAndItsPodsAreDeleted(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            t.client().batch().v1().jobs().inNamespace(t.namespace()).resource(new JobBuilder().withNewMetadata().withName("export").endMetadata()
                    .withNewSpec().withParallelism(2).withBackoffLimit(10).withNewTemplate().withNewSpec().withRestartPolicy("OnFailure")
                    .addNewContainer().withName("x").withImage("registry.example.com/export:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
            t.until(p -> TestKubelet.State.RUNNING_READY, () -> pods(t).size() == 2);
            java.util.Set<String> restarted = new java.util.HashSet<>();
            for (Pod p : pods(t)) { // each container restarted 6 times: 12 restarts against a limit of 10
                restarted.add(p.getMetadata().getName());
                p.getStatus().setContainerStatuses(List.of(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder().withName("x")
                        .withImage("registry.example.com/export:1").withImageID("").withReady(false).withRestartCount(6)
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState().build()));
                p.getStatus().setPhase("Running");
                t.client().pods().inNamespace(t.namespace()).resource(p).updateStatus();
            }
            t.until(p -> null, () -> {
                Job job = t.client().batch().v1().jobs().inNamespace(t.namespace()).withName("export").get();
                // deleted = deletion requested: a bound pod then stays Terminating until its kubelet confirms, which this test's kubelet
                // leaves alone. Only the pods that counted: 1.20's job controller can create new ones from a stale cache as it fails the Job
                boolean podsDeleted = pods(t).stream().filter(p -> restarted.contains(p.getMetadata().getName()))
                        .allMatch(p -> p.getMetadata().getDeletionTimestamp() != null);
                return job.getStatus() != null && job.getStatus().getConditions() != null && podsDeleted && job.getStatus().getConditions().stream()
                        .anyMatch(c -> "Failed".equals(c.getType()) && "BackoffLimitExceeded".equals(c.getReason()));
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void aResourceQuotaStatusCountsThePodsOfItsNamespace(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            t.client().resourceQuotas().inNamespace(t.namespace()).resource(new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder()
                    .withNewMetadata().withName("mem").endMetadata().withNewSpec().withHard(Map.of("pods", new io.fabric8.kubernetes.api.model.Quantity("10"),
                            "limits.memory", new io.fabric8.kubernetes.api.model.Quantity("4Gi"), "requests.cpu", new io.fabric8.kubernetes.api.model.Quantity("2")))
                    .endSpec().build()).create();
            t.client().apps().deployments().inNamespace(t.namespace()).resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("registry.example.com/web:1").withNewResources()
                    .withRequests(Map.of("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m"), "memory", new io.fabric8.kubernetes.api.model.Quantity("128Mi")))
                    .withLimits(Map.of("memory", new io.fabric8.kubernetes.api.model.Quantity("256Mi"))).endResources().endContainer()
                    .endSpec().endTemplate().endSpec().build()).create();
            t.until(p -> TestKubelet.State.RUNNING_READY, () -> {
                var q = t.client().resourceQuotas().inNamespace(t.namespace()).withName("mem").get();
                return q.getStatus() != null && q.getStatus().getUsed() != null && q.getStatus().getUsed().containsKey("pods")
                        && "2".equals(q.getStatus().getUsed().get("pods").toString());
            });
            var status = t.client().resourceQuotas().inNamespace(t.namespace()).withName("mem").get().getStatus();
            assertThat(status.getHard().keySet()).containsExactlyInAnyOrder("pods", "limits.memory", "requests.cpu");
            assertThat(io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(status.getUsed().get("limits.memory")))
                    .isEqualByComparingTo(java.math.BigDecimal.valueOf(512L * 1024 * 1024));
            assertThat(status.getUsed().get("requests.cpu").getNumericalAmount()).isEqualByComparingTo("0.2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kubemedic.kube.sandbox.ParityTarget#sides")
    void anHpaScalesItsTargetUpToMinReplicasWithoutAnyMetrics(String side) {
        try (ParityTarget t = ParityTarget.open(side)) {
            t.client().apps().deployments().inNamespace(t.namespace()).resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("registry.example.com/web:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
            t.client().autoscaling().v1().horizontalPodAutoscalers().inNamespace(t.namespace()).resource(new HorizontalPodAutoscalerBuilder()
                    .withNewMetadata().withName("web").endMetadata().withNewSpec().withMinReplicas(2).withMaxReplicas(4)
                    .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("web").endScaleTargetRef().endSpec().build()).create();
            t.until(p -> TestKubelet.State.RUNNING_READY, () -> t.client().apps().deployments().inNamespace(t.namespace()).withName("web").get()
                    .getSpec().getReplicas() == 2 && pods(t).size() == 2);
        }
    }

    private static List<Pod> pods(ParityTarget t) {
        return t.client().pods().inNamespace(t.namespace()).list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    private static List<String> names(ParityTarget t) {
        return pods(t).stream().map(p -> p.getMetadata().getName()).toList();
    }

    private static List<String> nodes(ParityTarget t) {
        return pods(t).stream().map(DaemonPods::nodeOf).sorted().toList();
    }

    private static Map<String, String> uids(ParityTarget t) {
        return pods(t).stream().collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
    }

    private static List<String> changed(ParityTarget t, Map<String, String> before) {
        Map<String, String> now = uids(t);
        return before.keySet().stream().filter(n -> !before.get(n).equals(now.get(n))).sorted().toList();
    }

    private static StatefulSet set(ParityTarget t) {
        return t.client().apps().statefulSets().inNamespace(t.namespace()).withName("db").get();
    }

    private static int readyReplicas(ParityTarget t) {
        StatefulSet s = set(t);
        return s.getStatus() == null || s.getStatus().getReadyReplicas() == null ? 0 : s.getStatus().getReadyReplicas();
    }

    private static DaemonSet daemonSet(ParityTarget t) {
        return t.client().apps().daemonSets().inNamespace(t.namespace()).withName("agent").get();
    }

    private static Job job(ParityTarget t) {
        return t.client().batch().v1().jobs().inNamespace(t.namespace()).withName("migrate").get();
    }
}
