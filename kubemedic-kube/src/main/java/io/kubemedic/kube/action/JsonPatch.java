package io.kubemedic.kube.action;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds an RFC 6902 JSON patch. Strategic merge patch is not served everywhere (the CRUD mock server refuses it),
 * and a JSON patch can carry {@code test} operations: the precondition travels with the change.
 */
final class JsonPatch {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ArrayNode ops = JSON.createArrayNode();

    JsonPatch test(String path, Object value) {
        return op("test", path, value);
    }

    JsonPatch replace(String path, Object value) {
        return op("replace", path, value);
    }

    JsonPatch add(String path, Object value) {
        return op("add", path, value);
    }

    private JsonPatch op(String op, String path, Object value) {
        ObjectNode n = ops.addObject();
        n.put("op", op);
        n.put("path", path);
        n.set("value", JSON.valueToTree(value));
        return this;
    }

    /** Escapes a map key for use in a JSON pointer ({@code /} and {@code ~}). */
    static String key(String k) {
        return k.replace("~", "~0").replace("/", "~1");
    }

    @Override
    public String toString() {
        return ops.toString();
    }
}
