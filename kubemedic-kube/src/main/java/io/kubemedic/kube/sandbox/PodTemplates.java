package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Pod templates and the pods made from them, compared by what a user changes in a template (images, env, commands,
 * limits, annotations such as {@code restartedAt}) and not by what the server or controllers add (hash labels,
 * service-account volumes, defaulted requests, node name). That is what "the template changed since the fault"
 * means for {@code templateChanged}, on any kind of workload and on any server.
 */
final class PodTemplates {

    static final FieldPath TEMPLATE = FieldPath.parse("spec.template");

    private PodTemplates() {
    }

    /** The workload's template as {@code {metadata, spec}}, or null for a kind without one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> template(HasMetadata workload) {
        if (workload == null || !Kinds.WORKLOADS.contains(workload.getKind())) {
            return null;
        }
        return (Map<String, Object>) TEMPLATE.read(ServerObjects.asMap(workload));
    }

    /** The pod as {@code {metadata, spec}}, the same shape as a template. */
    static Map<String, Object> podLike(Pod pod) {
        return ServerObjects.asMap(pod);
    }

    /** A comparable summary of a template or pod: equal for a pod made from that template. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fingerprint(Map<String, Object> podLike) {
        Map<String, Object> out = new TreeMap<>();
        if (podLike == null) {
            return out;
        }
        Map<String, Object> metadata = (Map<String, Object>) podLike.getOrDefault("metadata", Map.of());
        Map<String, Object> annotations = new TreeMap<>((Map<String, Object>) Objects.requireNonNullElse(metadata.get("annotations"), Map.of()));
        annotations.keySet().removeIf(k -> k.startsWith("kubemedic.io/") || k.startsWith("kubernetes.io/psp"));
        out.put("annotations", annotations);
        Map<String, Object> spec = (Map<String, Object>) podLike.getOrDefault("spec", Map.of());
        out.put("containers", containers(spec.get("containers")));
        out.put("initContainers", containers(spec.get("initContainers")));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> containers(Object list) {
        List<Object> out = new ArrayList<>();
        if (!(list instanceof List<?> l)) {
            return out;
        }
        for (Object o : l) {
            Map<String, Object> c = (Map<String, Object>) o;
            Map<String, Object> summary = new LinkedHashMap<>();
            for (String key : List.of("name", "image", "command", "args", "env", "envFrom")) {
                summary.put(key, c.get(key));
            }
            Object resources = c.get("resources");
            summary.put("limits", resources instanceof Map<?, ?> r ? r.get("limits") : null);
            out.add(summary);
        }
        return out;
    }
}
