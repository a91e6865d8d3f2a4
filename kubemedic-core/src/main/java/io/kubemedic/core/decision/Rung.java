package io.kubemedic.core.decision;

import io.kubemedic.core.model.ActionType;

import java.util.Map;

/**
 * One rung of a policy ladder.
 *
 * @param automatic a destructive action that needs no approval
 * @param when      an optional condition; {@code new-revision}: only when the fault began with the newest revision
 * @param params    fixed parameters, e.g. {@code replicas: "2"} for scale
 */
public record Rung(ActionType action, boolean automatic, Condition when, Map<String, String> params) {

    /** Conditions a rung may carry. */
    public enum Condition {
        ALWAYS, NEW_REVISION;

        static Condition parse(String text) {
            return switch (text) {
                case "always" -> ALWAYS;
                case "new-revision" -> NEW_REVISION;
                default -> throw new IllegalArgumentException("unknown condition '" + text + "' (known: always, new-revision)");
            };
        }
    }

    public Rung {
        params = params == null ? Map.of() : Map.copyOf(params);
        when = when == null ? Condition.ALWAYS : when;
    }
}
