package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubemedic.core.config.ConfigException;
import io.kubemedic.core.decision.Policy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kubemedic.kube.sandbox.YamlFields.allowOnly;
import static io.kubemedic.kube.sandbox.YamlFields.items;
import static io.kubemedic.kube.sandbox.YamlFields.strings;
import static io.kubemedic.kube.sandbox.YamlFields.text;

/**
 * Reads scenario YAML (docs/scenarios.md). Every error names the file and the field, unknown keys included, and
 * nothing is half-loaded: a scenario either loads whole, cross-checked (targets, containers and nodes exist), or
 * not at all.
 */
public final class ScenarioLoader {

    /** The built-in scenarios, in the order the demo plays and reports them. */
    public static final List<String> BUILT_IN = List.of("crashloop-restart", "crashloop-bad-revision", "oom-raise-memory",
            "memory-pressure", "image-pull-failure", "pending-insufficient-cpu", "prod-single-replica", "bare-pod-crashloop",
            "paused-namespace", "pdb-all-crashlooping", "crashloop-four-replicas", "restart-then-rollback-no-annotations",
            "config-only-bad-release", "node-not-ready-stays", "old-oom-no-action", "daemonset-crashloop",
            "paused-removed-mid-incident", "config-error-missing-configmap", "image-pull-missing-secret",
            "statefulset-oom", "init-container-crash", "hpa-prod-single-replica", "storm-shared-dependency", "release-ready-for-seconds",
            "oom-quota-headroom", "oom-rollout-paused", "statefulset-oom-ordered");

    static final String NAME = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private ScenarioLoader() {
    }

    public static List<Scenario> builtIn() {
        List<Scenario> out = new ArrayList<>();
        for (String name : BUILT_IN) {
            String resource = "/scenarios/" + name + ".yaml";
            try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("built-in scenario missing from the classpath: " + resource);
                }
                out.add(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + name + ".yaml"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read built-in scenario " + resource, e);
            }
        }
        return out;
    }

    public static Scenario load(Path file) {
        if (!Files.isReadable(file)) {
            throw new ScenarioException("scenario file " + file + " does not exist or cannot be read");
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ScenarioException("cannot read scenario file " + file + ": " + e.getMessage(), e);
        }
    }

    public static Scenario parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (RuntimeException e) {
            throw new ScenarioException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException(source + ": expected a mapping with name, namespace, objects, faults and expect");
        }
        allowOnly(root, source, "name", "description", "issue", "namespace", "namespaceAnnotations", "namespaceLabels", "nodes",
                "objects", "updates", "faults", "config", "policy", "expect");
        String name = text(root, "name", source, true);
        String namespace = text(root, "namespace", source, true);
        if (!namespace.matches(NAME) || namespace.length() > 63) {
            throw new ScenarioException(source + ": namespace '" + namespace + "' is not a valid Kubernetes namespace name");
        }
        List<HasMetadata> objects = new ArrayList<>();
        List<JsonNode> objectNodes = items(root, "objects", source);
        for (int i = 0; i < objectNodes.size(); i++) {
            objects.add(object(objectNodes.get(i), source + ": objects[" + i + "]", namespace));
        }
        List<Scenario.Update> updates = new ArrayList<>();
        List<JsonNode> updateNodes = items(root, "updates", source);
        for (int i = 0; i < updateNodes.size(); i++) {
            updates.add(TimelineReader.update(updateNodes.get(i), source + ": updates[" + i + "]", namespace));
        }
        List<Scenario.Fault> faults = new ArrayList<>();
        List<JsonNode> faultNodes = items(root, "faults", source);
        for (int i = 0; i < faultNodes.size(); i++) {
            faults.add(TimelineReader.fault(faultNodes.get(i), source + ": faults[" + i + "]"));
        }
        List<Scenario.NodeSpec> nodes = nodes(root, source, faults);
        List<String> nodeNames = nodes.isEmpty() ? Scenario.SHARED_NODES : nodes.stream().map(Scenario.NodeSpec::name).toList();
        Scenario.Expect expect = ExpectReader.expect(root.path("expect"), source + ": expect", objects, faults, nodeNames);
        String issue = text(root, "issue", source, false);
        Scenario s = new Scenario(name, text(root, "description", source, false), issue == null ? name : issue, namespace,
                strings(root, "namespaceAnnotations", source), strings(root, "namespaceLabels", source), nodes, objects, updates,
                faults, config(root.path("config"), source + ": config"), policy(root.path("policy"), source + ": policy"), expect, source);
        ScenarioChecks.crossCheck(s);
        return s;
    }

    private static HasMetadata object(JsonNode node, String where, String namespace) {
        if (!node.isObject() || !node.has("kind") || !node.has("apiVersion") || !node.path("metadata").has("name")) {
            throw new ScenarioException(where + ": a Kubernetes object needs apiVersion, kind and metadata.name");
        }
        String kind = node.path("kind").asString();
        if (!Kinds.namespaced(kind)) {
            throw new ScenarioException(where + ": " + kind + " is cluster-scoped; objects are created in the scenario's namespace"
                    + ("Node".equals(kind) ? " (declare nodes under 'nodes:')" : ""));
        }
        String declared = node.path("metadata").path("namespace").asString("");
        if (!declared.isEmpty() && !declared.equals(namespace)) {
            throw new ScenarioException(where + ": metadata.namespace '" + declared + "' differs from the scenario's namespace '" + namespace + "'");
        }
        ObjectNode manifest = ((ObjectNode) node).deepCopy();
        String ownerRef = text(node, "ownerRef", where, false);
        manifest.remove("ownerRef");
        try {
            HasMetadata o = KUBE.unmarshal(manifest.toString());
            o.getMetadata().setNamespace(namespace);
            if (ownerRef != null) {
                Owners.addControllerRef(o, Scenario.Target.parse(ownerRef, where + ": ownerRef"), where);
            }
            return o;
        } catch (ScenarioException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ScenarioException(where + " (" + kind + "): " + e.getMessage(), e);
        }
    }

    private static List<Scenario.NodeSpec> nodes(JsonNode root, String source, List<Scenario.Fault> faults) {
        List<Scenario.NodeSpec> out = new ArrayList<>();
        List<JsonNode> declared = items(root, "nodes", source);
        for (int i = 0; i < declared.size(); i++) {
            out.add(node(declared.get(i), source + ": nodes[" + i + "]"));
        }
        if (out.stream().map(Scenario.NodeSpec::name).distinct().count() != out.size()) {
            throw new ScenarioException(source + ": nodes: a node name appears twice");
        }
        if (out.isEmpty() && faults.stream().anyMatch(f -> f.type().onNode())) {
            Scenario.SHARED_NODES.forEach(n -> out.add(new Scenario.NodeSpec(n, Map.of(), Map.of(), List.of())));
        }
        return out;
    }

    private static Scenario.NodeSpec node(JsonNode n, String where) {
        if (n.isValueNode()) {
            return node(YAML.createObjectNode().put("name", n.asString()), where);
        }
        allowOnly(n, where, "name", "labels", "capacity", "taints");
        String name = text(n, "name", where, true);
        if (!name.matches(NAME) || name.length() > 30) {
            throw new ScenarioException(where + ": node name '" + name + "' must be a short DNS label, e.g. node-1");
        }
        Map<String, String> capacity = strings(n, "capacity", where);
        capacity.forEach((k, v) -> YamlFields.quantity(v, "capacity." + k, where));
        List<Taint> taints = new ArrayList<>();
        for (JsonNode t : items(n, "taints", where)) {
            allowOnly(t, where + ": taints", "key", "value", "effect");
            taints.add(new TaintBuilder().withKey(text(t, "key", where + ": taints", true)).withValue(text(t, "value", where + ": taints", false))
                    .withEffect(text(t, "effect", where + ": taints", true)).build());
        }
        return new Scenario.NodeSpec(name, strings(n, "labels", where), capacity, taints);
    }

    /** Settings as text keyed by their dotted name; nested mappings ({@code storm: {minWorkloads: 5}}) are flattened. */
    private static Map<String, String> config(JsonNode n, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        YamlFields.mapping(n, where, "config");
        flatten("", n, out, where);
        return out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out, String where) {
        n.properties().forEach(e -> {
            String key = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(key + ".", v, out, where);
            } else if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(x -> parts.add(x.asString()));
                out.put(key, String.join(",", parts));
            } else if (v.isNull()) {
                throw new ScenarioException(where + ": '" + key + "' has no value");
            } else {
                out.put(key, v.asString());
            }
        });
    }

    private static String policy(JsonNode n, String where) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        String yaml = n.isString() ? n.asString() : YAML.writeValueAsString(n);
        try {
            Policy.parse(yaml, where);
        } catch (ConfigException e) {
            throw new ScenarioException(e.getMessage(), e);
        }
        return yaml;
    }
}
