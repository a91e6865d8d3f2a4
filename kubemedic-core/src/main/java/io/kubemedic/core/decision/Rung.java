package io.kubemedic.core.decision;

import io.kubemedic.core.model.ActionType;

import java.util.Map;
import java.util.Objects;

/**
 * One rung of a policy ladder.
 *
 * @param name      unique within its rule (default: the action's policy name, with {@code -2}, {@code -3}… for repeats);
 *                  incidents remember rungs by this name
 * @param automatic a destructive action that needs no approval
 * @param when      an optional condition; {@code new-revision}: only when the fault began with a new revision
 * @param params    fixed parameters, e.g. {@code replicas: "2"} for scale
 */
public record Rung(String name, ActionType action, boolean automatic, Condition when, Map<String, String> params) {

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
        Objects.requireNonNull(action, "action");
        name = name == null || name.isBlank() ? action.policyName() : name;
        params = params == null ? Map.of() : Map.copyOf(params);
        when = when == null ? Condition.ALWAYS : when;
    }

    public Rung(ActionType action, boolean automatic, Condition when, Map<String, String> params) {
        this(null, action, automatic, when, params);
    }
}
