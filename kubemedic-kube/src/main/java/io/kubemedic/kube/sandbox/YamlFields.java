package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Quantity;
import io.kubemedic.core.config.Durations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of scenario YAML fields. Every failure is a {@link ScenarioException} whose message starts with
 * {@code where} (file and position, e.g. {@code my.yaml: faults[1]}) and names the field, so an author can fix a file
 * from the message alone. Unknown keys are errors too: a misspelt key would otherwise be silently ignored.
 */
final class YamlFields {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private YamlFields() {
    }

    static void allowOnly(JsonNode node, String where, String... keys) {
        Set<String> known = Set.of(keys);
        for (String key : node.propertyNames()) {
            if (!known.contains(key)) {
                throw new ScenarioException(where + ": unknown field '" + key + "'; known: " + Arrays.stream(keys).sorted().toList());
            }
        }
    }

    static JsonNode mapping(JsonNode node, String where, String what) {
        if (!node.isObject()) {
            throw new ScenarioException(where + ": " + what + " must be a mapping");
        }
        return node;
    }

    static String text(JsonNode n, String field, String where, boolean required) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull() || (v.isValueNode() && v.asString().isBlank())) {
            if (required) {
                throw new ScenarioException(where + ": missing '" + field + "'");
            }
            return null;
        }
        if (!v.isValueNode()) {
            throw new ScenarioException(where + ": '" + field + "' must be a single value, not a " + (v.isArray() ? "list" : "mapping"));
        }
        return v.asString();
    }

    static boolean flag(JsonNode n, String field, String where) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new ScenarioException(where + ": '" + field + "' must be true or false, got '" + v.asString() + "'");
        }
        return v.asBoolean();
    }

    static Integer integer(JsonNode n, String field, String where) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() && !(v.isString() && v.asString().matches("\\d+"))) {
            throw new ScenarioException(where + ": '" + field + "' must be a whole number, got '" + v.asString() + "'");
        }
        return v.asInt();
    }

    static Duration duration(JsonNode n, String field, String where, boolean required) {
        String v = text(n, field, where, required);
        return v == null ? null : duration(v, field, where);
    }

    static Duration duration(String v, String field, String where) {
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(where + ": " + field + " '" + v + "': " + e.getMessage());
        }
    }

    static String quantity(JsonNode n, String field, String where) {
        String v = text(n, field, where, false);
        if (v != null) {
            quantity(v, field, where);
        }
        return v;
    }

    static void quantity(String v, String field, String where) {
        try {
            Quantity.getAmountInBytes(new Quantity(v));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ScenarioException(where + ": " + field + " '" + v + "' is not a Kubernetes quantity (e.g. 300Mi, 2, 500m)");
        }
    }

    /** A mapping of scalars; a null value stays null (it means "remove" in updates). */
    static Map<String, String> strings(JsonNode n, String field, String where) {
        JsonNode v = n.path(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (v.isMissingNode() || v.isNull()) {
            return out;
        }
        mapping(v, where, "'" + field + "'");
        v.properties().forEach(e -> {
            if (!e.getValue().isValueNode()) {
                throw new ScenarioException(where + ": " + field + "." + e.getKey() + " must be a single value");
            }
            out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asString());
        });
        return out;
    }

    static List<String> list(JsonNode n, String field, String where) {
        JsonNode v = n.path(field);
        List<String> out = new ArrayList<>();
        if (v.isMissingNode() || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new ScenarioException(where + ": '" + field + "' must be a list, e.g. [a, b]");
        }
        v.forEach(e -> out.add(e.asString()));
        return out;
    }

    static List<JsonNode> items(JsonNode n, String field, String where) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new ScenarioException(where + ": '" + field + "' must be a list");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    static FieldPath path(String text, String field, String where) {
        try {
            return FieldPath.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(where + ": " + field + ": " + e.getMessage());
        }
    }

    /** A YAML value as plain Java (String, Integer, Boolean, Map, List), for writing into objects. */
    static Object plain(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() ? null : JSON.convertValue(v, Object.class);
    }
}
