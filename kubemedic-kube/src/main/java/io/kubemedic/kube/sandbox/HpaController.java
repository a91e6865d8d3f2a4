package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of the HPA controller that needs no metrics ({@code reconcileAutoscaler} before it reads any): a target
 * scaled to 0 is left alone (autoscaling disabled); above maxReplicas it is scaled to max, below minReplicas
 * (default 1) to min, through the scale subresource; status currentReplicas, desiredReplicas and lastScaleTime. With
 * no metrics API in the sandbox (nor on the real test server) nothing scales on load.
 */
final class HpaController {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private final ApiWrites writes;
    private final Clock clock;

    HpaController(ApiWrites writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
    }

    void reconcile(ControlPlaneView view) {
        for (HorizontalPodAutoscaler hpa : view.autoscalers()) {
            target(view, hpa).ifPresent(t -> sync(hpa, t));
        }
    }

    private static Optional<HasMetadata> target(ControlPlaneView view, HorizontalPodAutoscaler hpa) {
        var ref = hpa.getSpec().getScaleTargetRef();
        String ns = hpa.getMetadata().getNamespace();
        return switch (ref.getKind()) {
            case "Deployment" -> view.deployments().stream().filter(d -> named(d, ns, ref.getName())).map(d -> (HasMetadata) d).findFirst();
            case "StatefulSet" -> view.statefulSets().stream().filter(s -> named(s, ns, ref.getName())).map(s -> (HasMetadata) s).findFirst();
            case "ReplicaSet" -> view.replicaSets().stream().filter(r -> named(r, ns, ref.getName())).map(r -> (HasMetadata) r).findFirst();
            default -> Optional.empty();
        };
    }

    private void sync(HorizontalPodAutoscaler hpa, HasMetadata target) {
        int current = replicas(target);
        int min = hpa.getSpec().getMinReplicas() == null ? 1 : hpa.getSpec().getMinReplicas();
        int max = hpa.getSpec().getMaxReplicas();
        int desired = current == 0 && min != 0 ? 0 : current > max ? max : Math.max(current, min);
        HorizontalPodAutoscalerStatus old = hpa.getStatus();
        String lastScale = old == null ? null : old.getLastScaleTime();
        if (desired != current) {
            ApiWrites.tolerate(() -> writes.client().resource(target).scale(desired));
            lastScale = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        }
        HorizontalPodAutoscalerStatus status = new HorizontalPodAutoscalerStatusBuilder().withCurrentReplicas(current)
                .withDesiredReplicas(desired).withLastScaleTime(lastScale).withObservedGeneration(hpa.getMetadata().getGeneration())
                .withCurrentCPUUtilizationPercentage(old == null ? null : old.getCurrentCPUUtilizationPercentage()).build();
        if (!Objects.equals(status, old)) {
            HorizontalPodAutoscaler copy = KUBE.clone(hpa);
            copy.setStatus(status);
            writes.updateStatus(copy);
        }
    }

    private static int replicas(HasMetadata target) {
        Integer r = switch (target) {
            case Deployment d -> d.getSpec().getReplicas();
            case StatefulSet s -> s.getSpec().getReplicas();
            case ReplicaSet rs -> rs.getSpec().getReplicas();
            default -> 1;
        };
        return r == null ? 1 : r;
    }

    private static boolean named(HasMetadata o, String ns, String name) {
        return ns.equals(o.getMetadata().getNamespace()) && name.equals(o.getMetadata().getName());
    }
}
