package io.kubemedic.kube.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;
import java.util.UUID;

/** Objects as a controller-manager would leave them, written straight into a CRUD-mode server (which runs no controllers). */
final class Fixtures {

    private final KubernetesClient client;

    Fixtures(KubernetesClient client) {
        this.client = client;
    }

    void namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    static OwnerReference controllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind()).withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid()).withController(true).build();
    }

    private static <T extends HasMetadata> T withUid(T o) {
        o.getMetadata().setUid(UUID.randomUUID().toString());
        return o;
    }

    HasMetadata deployment(String ns, String name) {
        return client.resource(withUid(new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("img").endContainer().endSpec().endTemplate().endSpec().build())).create();
    }

    ReplicaSet replicaSet(String ns, String name, HasMetadata owner) {
        ReplicaSetBuilder b = new ReplicaSetBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withReplicas(2).endSpec();
        if (owner != null) {
            b.editMetadata().withOwnerReferences(controllerRef(owner)).endMetadata();
        }
        return client.resource(withUid(b.build())).create();
    }

    HasMetadata statefulSet(String ns, String name) {
        return client.resource(withUid(new StatefulSetBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withReplicas(2).endSpec().build())).create();
    }

    HasMetadata daemonSet(String ns, String name) {
        return client.resource(withUid(new DaemonSetBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata().build())).create();
    }

    HasMetadata job(String ns, String name) {
        return client.resource(withUid(new JobBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata().build())).create();
    }

    /** A pod controlled by {@code owner} (any kind), or a bare pod when {@code owner} is null. */
    Pod pod(String ns, String name, HasMetadata owner) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withNodeName("worker-1").addNewContainer().withName("app").withImage("img").endContainer().endSpec()
                .withStatus(new PodStatusBuilder().withPhase("Running").build());
        if (owner != null) {
            b.editMetadata().withOwnerReferences(controllerRef(owner)).endMetadata();
        }
        return client.resource(withUid(b.build())).create();
    }

    /** Makes the pod's container crash-loop, as the kubelet would report it. */
    void crashLoop(String ns, String name) {
        Pod p = client.pods().inNamespace(ns).withName(name).get();
        p.setStatus(new PodStatusBuilder().withPhase("Running").addNewContainerStatus().withName("app").withRestartCount(6)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState().endContainerStatus().build());
        client.pods().inNamespace(ns).resource(p).updateStatus();
    }
}
