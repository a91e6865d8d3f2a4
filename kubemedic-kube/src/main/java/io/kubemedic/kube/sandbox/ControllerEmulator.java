package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.util.Map;

/**
 * The sandbox's kube-controller-manager: on every tick it reads the cluster once ({@link ControlPlaneView}) and runs
 * the controllers a real 1.20 controller-manager runs for the kinds scenarios use: ReplicaSet, Deployment,
 * StatefulSet, DaemonSet, Job, HorizontalPodAutoscaler (the part that needs no metrics), disruption (PDB status),
 * resource quota (status) and the garbage collector's cascade.
 * Like the real controllers they create pods without a node: binding is the scheduler's part, which the scenario
 * player plays. Not used on a real server, where the real controller-manager does all of this.
 */
final class ControllerEmulator {

    private final KubernetesClient client;
    private final ReplicaSetController replicaSets;
    private final DeploymentController deployments;
    private final StatefulSetController statefulSets;
    private final DaemonSetController daemonSets;
    private final JobController jobs;
    private final HpaController autoscalers;
    private final DisruptionController disruption;
    private final ResourceQuotaController quotas;
    private final GarbageCollector garbage;

    ControllerEmulator(KubernetesClient client) {
        this(client, Clock.systemUTC());
    }

    ControllerEmulator(KubernetesClient client, Clock clock) {
        this.client = client;
        ApiWrites writes = new ApiWrites(client);
        this.replicaSets = new ReplicaSetController(writes, clock);
        this.deployments = new DeploymentController(writes, clock);
        this.statefulSets = new StatefulSetController(writes);
        this.daemonSets = new DaemonSetController(writes, clock);
        this.jobs = new JobController(writes, clock);
        this.autoscalers = new HpaController(writes, clock);
        this.disruption = new DisruptionController(writes, clock);
        this.quotas = new ResourceQuotaController(writes);
        this.garbage = new GarbageCollector(writes);
    }

    /**
     * One round of every controller. The scenario player's view is not used: a controller-manager watches every
     * namespace and more kinds than the player lists, so the emulator reads its own.
     */
    void reconcile(ClusterView ignored) {
        reconcile();
    }

    void reconcile() {
        ControlPlaneView view = ControlPlaneView.read(client);
        autoscalers.reconcile(view);
        Map<String, ReplicaSet> fresh = replicaSets.reconcile(view);
        deployments.reconcile(view, fresh);
        statefulSets.reconcile(view);
        daemonSets.reconcile(view);
        jobs.reconcile(view);
        disruption.reconcile(view);
        quotas.reconcile(view);
        garbage.reconcile(view);
    }

    /** Kept for the kubelet emulator and nodes: a write that lost a race is retried next tick. */
    static void ignoreConflict(Runnable write) {
        ApiWrites.tolerate(write);
    }
}
