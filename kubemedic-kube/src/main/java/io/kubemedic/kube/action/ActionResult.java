package io.kubemedic.kube.action;

import java.util.Map;

/**
 * What an action did. Expected API answers (not found, conflict, refused by a budget, throttled, no answer) are
 * results, not exceptions, so the engine can decide the next step from them: only APPLIED, NO_OP and UNKNOWN may have
 * changed the cluster, and only they spend budget.
 */
public record ActionResult(Status status, String message, Map<String, String> details) {

    public enum Status {
        /** The change was made. */
        APPLIED,
        /** Nothing to do: the cluster already is as the action wanted. */
        NO_OP,
        /** The object changed since the decision was made (conflict, failed precondition); re-read and decide again. */
        STALE,
        /** The API server refused on purpose (a PodDisruptionBudget): hold, do not climb. Details name the budget. */
        BLOCKED,
        /** The API server is throttling (429 from API Priority and Fairness): retry later, nothing happened. */
        THROTTLED,
        /** No answer (5xx, timeout, connection lost): the change may or may not have happened; re-read and verify. */
        UNKNOWN,
        /** The API refused (forbidden, invalid) or the action could not be applied: a human has to look. */
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

    public static ActionResult unknown(String message) {
        return new ActionResult(Status.UNKNOWN, message, Map.of());
    }

    /** Whether the cluster may have changed: the action counts against budgets and is verified. */
    public boolean mayHaveChanged() {
        return status == Status.APPLIED || status == Status.NO_OP || status == Status.UNKNOWN;
    }
}
