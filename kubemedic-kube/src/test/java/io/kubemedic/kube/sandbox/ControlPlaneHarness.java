package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.util.function.Function;

/**
 * A sandbox API server with the emulated controller-manager, driven by hand: each tick runs every controller once,
 * then the test's kubelet writes pod status. Deterministic, so controller tests need neither sleeps nor waits.
 */
final class ControlPlaneHarness implements AutoCloseable {

    private final SandboxCluster cluster = SandboxCluster.start();
    private final KubernetesClient client = cluster.client();
    private final ControllerEmulator controllers;
    private final String namespace;

    ControlPlaneHarness(String namespace, Clock clock) {
        this.namespace = namespace;
        this.controllers = new ControllerEmulator(cluster.emulatorClient(), clock);
    }

    KubernetesClient client() {
        return client;
    }

    SandboxCluster cluster() {
        return cluster;
    }

    /** {@code ticks} rounds of controllers then kubelet; {@code kubelet} says what each pod reports (null: leave it). */
    void run(int ticks, Function<Pod, TestKubelet.State> kubelet) {
        for (int i = 0; i < ticks; i++) {
            controllers.reconcile();
            TestKubelet.settle(client, namespace, kubelet);
        }
    }

    void reconcile() {
        controllers.reconcile();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
