package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * The controllers' writes. Each carries the resourceVersion it read, so a write based on a stale read fails with 409
 * instead of undoing someone else's change (a real controller's update does the same); a conflict, a vanished object
 * or a rejected write is then simply tried again on the next tick, as a real controller requeues.
 */
final class ApiWrites {

    private final KubernetesClient client;

    ApiWrites(KubernetesClient client) {
        this.client = client;
    }

    KubernetesClient client() {
        return client;
    }

    void create(HasMetadata o) {
        tolerate(() -> client.resource(o).create());
    }

    /** PUT with the resourceVersion read; the object as stored, or null when the write lost a race. */
    <T extends HasMetadata> T update(T o) {
        return tolerated(() -> client.resource(o).update());
    }

    /** PUT of the status subresource with the resourceVersion read; the object as stored, or null when it lost a race. */
    <T extends HasMetadata> T updateStatus(T o) {
        return tolerated(() -> client.resource(o).updateStatus());
    }

    /** A JSON merge patch; the object as stored, or null when it lost a race. */
    <T extends HasMetadata> T mergePatch(T o, String patch) {
        return tolerated(() -> client.resource(o).patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }

    void delete(HasMetadata o) {
        tolerate(() -> client.resource(o).delete());
    }

    /** Runs a write; 404, 409 and 422 mean the world moved on and the next tick will see it. */
    static void tolerate(Runnable write) {
        tolerated(() -> {
            write.run();
            return null;
        });
    }

    /** Runs a write and returns its result, or null when it met 404, 409 or 422. */
    static <T> T tolerated(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404 && e.getCode() != 422) {
                throw e;
            }
            return null;
        }
    }
}
