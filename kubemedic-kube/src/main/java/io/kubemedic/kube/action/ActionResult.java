package io.kubemedic.kube.action;

import java.util.Map;

/**
 * What an action did. Expected API answers (not found, conflict, blocked by a budget) are results, not exceptions,
 * so the engine can decide the next step from them.
 */
public record ActionResult(Status status, String message, Map<String, String> details) {

    public enum Status {
        /** The change was made. */
        APPLIED,
        /** Nothing to do: the cluster already is as the action wanted. */
        NO_OP,
        /** The object changed since the decision was made; re-read and decide again. */
        STALE,
        /** The API refused or the action could not be applied. */
        FAILED
    }

    public ActionResult {
        message = message == null ? "" : message;
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static ActionResult applied(String message) {
        return new ActionResult(Status.APPLIED, message, Map.of());
    }

    public static ActionResult noOp(String message) {
        return new ActionResult(Status.NO_OP, message, Map.of());
    }

    public static ActionResult stale(String message) {
        return new ActionResult(Status.STALE, message, Map.of());
    }

    public static ActionResult failed(String message) {
        return new ActionResult(Status.FAILED, message, Map.of());
    }
}
