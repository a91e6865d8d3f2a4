package io.kubemedic.kube.sandbox;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an update's convenience keys into field writes, the one form the player applies: {@code image} and
 * {@code env} address a named container of the pod template ({@code spec.template.spec} for workloads, {@code spec}
 * for a bare pod), {@code annotations}/{@code labels} the object's metadata, {@code set} any path.
 */
final class UpdateWrites {

    private UpdateWrites() {
    }

    static List<Scenario.FieldWrite> of(JsonNode u, Scenario.Target target, String where) {
        List<Scenario.FieldWrite> out = new ArrayList<>();
        boolean workload = Kinds.WORKLOADS.contains(target.kind());
        boolean templated = workload || "Pod".equals(target.kind());
        String container = YamlFields.text(u, "container", where, false);
        String spec = workload ? "spec.template.spec" : "spec";
        String c = spec + ".containers" + (container == null ? "[0]" : "[name=" + container + "]");
        for (String key : List.of("container", "image", "env", "resources")) {
            require(u.has(key) && !templated, key, "a workload or pod", target, where);
        }
        require(u.has("templateAnnotations") && !workload, "templateAnnotations", "a workload", target, where);
        require(u.has("replicas") && !List.of("Deployment", "StatefulSet", "ReplicaSet").contains(target.kind()), "replicas",
                "a Deployment, StatefulSet or ReplicaSet", target, where);
        String image = YamlFields.text(u, "image", where, false);
        if (image != null) {
            out.add(write(c + ".image", image, where));
        }
        YamlFields.strings(u, "env", where).forEach((k, v) -> out.add(v == null ? write(c + ".env[name=" + k + "]", null, where)
                : write(c + ".env[name=" + k + "].value", v, where)));
        JsonNode resources = u.path("resources");
        if (!resources.isMissingNode()) {
            YamlFields.allowOnly(YamlFields.mapping(resources, where, "resources"), where + ": resources", "limits", "requests");
            for (String kind : List.of("limits", "requests")) {
                YamlFields.strings(resources, kind, where + ": resources").forEach((k, v) -> {
                    if (v != null) {
                        YamlFields.quantity(v, "resources." + kind + "." + k, where);
                    }
                    out.add(write(c + ".resources." + kind + "[\"" + k + "\"]", v, where));
                });
            }
        }
        YamlFields.strings(u, "templateAnnotations", where).forEach((k, v) -> out.add(write("spec.template.metadata.annotations[\"" + k + "\"]", v, where)));
        YamlFields.strings(u, "annotations", where).forEach((k, v) -> out.add(write("metadata.annotations[\"" + k + "\"]", v, where)));
        YamlFields.strings(u, "labels", where).forEach((k, v) -> out.add(write("metadata.labels[\"" + k + "\"]", v, where)));
        Integer replicas = YamlFields.integer(u, "replicas", where);
        if (replicas != null) {
            out.add(write("spec.replicas", replicas, where));
        }
        JsonNode set = u.path("set");
        if (!set.isMissingNode()) {
            YamlFields.mapping(set, where, "set ({field.path: value})");
            for (Map.Entry<String, JsonNode> e : set.properties()) {
                if (target.isNamespace() && !e.getKey().startsWith("metadata.")) {
                    throw new ScenarioException(where + ": set: only metadata of the Namespace can change, got '" + e.getKey() + "'");
                }
                out.add(write(e.getKey(), YamlFields.plain(e.getValue()), where + ": set"));
            }
        }
        return out;
    }

    private static void require(boolean wrong, String key, String what, Scenario.Target target, String where) {
        if (wrong) {
            throw new ScenarioException(where + ": '" + key + "' needs " + what + " target, got " + target);
        }
    }

    private static Scenario.FieldWrite write(String path, Object value, String where) {
        return new Scenario.FieldWrite(YamlFields.path(path, "path", where), value);
    }
}
