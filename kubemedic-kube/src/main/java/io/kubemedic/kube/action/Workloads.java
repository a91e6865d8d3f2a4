package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubemedic.core.model.ResourceRef;

import java.util.function.Predicate;

/** Reads and JSON-patches the workload a step names: a Deployment, StatefulSet or DaemonSet. */
final class Workloads {

    private final KubernetesClient client;

    Workloads(KubernetesClient client) {
        this.client = client;
    }

    Resource<? extends HasMetadata> resource(ResourceRef ref) {
        return switch (ref.kind()) {
            case ResourceRef.DEPLOYMENT -> client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name());
            case ResourceRef.STATEFUL_SET -> client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name());
            case ResourceRef.DAEMON_SET -> client.apps().daemonSets().inNamespace(ref.namespace()).withName(ref.name());
            default -> throw new IllegalArgumentException(ref + " is not a Deployment, StatefulSet or DaemonSet");
        };
    }

    HasMetadata get(ResourceRef ref) {
        return resource(ref).get();
    }

    static PodTemplateSpec template(HasMetadata workload) {
        return switch (workload) {
            case Deployment d -> d.getSpec().getTemplate();
            case StatefulSet s -> s.getSpec().getTemplate();
            case DaemonSet s -> s.getSpec().getTemplate();
            default -> throw new IllegalArgumentException(workload.getKind() + " has no pod template");
        };
    }

    static int replicas(HasMetadata workload) {
        Integer r = switch (workload) {
            case Deployment d -> d.getSpec().getReplicas();
            case StatefulSet s -> s.getSpec().getReplicas();
            default -> null;
        };
        return r == null ? 1 : r;
    }

    /**
     * Applies the patch. The real API server answers 422 alike for a failed {@code test} operation (the object moved
     * on: stale) and for a patch it cannot apply (our mistake: failed), so on 422 the object is read again and
     * {@code stillAsDecided} tells the two apart.
     */
    ActionResult patch(ResourceRef ref, JsonPatch patch, String what, Predicate<HasMetadata> stillAsDecided) {
        try {
            resource(ref).patch(PatchContext.of(PatchType.JSON), patch.toString());
            return ActionResult.applied(what);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 422) {
                return ApiErrors.map(what, e);
            }
            HasMetadata now = get(ref);
            if (now == null || !stillAsDecided.test(now)) {
                return ActionResult.stale(what + ": the object changed since the decision (422 on the patch's test operations)");
            }
            return ActionResult.failed(what + ": the API server rejected the patch as invalid (422) although the object is as"
                    + " decided; patch " + patch);
        }
    }
}
