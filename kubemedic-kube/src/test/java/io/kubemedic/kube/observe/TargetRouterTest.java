package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerBuilder;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ResourceRef;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TargetRouterTest {

    private final Map<String, ReplicaSet> replicaSets = new HashMap<>();
    private final Map<String, Pod> pods = new HashMap<>();
    private final TargetRouter.Lookup lookup = new TargetRouter.Lookup() {
        @Override public Optional<ReplicaSet> replicaSet(String ns, String name) { return Optional.ofNullable(replicaSets.get(ns + "/" + name)); }
        @Override public Optional<Pod> pod(String ns, String name) { return Optional.ofNullable(pods.get(ns + "/" + name)); }
        @Override public List<ResourceRef> targetsIn(String ns) { return List.of(ResourceRef.deployment(ns, "a"), ResourceRef.pod(ns, "b")); }
    };
    private final TargetRouter clusterWide = new TargetRouter(KubemedicConfig.defaults(), lookup);
    private final TargetRouter namespaced = new TargetRouter(KubemedicConfig.from(Map.of("namespaces.allow", "shop")), lookup);

    private static OwnerReference controller(String kind, String name, String uid) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind(kind).withName(name).withUid(uid).withController(true).build();
    }

    private static Pod pod(String ns, String name, OwnerReference owner) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata();
        if (owner != null) {
            b.editMetadata().withOwnerReferences(owner).endMetadata();
        }
        return b.build();
    }

    private ReplicaSet replicaSet(String ns, String name, String uid, OwnerReference owner) {
        ReplicaSetBuilder b = new ReplicaSetBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid(uid).endMetadata();
        if (owner != null) {
            b.editMetadata().withOwnerReferences(owner).endMetadata();
        }
        ReplicaSet rs = b.build();
        replicaSets.put(ns + "/" + name, rs);
        return rs;
    }

    @Test
    void aPodOfADeploymentGoesToTheDeploymentThroughItsReplicaSet() {
        replicaSet("shop", "web-7d9", "rs-uid", controller("Deployment", "web", "d-uid"));
        assertThat(clusterWide.route(pod("shop", "web-7d9-x", controller("ReplicaSet", "web-7d9", "rs-uid"))))
                .containsExactly(ResourceRef.deployment("shop", "web"));
    }

    @Test
    void aPodWhoseReplicaSetIsNotCachedYetWaitsForTheReplicaSetsOwnEventInsteadOfGoingToTheWrongTarget() {
        Pod early = pod("shop", "web-7d9-x", controller("ReplicaSet", "web-7d9", "rs-uid"));
        assertThat(clusterWide.route(early)).isEmpty();

        ReplicaSet rs = replicaSet("shop", "web-7d9", "rs-uid", controller("Deployment", "web", "d-uid"));
        assertThat(clusterWide.route(rs)).containsExactly(ResourceRef.deployment("shop", "web"));
        assertThat(clusterWide.route(early)).containsExactly(ResourceRef.deployment("shop", "web"));
    }

    @Test
    void aPodOfAReplacedReplicaSetWithTheSameNameIsNotRoutedThroughTheNewOne() {
        replicaSet("shop", "web-7d9", "new-uid", controller("Deployment", "other", "d2"));
        assertThat(clusterWide.route(pod("shop", "p", controller("ReplicaSet", "web-7d9", "old-uid")))).isEmpty();
    }

    @Test
    void aPodOfAReplicaSetWithoutDeploymentGoesToTheReplicaSet() {
        ReplicaSet rs = replicaSet("shop", "lone", "rs-uid", null);
        assertThat(clusterWide.route(pod("shop", "lone-x", controller("ReplicaSet", "lone", "rs-uid"))))
                .containsExactly(new ResourceRef(ResourceRef.REPLICA_SET, "shop", "lone"));
        assertThat(clusterWide.route(rs)).containsExactly(new ResourceRef(ResourceRef.REPLICA_SET, "shop", "lone"));
    }

    @Test
    void podsOfDaemonSetsJobsStatefulSetsAndUnknownControllersGoToTheirOwnerNeverDropped() {
        assertThat(clusterWide.route(pod("shop", "agent-x", controller("DaemonSet", "agent", "u1"))))
                .containsExactly(new ResourceRef(ResourceRef.DAEMON_SET, "shop", "agent"));
        assertThat(clusterWide.route(pod("shop", "batch-x", controller("Job", "batch", "u2"))))
                .containsExactly(new ResourceRef(ResourceRef.JOB, "shop", "batch"));
        assertThat(clusterWide.route(pod("shop", "db-0", controller("StatefulSet", "db", "u3"))))
                .containsExactly(ResourceRef.statefulSet("shop", "db"));
        assertThat(clusterWide.route(pod("shop", "r-x", controller("Rollout", "canary", "u4"))))
                .containsExactly(new ResourceRef("Rollout", "shop", "canary"));
        assertThat(clusterWide.route(pod("shop", "bare", null))).containsExactly(ResourceRef.pod("shop", "bare"));
    }

    @Test
    void aNamespaceChangeConcernsEveryTargetInItButOnlyForAllowedNamespaces() {
        HasMetadata shop = new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build();
        HasMetadata other = new NamespaceBuilder().withNewMetadata().withName("other").endMetadata().build();
        assertThat(namespaced.route(shop)).containsExactly(ResourceRef.deployment("shop", "a"), ResourceRef.pod("shop", "b"));
        assertThat(namespaced.route(other)).isEmpty();
        assertThat(clusterWide.route(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata().build())).isEmpty();
    }

    @Test
    void nodesAndNodeEventsAreRoutedOnlyWithClusterScope() {
        HasMetadata node = new NodeBuilder().withNewMetadata().withName("worker-1").endMetadata().build();
        HasMetadata nodeEvent = new EventBuilder().withNewMetadata().withNamespace("default").withName("worker-1.17").endMetadata()
                .withNewInvolvedObject().withKind("Node").withName("worker-1").endInvolvedObject().build();
        assertThat(clusterWide.route(node)).containsExactly(ResourceRef.node("worker-1"));
        assertThat(clusterWide.route(nodeEvent)).containsExactly(ResourceRef.node("worker-1"));
        assertThat(namespaced.route(node)).isEmpty();
    }

    @Test
    void aNodeOutsideTheNodeSelectorIsNotRoutedEvenWhenTheServerIgnoredTheSelector() {
        TargetRouter selected = new TargetRouter(KubemedicConfig.from(Map.of("nodes.selector", "kubernetes.io/hostname in (worker-1)")), lookup);
        HasMetadata mine = new NodeBuilder().withNewMetadata().withName("worker-1").withLabels(Map.of("kubernetes.io/hostname", "worker-1")).endMetadata().build();
        HasMetadata other = new NodeBuilder().withNewMetadata().withName("worker-2").withLabels(Map.of("kubernetes.io/hostname", "worker-2")).endMetadata().build();
        assertThat(selected.route(mine)).containsExactly(ResourceRef.node("worker-1"));
        assertThat(selected.route(other)).isEmpty();
    }

    @Test
    void eventsGoToTheWorkloadOfTheirInvolvedObject() {
        replicaSet("shop", "web-7d9", "rs-uid", controller("Deployment", "web", "d-uid"));
        Pod p = pod("shop", "web-7d9-x", controller("ReplicaSet", "web-7d9", "rs-uid"));
        pods.put("shop/web-7d9-x", p);
        HasMetadata podEvent = new EventBuilder().withNewMetadata().withNamespace("shop").withName("e1").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace("shop").withName("web-7d9-x").endInvolvedObject().build();
        HasMetadata jobEvent = new EventBuilder().withNewMetadata().withNamespace("shop").withName("e2").endMetadata()
                .withNewInvolvedObject().withKind("Job").withNamespace("shop").withName("nightly").endInvolvedObject().build();
        assertThat(clusterWide.route(podEvent)).containsExactly(ResourceRef.deployment("shop", "web"));
        assertThat(clusterWide.route(jobEvent)).containsExactly(new ResourceRef(ResourceRef.JOB, "shop", "nightly"));
    }

    @Test
    void anAutoscalerChangeConcernsItsScaleTargetAndDeniedNamespacesConcernNothing() {
        HasMetadata hpa = new HorizontalPodAutoscalerBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .withNewSpec().withNewScaleTargetRef().withKind("Deployment").withName("web").endScaleTargetRef().endSpec().build();
        assertThat(clusterWide.route(hpa)).containsExactly(ResourceRef.deployment("shop", "web"));
        assertThat(clusterWide.route(pod("kube-system", "dns", null))).isEmpty();
        assertThat(namespaced.route(pod("other", "x", null))).isEmpty();
    }
}
