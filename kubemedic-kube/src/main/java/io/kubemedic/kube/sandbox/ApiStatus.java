package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;

/**
 * {@code Status} answers shaped as kube-apiserver 1.20 writes them (k8s.io/apimachinery/pkg/api/errors), for the
 * requests the sandbox serves itself; the texts are the real server's, checked side by side in the parity tests.
 */
final class ApiStatus {

    static final String BUDGET_VIOLATED = "Cannot evict pod as it would violate the pod's disruption budget.";
    static final String INVALID_PATCH = "the server rejected our request due to an error in our request";

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private ApiStatus() {
    }

    /** What a create that returns a bare success answers (the eviction subresource): code 201. */
    static MockResponse created() {
        return respond(201, new StatusBuilder().withStatus("Success").withCode(201).build());
    }

    static MockResponse failure(int code, String reason, String message) {
        return respond(code, new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build());
    }

    /** {@code errors.NewNotFound}. */
    static MockResponse notFound(String resource, String name) {
        return respond(404, new StatusBuilder().withStatus("Failure").withCode(404).withReason("NotFound")
                .withMessage(resource + " \"" + name + "\" not found").withNewDetails().withName(name).withKind(resource).endDetails().build());
    }

    static MockResponse podNotFound(String name) {
        return notFound("pods", name);
    }

    /**
     * {@code errors.NewConflict} as {@code rest.BeforeDelete} answers a failed delete precondition: the kind (not the
     * resource) named, e.g. {@code Operation cannot be fulfilled on Pod "web-1": the UID in the precondition ...}.
     */
    static MockResponse conflict(String kind, String name, String detail) {
        return respond(409, new StatusBuilder().withStatus("Failure").withCode(409).withReason("Conflict")
                .withMessage("Operation cannot be fulfilled on " + kind + " \"" + name + "\": " + detail)
                .withNewDetails().withName(name).withKind(kind).endDetails().build());
    }

    /** {@code errors.NewTooManyRequests} with one DisruptionBudget cause, as the eviction subresource refuses. */
    static MockResponse budgetRefusal(String cause) {
        return respond(429, new StatusBuilder().withStatus("Failure").withCode(429).withReason("TooManyRequests").withMessage(BUDGET_VIOLATED)
                .withNewDetails().withCauses(new StatusCauseBuilder().withReason("DisruptionBudget").withMessage(cause).build()).endDetails().build());
    }

    /** {@code errors.NewForbidden} for a poddisruptionbudget, as checkAndDecrement answers a broken budget. */
    static MockResponse budgetForbidden(String name, String why) {
        return respond(403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                .withMessage("poddisruptionbudgets.policy \"" + name + "\" is forbidden: " + why)
                .withNewDetails().withName(name).withGroup("policy").withKind("poddisruptionbudgets").endDetails().build());
    }

    /** The 500 the eviction subresource answers for a pod under more than one budget: a Status without a reason. */
    static MockResponse multipleBudgets() {
        return respond(500, new StatusBuilder().withStatus("Failure").withCode(500)
                .withMessage("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.").build());
    }

    /** A JSON patch that cannot be applied: 422 Invalid with the generic text (the real server names no path). */
    static MockResponse invalidPatch() {
        return respond(422, new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid").withMessage(INVALID_PATCH)
                .withNewDetails().endDetails().build());
    }

    private static MockResponse respond(int code, Status status) {
        status.setApiVersion("v1");
        status.setKind("Status");
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(JSON.asJson(status));
    }
}
