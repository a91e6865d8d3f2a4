package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulated StatefulSet controller of 1.20: ordered creation, Parallel, and a rolling update highest ordinal first. */
class StatefulSetControllerIT {

    private static final String NS = "db";

    private ControlPlaneHarness harness;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        harness = new ControlPlaneHarness(NS, new MutableClock(Instant.parse("2026-12-01T10:00:00Z")));
        client = harness.client();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void orderedReadyCreatesOrdinalIOnlyOnceTheOnesBeforeAreRunningAndReady() {
        statefulSet("OrderedReady");
        run(5, p -> null);
        assertThat(names()).containsExactly("db-0");
        run(5, p -> p.getMetadata().getName().equals("db-0") ? TestKubelet.State.RUNNING_READY : TestKubelet.State.CRASHING);
        assertThat(names()).as("db-1 is not Ready, so db-2 waits").containsExactly("db-0", "db-1");
        run(5, p -> TestKubelet.State.RUNNING_READY);
        assertThat(names()).containsExactly("db-0", "db-1", "db-2");
        Pod p0 = pod("db-0");
        StatefulSet s = set();
        assertThat(p0.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "db-0")
                .containsEntry("controller-revision-hash", s.getStatus().getUpdateRevision());
        assertThat(s.getStatus().getUpdateRevision()).startsWith("db-");
        assertThat(p0.getSpec().getHostname()).isEqualTo("db-0");
        assertThat(p0.getSpec().getSubdomain()).isEqualTo("db");
        assertThat(s.getStatus().getReplicas()).isEqualTo(3);
        assertThat(s.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(s.getStatus().getCurrentRevision()).isEqualTo(s.getStatus().getUpdateRevision());
        assertThat(client.apps().controllerRevisions().inNamespace(NS).list().getItems()).singleElement()
                .satisfies(r -> assertThat(r.getRevision()).isEqualTo(1L));
    }

    @Test
    void parallelCreatesAllAtOnce() {
        statefulSet("Parallel");
        run(1, p -> null);
        assertThat(names()).containsExactly("db-0", "db-1", "db-2");
    }

    @Test
    void aRestartRollsFromTheHighestOrdinalOneAtATimeEachAfterThePreviousIsReady() {
        statefulSet("OrderedReady");
        run(10, p -> TestKubelet.State.RUNNING_READY);
        String before = set().getStatus().getCurrentRevision();
        Map<String, String> uids = uids();
        client.apps().statefulSets().inNamespace(NS).withName("db").edit(s -> new StatefulSetBuilder(s).editSpec().editTemplate().editMetadata()
                .addToAnnotations("kubectl.kubernetes.io/restartedAt", "now").endMetadata().endTemplate().endSpec().build());
        run(2, p -> null);
        String update = set().getStatus().getUpdateRevision();
        assertThat(update).isNotEqualTo(before);
        assertThat(set().getStatus().getCurrentRevision()).isEqualTo(before);
        assertThat(changed(uids)).as("db-2 replaced first; it is not Ready yet, so db-1 waits").containsExactly("db-2");
        run(3, p -> p.getMetadata().getName().equals("db-2") ? TestKubelet.State.CRASHING : TestKubelet.State.RUNNING_READY);
        assertThat(changed(uids)).as("a new revision that never becomes Ready stalls the roll").containsExactly("db-2");
        run(10, p -> TestKubelet.State.RUNNING_READY);
        assertThat(changed(uids)).containsExactlyInAnyOrder("db-0", "db-1", "db-2");
        assertThat(client.pods().inNamespace(NS).list().getItems()).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("controller-revision-hash", update));
        assertThat(set().getStatus().getCurrentRevision()).isEqualTo(update);
        assertThat(set().getStatus().getUpdatedReplicas()).isEqualTo(3);
    }

    @Test
    void aFailedPodIsDeletedAndRecreatedUnderItsName() {
        statefulSet("OrderedReady");
        run(10, p -> TestKubelet.State.RUNNING_READY);
        String uid = pod("db-1").getMetadata().getUid();
        run(1, p -> p.getMetadata().getName().equals("db-1") ? new TestKubelet.State("Failed", false) : TestKubelet.State.RUNNING_READY);
        run(2, p -> TestKubelet.State.RUNNING_READY);
        assertThat(pod("db-1").getMetadata().getUid()).isNotEqualTo(uid);
    }

    private void run(int ticks, Function<Pod, TestKubelet.State> kubelet) {
        harness.run(ticks, kubelet);
    }

    private void statefulSet(String policy) {
        client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder().withNewMetadata().withName("db").endMetadata()
                .withNewSpec().withReplicas(3).withServiceName("db").withPodManagementPolicy(policy)
                .withNewSelector().withMatchLabels(Map.of("app", "db")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "db")).endMetadata()
                .withNewSpec().addNewContainer().withName("db").withImage("db:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
    }

    private StatefulSet set() {
        return client.apps().statefulSets().inNamespace(NS).withName("db").get();
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    private List<String> names() {
        return client.pods().inNamespace(NS).list().getItems().stream().map(p -> p.getMetadata().getName()).sorted().toList();
    }

    private Map<String, String> uids() {
        return client.pods().inNamespace(NS).list().getItems().stream().collect(java.util.stream.Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
    }

    private Set<String> changed(Map<String, String> before) {
        Map<String, String> now = uids();
        return before.keySet().stream().filter(n -> !before.get(n).equals(now.get(n))).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
