package io.kubemedic.kube.action;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Map;

/**
 * Maps API errors to action results by what they say about the cluster: a conflict means stale state; 429 means
 * throttled (a budget refusal is told apart by the caller, which sees the body); 5xx, a timeout or a lost connection
 * means the outcome is unknown; anything else (403, 400, an invalid request) is a failure for a human.
 */
final class ApiErrors {

    private ApiErrors() {
    }

    static ActionResult map(String what, KubernetesClientException e) {
        int code = e.getCode();
        String status = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        if (code == 0 || code >= 500) {
            return ActionResult.unknown(what + ": no answer from the API server (" + (code == 0 ? rootCause(e) : code + " " + status) + ")");
        }
        return switch (code) {
            case 409 -> ActionResult.stale(what + ": the object changed since it was read (409 Conflict)");
            case 404 -> ActionResult.stale(what + ": the object no longer exists");
            case 429 -> throttled(what + ": the API server is throttling requests (429: " + status + ")", e);
            default -> ActionResult.failed(what + ": API answered " + code + ": " + status);
        };
    }

    static ActionResult throttled(String message, KubernetesClientException e) {
        Integer after = e.getStatus() == null || e.getStatus().getDetails() == null ? null : e.getStatus().getDetails().getRetryAfterSeconds();
        return new ActionResult(ActionResult.Status.THROTTLED, message, after == null ? Map.of() : Map.of("retryAfterSeconds", String.valueOf(after)));
    }

    private static String rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
