package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Taint;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scenario: objects to create in its own namespace, changes and faults on a timeline, and what must have
 * happened by the end. Plain data, read by {@link ScenarioLoader} from the YAML documented in docs/scenarios.md and
 * played by {@link ScenarioPlayer} on the sandbox or on a real API server. Nothing in it depends on server-assigned
 * ids: objects, owners and nodes are named, and the player resolves them on the server it plays on.
 *
 * @param namespace the namespace named in the file; on a real server the player plays in a fresh copy of it
 *                  ({@link ScenarioPlayer#namespaceOf(String)})
 * @param nodes     the scenario's own nodes, by logical name ({@code node-1}); empty when it shares the run's workers
 * @param config    Kubemedic settings for this scenario ({@code cooldown: 1m}), passed through as text
 * @param policy    an inline policy (YAML with {@code rules:}), or null for the default
 */
public record Scenario(String name, String description, String issue, String namespace, Map<String, String> namespaceAnnotations,
                       Map<String, String> namespaceLabels, List<NodeSpec> nodes, List<HasMetadata> objects, List<Update> updates,
                       List<Fault> faults, Map<String, String> config, String policy, Expect expect, String source) {

    /** The logical names of the workers every scenario without its own {@code nodes} shares. */
    public static final List<String> SHARED_NODES = List.of("node-1", "node-2", "node-3");

    public Scenario {
        namespaceAnnotations = Map.copyOf(namespaceAnnotations);
        namespaceLabels = Map.copyOf(namespaceLabels);
        nodes = List.copyOf(nodes);
        objects = List.copyOf(objects);
        updates = List.copyOf(updates);
        faults = List.copyOf(faults);
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** Whether the scenario plays on nodes of its own, so what happens to them touches no other scenario. */
    public boolean ownNodes() {
        return !nodes.isEmpty();
    }

    /** The logical names of the nodes this scenario's pods may run on. */
    public List<String> nodeNames() {
        return ownNodes() ? nodes.stream().map(NodeSpec::name).toList() : SHARED_NODES;
    }

    /** An object named as {@code Kind/name}: in the scenario's namespace, a node by logical name, or {@code Namespace}. */
    public record Target(String kind, String name) {

        public static Target parse(String text, String where) {
            if ("Namespace".equals(text)) {
                return new Target("Namespace", null);
            }
            int slash = text == null ? -1 : text.indexOf('/');
            if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
                throw new ScenarioException(where + ": target must be Kind/name (Deployment/web, StatefulSet/db, Pod/p, Node/node-1, Namespace), got '" + text + "'");
            }
            return new Target(text.substring(0, slash), text.substring(slash + 1));
        }

        public boolean isNode() {
            return "Node".equals(kind);
        }

        public boolean isNamespace() {
            return "Namespace".equals(kind);
        }

        @Override
        public String toString() {
            return name == null ? kind : kind + "/" + name;
        }
    }

    /** A node the scenario creates: its logical name, extra labels, capacity (cpu, memory, pods) and taints. */
    public record NodeSpec(String name, Map<String, String> labels, Map<String, String> capacity, List<Taint> taints) {
        public NodeSpec {
            labels = Map.copyOf(labels);
            capacity = Map.copyOf(capacity);
            taints = List.copyOf(taints);
        }
    }

    /**
     * A change at a time, as a user would make it: field writes on one object, or an object created or deleted.
     * Convenience keys in the file ({@code image}, {@code env}, {@code annotations}, {@code replicas}…) become writes.
     */
    public record Update(Duration at, Target target, List<FieldWrite> writes, HasMetadata create, String where) {
        public Update {
            writes = List.copyOf(writes);
        }
    }

    /** Sets the field at {@code path} to {@code value}; a null value removes it. */
    public record FieldWrite(FieldPath path, Object value) {
    }

    /**
     * A fault injected at a time into the target's pods (or a node), kept until a clear condition holds.
     *
     * @param container the container it hits (null: the first container, or the first init container)
     * @param node      only pods on this node (logical name), or null
     * @param pods      only this many of the target's pods, chosen at injection, or null for all
     */
    public record Fault(Duration at, Target target, FaultType type, String container, String node, Integer pods,
                        Map<String, String> params, ClearWhen clearWhen) {
        public Fault {
            params = Map.copyOf(params);
        }

        public String param(String key, String fallback) {
            return params.getOrDefault(key, fallback);
        }
    }

    /**
     * What ends a fault: the first condition that holds clears it. Each is a real fix seen through the API, or time.
     *
     * @param fieldNot the fault holds while the field at the path equals the value
     */
    public record ClearWhen(boolean podRecreated, String memoryLimitAtLeast, String imageNot, Integer replicasAtLeast,
                            boolean cordoned, boolean never, boolean templateChanged, FieldCondition fieldNot, Duration clearAfter) {
    }

    /** A field and the value that keeps a fault alive. */
    public record FieldCondition(FieldPath path, String value) {
    }

    /**
     * What the run must show for this scenario.
     *
     * @param outcome          the judged incident's final outcome (an io.kubemedic.core.model.Outcome name, or NONE)
     * @param actions          executed actions that must appear (policy names: evict-pod, rollback…)
     * @param forbiddenActions actions that must not have been executed
     * @param maxActions       the most executed mutating actions, or null for no limit
     * @param reasons          audit reason codes that must appear (PDB_BLOCKED, PAUSED…)
     * @param target           the incident target judged; null means the first workload
     * @param finalState       checks made through the API at the end
     */
    public record Expect(String outcome, List<String> actions, List<String> forbiddenActions, Integer maxActions,
                         List<String> reasons, Target target, List<Check> finalState, Duration within) {
        public Expect {
            actions = List.copyOf(actions);
            forbiddenActions = List.copyOf(forbiddenActions);
            reasons = List.copyOf(reasons);
            finalState = List.copyOf(finalState);
        }

        /** The old single-action form: the first expected action, {@code none} when no mutating action may run, else null. */
        public String action() {
            if (!actions.isEmpty()) {
                return actions.getFirst();
            }
            return maxActions != null && maxActions == 0 ? "none" : null;
        }
    }

    /**
     * One final-state assertion. A field check names an object and a path with one comparison; {@code allReady}
     * names a workload whose desired pods must all be Ready; {@code podsUnchanged} says no pod of the namespace was
     * replaced since the first fault.
     */
    public record Check(Target object, FieldPath path, String equals, String notEquals, String atLeast, Boolean exists,
                        boolean allReady, boolean podsUnchanged) {

        @Override
        public String toString() {
            if (podsUnchanged) {
                return "podsUnchanged";
            }
            if (allReady) {
                return "allReady " + object;
            }
            String what = object + (path == null ? "" : " " + path);
            return what + (equals != null ? " equals " + equals : notEquals != null ? " notEquals " + notEquals
                    : atLeast != null ? " atLeast " + atLeast : " exists " + exists);
        }
    }
}
