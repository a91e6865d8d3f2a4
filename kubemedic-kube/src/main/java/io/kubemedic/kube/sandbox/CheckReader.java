package io.kubemedic.kube.sandbox;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.kubemedic.kube.sandbox.YamlFields.allowOnly;
import static io.kubemedic.kube.sandbox.YamlFields.text;

/**
 * Reads {@code expect.finalState}: a list of checks on any object by kind, name and field path, plus
 * {@code allReady} and {@code podsUnchanged}. The older mapping form ({@code {allReady: true, image: X,
 * memoryLimitAtLeast: 300Mi, ...}} on the first workload's first container) is converted to the same checks.
 */
final class CheckReader {

    private static final String CONTAINER = "spec.template.spec.containers[0]";

    private CheckReader() {
    }

    static List<Scenario.Check> checks(JsonNode n, String where, Scenario.Target defaultTarget) {
        List<Scenario.Check> out = new ArrayList<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (n.isObject()) {
            return legacy(n, where, defaultTarget);
        }
        if (!n.isArray()) {
            throw new ScenarioException(where + " must be a list of checks");
        }
        int i = 0;
        for (JsonNode c : n) {
            out.add(check(YamlFields.mapping(c, where + "[" + i + "]", "a check"), where + "[" + i++ + "]", defaultTarget));
        }
        return out;
    }

    private static Scenario.Check check(JsonNode c, String where, Scenario.Target defaultTarget) {
        allowOnly(c, where, "object", "path", "equals", "notEquals", "atLeast", "exists", "allReady", "podsUnchanged");
        if (c.has("podsUnchanged")) {
            if (c.size() > 1 || !YamlFields.flag(c, "podsUnchanged", where)) {
                throw new ScenarioException(where + ": write podsUnchanged alone, as 'podsUnchanged: true'");
            }
            return new Scenario.Check(null, null, null, null, null, null, false, true);
        }
        if (c.has("allReady")) {
            if (c.size() > 1) {
                throw new ScenarioException(where + ": write allReady alone, as 'allReady: Deployment/web'");
            }
            JsonNode v = c.path("allReady");
            Scenario.Target t = v.isBoolean() ? defaultTarget : Scenario.Target.parse(v.asString(), where + ": allReady");
            return allReady(t, where);
        }
        Scenario.Target object = Scenario.Target.parse(text(c, "object", where, true), where + ": object");
        long comparisons = Stream.of("equals", "notEquals", "atLeast", "exists").filter(c::has).count();
        if (comparisons != 1) {
            throw new ScenarioException(where + ": give exactly one of equals, notEquals, atLeast or exists");
        }
        String pathText = text(c, "path", where, !c.has("exists"));
        FieldPath path = pathText == null ? null : YamlFields.path(pathText, "path", where);
        String atLeast = text(c, "atLeast", where, false);
        if (atLeast != null) {
            YamlFields.quantity(atLeast, "atLeast", where);
        }
        Boolean exists = c.has("exists") ? YamlFields.flag(c, "exists", where) : null;
        return new Scenario.Check(object, path, scalar(c, "equals", where), scalar(c, "notEquals", where), atLeast, exists, false, false);
    }

    private static String scalar(JsonNode c, String field, String where) {
        JsonNode v = c.path(field);
        if (v.isMissingNode()) {
            return null;
        }
        if (!v.isValueNode() || v.isNull()) {
            throw new ScenarioException(where + ": '" + field + "' must be a single value");
        }
        return v.asString();
    }

    private static Scenario.Check allReady(Scenario.Target t, String where) {
        if (t == null || !Kinds.POD_OWNERS.contains(t.kind()) || "Pod".equals(t.kind())) {
            throw new ScenarioException(where + ": allReady names a workload (Deployment/web, StatefulSet/db, DaemonSet/agent), got " + t);
        }
        return new Scenario.Check(t, null, null, null, null, null, true, false);
    }

    private static List<Scenario.Check> legacy(JsonNode s, String where, Scenario.Target defaultTarget) {
        allowOnly(s, where, "target", "allReady", "replicasAtLeast", "memoryLimitAtLeast", "image", "podExists", "podUnchanged");
        String targetText = text(s, "target", where, false);
        Scenario.Target t = targetText != null ? Scenario.Target.parse(targetText, where + ": target") : defaultTarget;
        List<Scenario.Check> out = new ArrayList<>();
        if (YamlFields.flag(s, "allReady", where)) {
            out.add(allReady(t, where));
        }
        Integer replicas = YamlFields.integer(s, "replicasAtLeast", where);
        if (replicas != null) {
            out.add(field(t, "spec.replicas", null, String.valueOf(replicas), where));
        }
        String memory = YamlFields.quantity(s, "memoryLimitAtLeast", where);
        if (memory != null) {
            out.add(field(t, CONTAINER + ".resources.limits.memory", null, memory, where));
        }
        String image = text(s, "image", where, false);
        if (image != null) {
            out.add(field(t, CONTAINER + ".image", image, null, where));
        }
        String pod = text(s, "podExists", where, false);
        if (pod != null) {
            out.add(new Scenario.Check(new Scenario.Target("Pod", pod), null, null, null, null, true, false, false));
        }
        if (YamlFields.flag(s, "podUnchanged", where)) {
            out.add(new Scenario.Check(null, null, null, null, null, null, false, true));
        }
        return out;
    }

    private static Scenario.Check field(Scenario.Target t, String path, String equals, String atLeast, String where) {
        if (t == null) {
            throw new ScenarioException(where + ": no workload to check; set 'target'");
        }
        return new Scenario.Check(t, YamlFields.path(path, "path", where), equals, null, atLeast, null, false, false);
    }
}
