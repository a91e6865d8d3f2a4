package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubemedic.core.config.Durations;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads scenario YAML (docs/scenarios.md). Every error names the file and the field, and nothing is half-loaded. */
public final class ScenarioLoader {

    /** The built-in scenarios, in the order the demo plays and reports them. */
    public static final List<String> BUILT_IN = List.of("crashloop-restart", "crashloop-bad-revision", "oom-raise-memory",
            "memory-pressure", "image-pull-failure", "pending-insufficient-cpu", "prod-single-replica", "bare-pod-crashloop",
            "paused-namespace");

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
        String name = text(root, "name", source, true);
        String namespace = text(root, "namespace", source, true);
        if (!namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new ScenarioException(source + ": namespace '" + namespace + "' is not a valid Kubernetes namespace name");
        }
        List<HasMetadata> objects = new ArrayList<>();
        int i = 0;
        for (JsonNode o : root.path("objects")) {
            objects.add(object(o, source + ": objects[" + i++ + "]", namespace));
        }
        List<Scenario.Update> updates = new ArrayList<>();
        i = 0;
        for (JsonNode u : root.path("updates")) {
            String where = source + ": updates[" + i++ + "]";
            updates.add(new Scenario.Update(duration(u, "at", where), Scenario.Target.parse(text(u, "target", where, true), where),
                    text(u, "image", where, false), u.has("replicas") ? u.path("replicas").asInt() : null));
        }
        List<Scenario.Fault> faults = new ArrayList<>();
        i = 0;
        for (JsonNode f : root.path("faults")) {
            faults.add(fault(f, source + ": faults[" + i++ + "]"));
        }
        Map<String, String> annotations = strings(root.path("namespaceAnnotations"));
        return new Scenario(name, text(root, "description", source, false), text(root, "issue", source, false) == null ? name
                : text(root, "issue", source, false), namespace, annotations, objects, updates, faults, expect(root.path("expect"), source + ": expect"), source);
    }

    private static HasMetadata object(JsonNode node, String where, String namespace) {
        if (!node.has("kind") || !node.has("apiVersion") || !node.path("metadata").has("name")) {
            throw new ScenarioException(where + ": a Kubernetes object needs apiVersion, kind and metadata.name");
        }
        try {
            HasMetadata o = KUBE.unmarshal(node.toString());
            if (o.getMetadata().getNamespace() == null && !"Node".equals(o.getKind())) {
                o.getMetadata().setNamespace(namespace);
            }
            return o;
        } catch (RuntimeException e) {
            throw new ScenarioException(where + " (" + node.path("kind").asString() + "): " + e.getMessage(), e);
        }
    }

    private static Scenario.Fault fault(JsonNode f, String where) {
        JsonNode c = f.path("clearWhen");
        if (!c.isObject() || c.isEmpty()) {
            throw new ScenarioException(where + ": clearWhen is required (podRecreated, memoryLimitAtLeast, imageNot, replicasAtLeast, cordoned or never)");
        }
        Scenario.ClearWhen clear = new Scenario.ClearWhen(c.path("podRecreated").asBoolean(false), text(c, "memoryLimitAtLeast", where, false),
                text(c, "imageNot", where, false), c.has("replicasAtLeast") ? c.path("replicasAtLeast").asInt() : null,
                c.path("cordoned").asBoolean(false), c.path("never").asBoolean(false));
        return new Scenario.Fault(duration(f, "at", where), Scenario.Target.parse(text(f, "target", where, true), where),
                FaultType.parse(text(f, "type", where, true), where), strings(f.path("params")), clear);
    }

    private static Scenario.Expect expect(JsonNode e, String where) {
        if (!e.isObject()) {
            throw new ScenarioException(where + ": expect is required (action, outcome, within)");
        }
        List<String> forbidden = new ArrayList<>();
        e.path("forbiddenActions").forEach(n -> forbidden.add(n.asString()));
        JsonNode s = e.path("finalState");
        Scenario.FinalState fs = new Scenario.FinalState(text(s, "target", where, false),
                s.has("allReady") ? s.path("allReady").asBoolean() : null, s.has("replicasAtLeast") ? s.path("replicasAtLeast").asInt() : null,
                text(s, "memoryLimitAtLeast", where, false), text(s, "image", where, false), text(s, "podExists", where, false),
                s.has("podUnchanged") ? s.path("podUnchanged").asBoolean() : null);
        Duration within = e.has("within") ? duration(e, "within", where) : Duration.ofSeconds(60);
        return new Scenario.Expect(text(e, "action", where, false), text(e, "outcome", where, true), forbidden, fs, within);
    }

    private static Duration duration(JsonNode n, String field, String where) {
        String v = text(n, field, where, true);
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(where + ": " + field + " '" + v + "': " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field, String where, boolean required) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull() || v.asString().isBlank()) {
            if (required) {
                throw new ScenarioException(where + ": missing '" + field + "'");
            }
            return null;
        }
        return v.asString();
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }
}
