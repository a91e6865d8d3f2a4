package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Pod deletion as the API server does it, where the CRUD store removes the object at once: a pod bound to a node
 * is only marked ({@code deletionTimestamp} = now + grace, {@code deletionGracePeriodSeconds}) and stays, Terminating,
 * until its kubelet confirms with a deletion of grace 0 (the scenario player's kubelet does, on a Ready node). A pod
 * not bound to a node, or a deletion with grace 0, is removed at once. The grace is the request's, else the pod's
 * {@code terminationGracePeriodSeconds}, else 30 s. While a pod is Terminating its controller already counts it as
 * gone and makes a replacement, and a watcher sees the old pod linger: what a real cluster shows for seconds. The
 * pod carries the finalizer {@value #FINALIZER} meanwhile (the CRUD store's way of keeping a deleted object).
 */
final class GracefulDeletion {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();
    /**
     * Keeps a Terminating pod in the CRUD store, which removes an object marked for deletion unless a finalizer holds
     * it; taken off again when the kubelet confirms. The one trace of the emulation a client can see.
     */
    static final String FINALIZER = "sandbox.kubemedic.io/graceful-deletion";

    private final KubernetesCrudDispatcher store;
    private final Clock clock;

    GracefulDeletion(KubernetesCrudDispatcher store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Marks a bound pod Terminating instead of removing it.
     *
     * @param grace the grace period the request asked for, or null for the pod's own
     * @return the answer, or null when the store's own deletion applies (unbound pod, grace 0, no such pod)
     */
    MockResponse delete(String namespace, String name, Long grace) {
        String path = "/api/v1/namespaces/" + namespace + "/pods/" + name;
        MockResponse read = store.handleGet(path);
        if (read.code() != 200) {
            return null;
        }
        Pod pod = KUBE.unmarshal(read.getBody().readUtf8(), Pod.class);
        long seconds = grace != null ? grace : pod.getSpec().getTerminationGracePeriodSeconds() != null ? pod.getSpec().getTerminationGracePeriodSeconds() : 30;
        boolean marked = pod.getMetadata().getFinalizers() != null && pod.getMetadata().getFinalizers().contains(FINALIZER);
        if (marked) {
            if (seconds > 0) {
                return ok(KUBE.asJson(pod)); // already Terminating: a second deletion changes nothing
            }
            pod.getMetadata().getFinalizers().remove(FINALIZER); // the kubelet confirmed: the store removes it now
            MockResponse written = put(path, pod);
            return written.code() >= 300 ? written : ok(KUBE.asJson(pod));
        }
        if (pod.getSpec().getNodeName() == null || seconds <= 0 || pod.getMetadata().getDeletionTimestamp() != null) {
            return null;
        }
        pod.getMetadata().setDeletionTimestamp(clock.instant().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS).toString());
        pod.getMetadata().setDeletionGracePeriodSeconds(seconds);
        java.util.List<String> finalizers = new java.util.ArrayList<>(pod.getMetadata().getFinalizers() == null ? java.util.List.of() : pod.getMetadata().getFinalizers());
        finalizers.add(FINALIZER);
        pod.getMetadata().setFinalizers(finalizers);
        MockResponse written = put(path, pod);
        if (written.code() >= 300) {
            return written;
        }
        read = store.handleGet(path); // the CRUD store answers an update without the object
        return read.code() == 200 ? ok(read.getBody().readUtf8()) : ok(KUBE.asJson(pod));
    }

    private MockResponse put(String path, Pod pod) {
        pod.getMetadata().setResourceVersion(null);
        return store.handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path,
                Headers.builder().add("Content-Type", "application/json").build(), new Buffer().writeUtf8(KUBE.asJson(pod))));
    }

    private static MockResponse ok(String pod) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(pod);
    }

    /** The grace period a delete request asks for: {@code ?gracePeriodSeconds=N} or the body's DeleteOptions; null when neither. */
    static Long requested(String query, String body) {
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("gracePeriodSeconds=")) {
                    return Long.parseLong(part.substring("gracePeriodSeconds=".length()));
                }
            }
        }
        if (body != null && !body.isBlank()) {
            var node = KUBE.unmarshal(body, java.util.Map.class).get("gracePeriodSeconds");
            return node instanceof Number n ? n.longValue() : null;
        }
        return null;
    }
}
