package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One sandbox scenario: objects to create in its own namespace, changes and faults on a timeline, and what must
 * have happened by the end. The YAML form is documented in docs/scenarios.md.
 */
public record Scenario(String name, String description, String issue, String namespace, Map<String, String> namespaceAnnotations,
                       List<HasMetadata> objects, List<Update> updates, List<Fault> faults, Expect expect, String source) {

    public Scenario {
        namespaceAnnotations = Map.copyOf(namespaceAnnotations);
        objects = List.copyOf(objects);
        updates = List.copyOf(updates);
        faults = List.copyOf(faults);
    }

    /** A change to an object at a time, e.g. rolling out a broken image. */
    public record Update(Duration at, Target target, String image, Integer replicas) {
    }

    /** An object named as {@code Kind/name} in the scenario's namespace. */
    public record Target(String kind, String name) {
        static Target parse(String text, String where) {
            int slash = text == null ? -1 : text.indexOf('/');
            if (slash <= 0 || slash == text.length() - 1) {
                throw new ScenarioException(where + ": target must be Kind/name (Deployment/web, StatefulSet/db, Pod/p, Node/n), got '" + text + "'");
            }
            return new Target(text.substring(0, slash), text.substring(slash + 1));
        }

        @Override
        public String toString() {
            return kind + "/" + name;
        }
    }

    /**
     * A fault injected at a time into the target's pods (or the target itself), kept until the clear condition holds.
     *
     * @param type one of {@link FaultType}
     */
    public record Fault(Duration at, Target target, FaultType type, Map<String, String> params, ClearWhen clearWhen) {
        public Fault {
            params = Map.copyOf(params);
        }

        public String param(String key, String fallback) {
            return params.getOrDefault(key, fallback);
        }
    }

    /** What ends a fault; exactly one is set. Each is a real fix seen through the API. */
    public record ClearWhen(boolean podRecreated, String memoryLimitAtLeast, String imageNot, Integer replicasAtLeast,
                            boolean cordoned, boolean never) {
    }

    /**
     * @param action           an action (policy name) that must have been taken successfully, or {@code none} for no mutating action
     * @param outcome          the incident's final outcome (io.kubemedic.core.model.Outcome name)
     * @param forbiddenActions actions that must not have been taken
     */
    public record Expect(String action, String outcome, List<String> forbiddenActions, FinalState finalState, Duration within) {
        public Expect {
            forbiddenActions = List.copyOf(forbiddenActions);
        }
    }

    /** Checks made through the API at the end; null fields are not checked. {@code target} defaults to the first workload. */
    public record FinalState(String target, Boolean allReady, Integer replicasAtLeast, String memoryLimitAtLeast, String image,
                             String podExists, Boolean podUnchanged) {
    }
}
