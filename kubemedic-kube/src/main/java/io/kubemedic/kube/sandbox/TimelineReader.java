package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kubemedic.kube.sandbox.YamlFields.allowOnly;
import static io.kubemedic.kube.sandbox.YamlFields.duration;
import static io.kubemedic.kube.sandbox.YamlFields.flag;
import static io.kubemedic.kube.sandbox.YamlFields.integer;
import static io.kubemedic.kube.sandbox.YamlFields.text;

/**
 * Reads the timeline entries of a scenario: {@code updates} (turned into field writes on one object, so the player
 * needs a single way to apply them) and {@code faults} with their clear conditions.
 */
final class TimelineReader {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();
    private static final Set<String> CONVENIENCE = Set.of("image", "env", "resources", "templateAnnotations", "annotations", "labels",
            "replicas", "set");

    private TimelineReader() {
    }

    static Scenario.Update update(JsonNode u, String where, String namespace) {
        YamlFields.mapping(u, where, "an update");
        allowOnly(u, where, "at", "target", "container", "image", "env", "resources", "templateAnnotations", "annotations", "labels",
                "replicas", "set", "create", "delete");
        Duration at = duration(u, "at", where, true);
        if (u.has("create")) {
            if (u.has("target") || u.has("delete") || CONVENIENCE.stream().anyMatch(u::has)) {
                throw new ScenarioException(where + ": 'create' stands alone (no target, delete or changes beside it)");
            }
            JsonNode manifest = u.path("create");
            if (!manifest.has("kind") || !manifest.has("apiVersion") || !manifest.path("metadata").has("name")) {
                throw new ScenarioException(where + ": create: a Kubernetes object needs apiVersion, kind and metadata.name");
            }
            try {
                HasMetadata o = KUBE.unmarshal(manifest.toString());
                o.getMetadata().setNamespace(namespace);
                return new Scenario.Update(at, new Scenario.Target(o.getKind(), o.getMetadata().getName()), List.of(), o, where);
            } catch (RuntimeException e) {
                throw new ScenarioException(where + ": create: " + e.getMessage(), e);
            }
        }
        if (u.has("delete")) {
            if (u.has("target") || CONVENIENCE.stream().anyMatch(u::has)) {
                throw new ScenarioException(where + ": 'delete: Kind/name' stands alone");
            }
            return new Scenario.Update(at, Scenario.Target.parse(text(u, "delete", where, true), where + ": delete"), List.of(), null, where);
        }
        Scenario.Target target = Scenario.Target.parse(text(u, "target", where, true), where);
        List<Scenario.FieldWrite> writes = UpdateWrites.of(u, target, where);
        if (writes.isEmpty()) {
            throw new ScenarioException(where + ": an update needs a change: image, env, resources, templateAnnotations, annotations, "
                    + "labels, replicas or set (or create/delete)");
        }
        return new Scenario.Update(at, target, writes, null, where);
    }

    static Scenario.Fault fault(JsonNode f, String where) {
        YamlFields.mapping(f, where, "a fault");
        FaultType type = FaultType.parse(text(f, "type", where, true), where);
        List<String> keys = new ArrayList<>(List.of("at", "target", "type", "container", "node", "pods", "params", "clearWhen"));
        keys.addAll(type.params());
        allowOnly(f, where, keys.toArray(String[]::new));
        Scenario.Target target = Scenario.Target.parse(text(f, "target", where, true), where);
        if (type.onNode() != target.isNode()) {
            throw new ScenarioException(where + ": a " + type.yamlName() + " fault targets " + (type.onNode() ? "a Node/NAME" : "a pod or "
                    + "its workload (" + Kinds.POD_OWNERS + ")") + ", got " + target);
        }
        if (!type.onNode() && !Kinds.POD_OWNERS.contains(target.kind())) {
            throw new ScenarioException(where + ": faults target " + Kinds.POD_OWNERS + " or Node, got " + target);
        }
        Integer pods = integer(f, "pods", where);
        if (pods != null && pods < 1) {
            throw new ScenarioException(where + ": 'pods' must be at least 1");
        }
        return new Scenario.Fault(duration(f, "at", where, true), target, type, text(f, "container", where, false),
                text(f, "node", where, false), pods, params(f, type, where), clearWhen(f.path("clearWhen"), type, target, where + ": clearWhen"));
    }

    private static Map<String, String> params(JsonNode f, FaultType type, String where) {
        Map<String, String> out = new LinkedHashMap<>(YamlFields.strings(f, "params", where));
        for (String p : type.params()) {
            String top = text(f, p, where, false);
            if (top != null) {
                out.put(p, top);
            }
        }
        for (Map.Entry<String, String> e : out.entrySet()) {
            String key = e.getKey();
            String v = e.getValue();
            if (!type.params().contains(key)) {
                throw new ScenarioException(where + ": params." + key + " is not a parameter of " + type.yamlName() + "; known: " + type.params());
            }
            if (v == null) {
                throw new ScenarioException(where + ": params." + key + " has no value");
            }
            switch (key) {
                case "restarts", "exitCode" -> {
                    if (!v.matches("\\d+")) {
                        throw new ScenarioException(where + ": " + key + " must be a whole number, got '" + v + "'");
                    }
                }
                case "finishedAgo", "runsFor" -> duration(v, key, where);
                case "usage" -> YamlFields.quantity(v, key, where);
                default -> {
                    // free text (message, reason)
                }
            }
        }
        if (type == FaultType.MEMORY_USAGE && !out.containsKey("usage")) {
            throw new ScenarioException(where + ": a memoryUsage fault needs 'usage' (e.g. 205Mi)");
        }
        return out;
    }

    private static Scenario.ClearWhen clearWhen(JsonNode c, FaultType type, Scenario.Target target, String where) {
        if (!c.isObject() || c.isEmpty()) {
            throw new ScenarioException(where + " is required: podRecreated, templateChanged, memoryLimitAtLeast, imageNot, fieldNot, "
                    + "replicasAtLeast, cordoned, clearAfter or never");
        }
        allowOnly(c, where, "podRecreated", "memoryLimitAtLeast", "imageNot", "replicasAtLeast", "cordoned", "never", "templateChanged",
                "fieldNot", "clearAfter");
        Scenario.FieldCondition fieldNot = null;
        if (c.has("fieldNot")) {
            JsonNode n = YamlFields.mapping(c.path("fieldNot"), where, "fieldNot ({path: ..., value: ...})");
            allowOnly(n, where + ".fieldNot", "path", "value");
            String value = text(n, "value", where + ".fieldNot", true);
            fieldNot = new Scenario.FieldCondition(YamlFields.path(text(n, "path", where + ".fieldNot", true), "fieldNot.path", where), value);
        }
        Scenario.ClearWhen clear = new Scenario.ClearWhen(flag(c, "podRecreated", where), YamlFields.quantity(c, "memoryLimitAtLeast", where),
                text(c, "imageNot", where, false), integer(c, "replicasAtLeast", where), flag(c, "cordoned", where), flag(c, "never", where),
                flag(c, "templateChanged", where), fieldNot, duration(c, "clearAfter", where, false));
        boolean podOnly = clear.podRecreated() || clear.templateChanged() || clear.memoryLimitAtLeast() != null || clear.imageNot() != null;
        if (type.onNode() && (podOnly || clear.replicasAtLeast() != null)) {
            throw new ScenarioException(where + ": a node fault clears with cordoned, fieldNot, clearAfter or never");
        }
        if (!type.onNode() && clear.cordoned()) {
            throw new ScenarioException(where + ": 'cordoned' clears node faults only");
        }
        if (clear.replicasAtLeast() != null && !Set.of("Deployment", "StatefulSet", "ReplicaSet").contains(target.kind())) {
            throw new ScenarioException(where + ": replicasAtLeast needs a Deployment, StatefulSet or ReplicaSet target, got " + target);
        }
        if (clear.templateChanged() && "Pod".equals(target.kind())) {
            throw new ScenarioException(where + ": templateChanged needs a workload target; a bare pod has no template (use podRecreated)");
        }
        if (clear.never() && c.size() > 1) {
            throw new ScenarioException(where + ": 'never' cannot be combined with another condition");
        }
        boolean any = clear.podRecreated() || clear.templateChanged() || clear.cordoned() || clear.never() || clear.memoryLimitAtLeast() != null
                || clear.imageNot() != null || clear.replicasAtLeast() != null || clear.fieldNot() != null || clear.clearAfter() != null;
        if (!any) {
            throw new ScenarioException(where + ": no condition is set (all are false): name one, or 'never: true'");
        }
        return clear;
    }
}
