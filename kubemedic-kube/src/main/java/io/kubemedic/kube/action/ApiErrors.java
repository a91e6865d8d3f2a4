package io.kubemedic.kube.action;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Maps API errors to action results: a conflict or failed precondition means stale state, not a failure. */
final class ApiErrors {

    private ApiErrors() {
    }

    static ActionResult map(String what, KubernetesClientException e) {
        int code = e.getCode();
        String status = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return switch (code) {
            case 409, 422 -> ActionResult.stale(what + ": the object changed since it was read (" + code + ")");
            case 404 -> ActionResult.stale(what + ": the object no longer exists");
            default -> ActionResult.failed(what + ": API answered " + code + ": " + status);
        };
    }
}
