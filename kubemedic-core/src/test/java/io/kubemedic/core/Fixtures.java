package io.kubemedic.core;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;

import java.util.Map;

/** Small builders of real-looking objects for the decision and verification tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A Deployment whose controller has observed its spec and rolled it out (every pod of the current template). */
    public static Deployment deployment(String ns, String name, int replicas, String image, String memoryLimit, String revision) {
        return new DeploymentBuilder()
                .withNewMetadata().withNamespace(ns).withName(name).withUid(name + "-uid").withResourceVersion("41").withGeneration(1L)
                .withAnnotations(Map.of("deployment.kubernetes.io/revision", revision)).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withTemplate(new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                        .withNewSpec().withContainers(new ContainerBuilder().withName("app").withImage(image)
                                .withNewResources()
                                .withLimits(Map.of("memory", new Quantity(memoryLimit)))
                                .withRequests(Map.of("memory", new Quantity(memoryLimit)))
                                .endResources().build()).endSpec().build())
                .endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(replicas).withUpdatedReplicas(replicas).endStatus().build();
    }

    /** The ReplicaSet a Deployment controller makes for {@code d}'s current template, at {@code revision}. */
    public static ReplicaSet replicaSetOf(Deployment d, String hash, long revision) {
        return new ReplicaSetBuilder(replicaSet(d.getMetadata().getNamespace(), d.getMetadata().getName(), hash, revision))
                .withNewSpec().withTemplate(new PodTemplateSpecBuilder(d.getSpec().getTemplate()).editMetadata()
                        .addToLabels("pod-template-hash", hash).endMetadata().build()).endSpec().build();
    }

    public static ReplicaSet replicaSet(String ns, String deployment, String hash, long revision) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withNamespace(ns).withName(deployment + "-" + hash).withUid(hash + "-uid")
                .withLabels(Map.of("pod-template-hash", hash))
                .withAnnotations(Map.of("deployment.kubernetes.io/revision", String.valueOf(revision))).endMetadata()
                .build();
    }

    public static Pod pod(String ns, String name, String uid, String hash, boolean ready) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(ns).withName(name).withUid(uid).withLabels(Map.of("pod-template-hash", hash))
                .addNewOwnerReference().withKind("ReplicaSet").withName("rs-" + hash).withUid(hash + "-uid").withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("app").withImage("shop/web:1").build()).endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .withContainerStatuses(new ContainerStatusBuilder().withName("app").withReady(ready).withRestartCount(ready ? 0 : 5).build())
                .endStatus().build();
    }
}
