package io.kubemedic.kube.action;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts one eviction through the Eviction API and reads the server's answer itself, because the answer matters: a 429
 * from a PodDisruptionBudget ("Cannot evict pod as it would violate the pod's disruption budget", with a
 * DisruptionBudget cause naming it) means hold, a 429 from API Priority and Fairness means retry later, a 409 means
 * the pod was replaced since the decision (the UID precondition travels with the request), and no answer means the
 * outcome is unknown. fabric8's {@code evict()} only returns false for any 429. Which eviction version to post is
 * discovered once, as {@code kubectl drain} does (Kubernetes 1.20 serves only policy/v1beta1). Never deletes a pod.
 * No GET before the POST: the UID precondition travels with the request and the server enforces it (409), a missing
 * pod answers 404; a read through to etcd there cost 30 % of the controller's reaction time at 10,000 pods.
 */
final class Evictions {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long TIMEOUT_SECONDS = 30;

    private final KubernetesClient client;
    private volatile String version;

    Evictions(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Evicts {@code name} if it still has {@code uid} (null: any).
     *
     * @param observed the pod as the decision saw it, or null: one already terminating is not evicted again
     */
    ActionResult evict(String namespace, String name, String uid, Pod observed) {
        if (observed != null && observed.getMetadata().getDeletionTimestamp() != null
                && (uid == null || uid.equals(observed.getMetadata().getUid()))) {
            return ActionResult.noOp("pod " + name + " is already terminating");
        }
        return post(namespace, name, uid);
    }

    private ActionResult post(String namespace, String name, String uid) {
        String what = "evict pod " + namespace + "/" + name;
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(URI.create(base() + "api/v1/namespaces/" + namespace + "/pods/" + name + "/eviction"))
                .post("application/json", body(namespace, name, uid)).build();
        HttpResponse<String> response;
        try {
            response = http.sendAsync(request, String.class).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ActionResult.unknown(what + ": interrupted while waiting for the API server");
        } catch (ExecutionException | TimeoutException e) {
            return ActionResult.unknown(what + ": no answer from the API server (" + e.getClass().getSimpleName()
                    + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()) + ")");
        }
        int code = response.code();
        JsonNode status = parse(response.body());
        String message = status.path("message").asString("");
        if (code >= 200 && code < 300) {
            return ActionResult.applied("evicted pod " + name);
        }
        if (code == 429) {
            String cause = budgetCause(status);
            if (cause != null || message.contains("disruption budget")) {
                return new ActionResult(ActionResult.Status.BLOCKED, what + " refused: " + message + (cause == null ? "" : " " + cause),
                        Map.of("blockedBy", "PodDisruptionBudget", "budget", cause == null ? "" : cause));
            }
            String after = response.header("Retry-After");
            return new ActionResult(ActionResult.Status.THROTTLED, what + ": the API server is throttling requests (429: " + message + ")",
                    after == null ? Map.of() : Map.of("retryAfterSeconds", after));
        }
        if (code == 404) {
            return ActionResult.noOp("pod " + name + " is already gone");
        }
        if (code == 409) {
            return ActionResult.stale(what + ": the pod changed since the decision (409: " + message + ")");
        }
        if (code >= 500) {
            return ActionResult.unknown(what + ": the API server answered " + code + " (" + message + "): the outcome is unknown");
        }
        return ActionResult.failed(what + ": API answered " + code + ": " + message);
    }

    private String body(String namespace, String name, String uid) {
        ObjectNode eviction = JSON.createObjectNode();
        eviction.put("apiVersion", "policy/" + version());
        eviction.put("kind", "Eviction");
        eviction.putObject("metadata").put("name", name).put("namespace", namespace);
        if (uid != null) {
            eviction.putObject("deleteOptions").putObject("preconditions").put("uid", uid);
        }
        return eviction.toString();
    }

    /** The message of a DisruptionBudget cause, e.g. "The disruption budget web needs 1 healthy pods and has 0 currently". */
    private static String budgetCause(JsonNode status) {
        for (JsonNode cause : status.path("details").path("causes")) {
            if ("DisruptionBudget".equals(cause.path("reason").asString("")) || "DisruptionBudget".equals(cause.path("type").asString(""))) {
                return cause.path("message").asString("");
            }
        }
        return null;
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.createObjectNode();
        }
    }

    private String base() {
        String url = client.getMasterUrl().toString();
        return url.endsWith("/") ? url : url + "/";
    }

    /** The version of the {@code pods/eviction} subresource in the core API discovery; v1 when discovery says nothing. */
    String version() {
        String v = version;
        if (v == null) {
            v = "v1";
            try {
                var resources = client.getApiResources("v1");
                if (resources != null && resources.getResources() != null) {
                    v = resources.getResources().stream().filter(r -> "pods/eviction".equals(r.getName()))
                            .map(r -> r.getVersion() == null || r.getVersion().isEmpty() ? "v1" : r.getVersion()).findFirst().orElse("v1");
                }
            } catch (KubernetesClientException e) {
                // no discovery (some test servers): assume the current API
            }
            version = v;
        }
        return v;
    }
}
