package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubemedic.core.model.ResourceRef;

/** Reads and JSON-patches the workload a step names, whether a Deployment or a StatefulSet. */
final class Workloads {

    private final KubernetesClient client;

    Workloads(KubernetesClient client) {
        this.client = client;
    }

    Resource<? extends HasMetadata> resource(ResourceRef ref) {
        return switch (ref.kind()) {
            case ResourceRef.DEPLOYMENT -> client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name());
            case ResourceRef.STATEFUL_SET -> client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name());
            default -> throw new IllegalArgumentException(ref + " is not a Deployment or StatefulSet");
        };
    }

    HasMetadata get(ResourceRef ref) {
        return resource(ref).get();
    }

    static PodTemplateSpec template(HasMetadata workload) {
        return switch (workload) {
            case Deployment d -> d.getSpec().getTemplate();
            case StatefulSet s -> s.getSpec().getTemplate();
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

    /** Applies the patch; API errors become results (409/422 stale, 404 gone, others failed). */
    ActionResult patch(ResourceRef ref, JsonPatch patch, String what) {
        try {
            resource(ref).patch(PatchContext.of(PatchType.JSON), patch.toString());
            return ActionResult.applied(what);
        } catch (KubernetesClientException e) {
            return ApiErrors.map(what, e);
        }
    }
}
