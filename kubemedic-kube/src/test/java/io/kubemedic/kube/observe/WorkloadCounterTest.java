package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ResourceRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Storm counting from the pod cache: correctness, and its cost at 10,000 pods. */
class WorkloadCounterTest {

    private final Map<String, ReplicaSet> replicaSets = new HashMap<>();
    private final Set<ResourceRef> workloads = new HashSet<>();
    private final TargetRouter router = new TargetRouter(KubemedicConfig.defaults(), new TargetRouter.Lookup() {
        @Override public Optional<ReplicaSet> replicaSet(String ns, String name) { return Optional.ofNullable(replicaSets.get(ns + "/" + name)); }
        @Override public Optional<Pod> pod(String ns, String name) { return Optional.empty(); }
        @Override public List<ResourceRef> targetsIn(String ns) { return List.of(); }
    });

    private static Pod pod(String ns, String name, String ownerKind, String owner, boolean failing) {
        var container = new ContainerStatusBuilder().withName("app").withRestartCount(failing ? 7 : 0);
        container = failing ? container.withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                : container.withNewState().withNewRunning().endRunning().endState(); // no waiting reason at all, as on a real server
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewStatus().withPhase("Running").addToContainerStatuses(container.build()).endStatus();
        if (owner != null) {
            b.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withKind(ownerKind).withName(owner).withUid(owner + "-uid")
                    .withController(true).build()).endMetadata();
        }
        return b.build();
    }

    /** {@code deployments} Deployments, 100 StatefulSets and 100 DaemonSets of ten pods; every tenth workload has one failing pod. */
    private List<Pod> cluster(int deployments) {
        List<Pod> pods = new ArrayList<>();
        for (int d = 0; d < deployments; d++) {
            String ns = "ns" + d % 20;
            String rs = "web" + d + "-5f7c";
            replicaSets.put(ns + "/" + rs, new ReplicaSetBuilder().withNewMetadata().withNamespace(ns).withName(rs).withUid(rs + "-uid")
                    .withOwnerReferences(new OwnerReferenceBuilder().withKind("Deployment").withName("web" + d).withController(true).build())
                    .endMetadata().build());
            workloads.add(ResourceRef.deployment(ns, "web" + d));
            for (int p = 0; p < 10; p++) {
                pods.add(pod(ns, rs + "-" + p, "ReplicaSet", rs, d % 10 == 0 && p == 3));
            }
        }
        for (int s = 0; s < 100; s++) {
            workloads.add(ResourceRef.statefulSet("data", "db" + s));
            workloads.add(new ResourceRef(ResourceRef.DAEMON_SET, "agents", "agent" + s));
            for (int p = 0; p < 10; p++) {
                pods.add(pod("data", "db" + s + "-" + p, "StatefulSet", "db" + s, s % 10 == 0 && p == 0));
                pods.add(pod("agents", "agent" + s + "-" + p, "DaemonSet", "agent" + s, s % 10 == 0));
            }
        }
        return pods;
    }

    private WorkloadCounts count(List<Pod> pods) {
        return WorkloadCounter.count(pods, router::workloadOf, workloads::contains, workloads.size());
    }

    @Test
    void countsEachWatchedWorkloadWithAFailingPodOnce() {
        List<Pod> pods = new ArrayList<>(cluster(30));
        pods.add(pod("shop", "bare", null, null, true));
        pods.add(pod("shop", "gone-1", "ReplicaSet", "not-cached", true));
        pods.add(pod("shop", "batch-1", "Job", "nightly", true));

        WorkloadCounts counts = count(pods);

        assertThat(counts).isEqualTo(new WorkloadCounts(230, 3 + 10 + 10));
    }

    @Test
    void aStormOfCrashLoopsIsVisibleBeforeAnyIncidentIsOpened() {
        List<Pod> pods = new ArrayList<>();
        for (int d = 0; d < 12; d++) {
            String rs = "svc" + d + "-1";
            replicaSets.put("prod/" + rs, new ReplicaSetBuilder().withNewMetadata().withNamespace("prod").withName(rs).withUid(rs + "-uid")
                    .withOwnerReferences(new OwnerReferenceBuilder().withKind("Deployment").withName("svc" + d).withController(true).build())
                    .endMetadata().build());
            workloads.add(ResourceRef.deployment("prod", "svc" + d));
            pods.add(pod("prod", rs + "-a", "ReplicaSet", rs, true));
        }
        assertThat(count(pods)).isEqualTo(new WorkloadCounts(12, 12));
    }

    @Test
    void tenThousandPodsAreCountedInOnePassWellUnderADecisionsBudget() {
        List<Pod> pods = cluster(800);
        assertThat(pods).hasSize(10_000);
        for (int i = 0; i < 20; i++) {
            count(pods); // warm-up
        }
        long[] nanos = new long[31];
        WorkloadCounts counts = null;
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            counts = count(pods);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        double medianMs = nanos[nanos.length / 2] / 1e6;
        System.out.printf("WorkloadCounter at 10,000 pods: median %.2f ms, max %.2f ms%n", medianMs, nanos[nanos.length - 1] / 1e6);
        assertThat(counts).isEqualTo(new WorkloadCounts(1_000, 80 + 10 + 10));
        assertThat(medianMs).as("median ms for one count at 10,000 pods").isLessThan(50);
    }
}
