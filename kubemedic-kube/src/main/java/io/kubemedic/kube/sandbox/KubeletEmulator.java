package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Plays the kubelet and metrics-server: writes each pod's status (healthy, or as its active fault dictates), the
 * Deployments' status, the pods' metrics, and the events a kubelet or scheduler would emit. It writes only what
 * changed, so the healer sees exactly the transitions a real cluster would show.
 */
final class KubeletEmulator {

    private final KubernetesClient client;
    private final Map<String, PodMetrics> metrics = new HashMap<>();
    private final Set<String> eventsWritten = new HashSet<>();

    KubeletEmulator(KubernetesClient client) {
        this.client = client;
    }

    /** {@code faultOf} gives the active fault for a pod, or null. */
    void reconcile(ClusterView view, BiFunction<Pod, Optional<Deployment>, ActiveFault> faultOf, java.util.function.Function<Deployment, ActiveFault> deploymentFault) {
        Set<String> alive = new HashSet<>();
        for (Pod pod : view.pods()) {
            Optional<Deployment> owner = view.deploymentOf(pod);
            ActiveFault fault = faultOf.apply(pod, owner);
            PodStatus desired = PodStatuses.of(pod, fault);
            if (!desired.equals(pod.getStatus())) {
                ControllerEmulator.ignoreConflict(() -> client.pods().inNamespace(pod.getMetadata().getNamespace())
                        .resource(new PodBuilder(pod).withStatus(desired).build()).updateStatus());
            }
            events(pod, fault);
            String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
            alive.add(key);
            metrics(pod, fault, key);
        }
        metrics.keySet().removeIf(k -> {
            if (alive.contains(k)) {
                return false;
            }
            PodMetrics gone = metrics.get(k);
            ControllerEmulator.ignoreConflict(() -> client.resources(PodMetrics.class).inNamespace(gone.getMetadata().getNamespace())
                    .withName(gone.getMetadata().getName()).delete());
            return true;
        });
        for (Deployment d : view.deployments()) {
            deploymentStatus(d, view, deploymentFault.apply(d));
        }
    }

    private void metrics(Pod pod, ActiveFault fault, String key) {
        List<io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics> containers = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            Quantity limit = c.getResources() == null || c.getResources().getLimits() == null ? null : c.getResources().getLimits().get("memory");
            Quantity usage = fault != null && fault.fault.type() == FaultType.MEMORY_USAGE
                    ? new Quantity(fault.fault.param("usage", "0"))
                    : limit == null ? new Quantity("64Mi") : new Quantity(Quantity.getAmountInBytes(limit).multiply(new BigDecimal("0.3")).toBigInteger().toString());
            containers.add(new ContainerMetricsBuilder().withName(c.getName()).withUsage(Map.of("memory", usage, "cpu", new Quantity("10m"))).build());
        }
        PodMetrics previous = metrics.get(key);
        if (previous != null && previous.getContainers().equals(containers)) {
            return;
        }
        PodMetrics m = new PodMetricsBuilder().withNewMetadata().withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .endMetadata().withWindow(new io.fabric8.kubernetes.api.model.Duration(java.time.Duration.ofSeconds(15))).withContainers(containers).build();
        ControllerEmulator.ignoreConflict(() -> {
            var resource = client.resources(PodMetrics.class).inNamespace(pod.getMetadata().getNamespace()).resource(m);
            if (previous == null) {
                resource.create();
            } else {
                resource.update();
            }
        });
        metrics.put(key, m);
    }

    private void events(Pod pod, ActiveFault fault) {
        if (fault == null || (fault.fault.type() != FaultType.UNSCHEDULABLE && fault.fault.type() != FaultType.PROBE_FAILURE)) {
            return;
        }
        if (!eventsWritten.add(pod.getMetadata().getUid() + "/" + fault.fault.type())) {
            return;
        }
        boolean scheduling = fault.fault.type() == FaultType.UNSCHEDULABLE;
        String message = scheduling ? fault.fault.param("message", "0/3 nodes are available: 3 Insufficient cpu.")
                : fault.fault.param("message", "Readiness probe failed: HTTP probe failed with statuscode: 503");
        ControllerEmulator.ignoreConflict(() -> client.v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(new EventBuilder()
                .withNewMetadata().withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName() + "." + fault.fault.type().yamlName()).endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid()).endInvolvedObject()
                .withType("Warning").withReason(scheduling ? "FailedScheduling" : "Unhealthy").withMessage(message)
                .withCount(scheduling ? 1 : 5).withNewSource().withComponent(scheduling ? "default-scheduler" : "kubelet").endSource().build()).create());
    }

    private void deploymentStatus(Deployment d, ClusterView view, ActiveFault fault) {
        List<Pod> pods = view.pods().stream().filter(p -> view.deploymentOf(p).map(o -> o.getMetadata().getUid().equals(d.getMetadata().getUid())).orElse(false)).toList();
        int ready = (int) pods.stream().filter(SandboxPods::ready).count();
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        DeploymentCondition progressing = fault != null
                ? condition("Progressing", false, "ProgressDeadlineExceeded", "ReplicaSet has timed out progressing.")
                : condition("Progressing", true, "NewReplicaSetAvailable", "ReplicaSet has successfully progressed.");
        DeploymentStatus status = new DeploymentStatusBuilder().withReplicas(pods.size()).withUpdatedReplicas(pods.size())
                .withReadyReplicas(ready).withAvailableReplicas(ready).withUnavailableReplicas(Math.max(0, desired - ready))
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withConditions(condition("Available", ready >= desired, ready >= desired ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable", null), progressing)
                .build();
        if (!status.equals(d.getStatus())) {
            d.setStatus(status);
            ControllerEmulator.ignoreConflict(() -> client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(d).updateStatus());
        }
    }

    private static DeploymentCondition condition(String type, boolean status, String reason, String message) {
        return new DeploymentConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason).withMessage(message).build();
    }
}
