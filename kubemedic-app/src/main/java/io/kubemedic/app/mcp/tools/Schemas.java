package io.kubemedic.app.mcp.tools;

/** JSON Schema fragments shared by the tools' input schemas, so every tool describes a name the same way. */
final class Schemas {

    static final String NAMESPACE = """
            "namespace": {"type": "string", "description": "Namespace (DNS-1123 label); must be in Kubemedic's scope", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "maxLength": 63}""";
    static final String POD = """
            "pod_name": {"type": "string", "description": "Pod name (DNS-1123 subdomain)", "pattern": "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", "maxLength": 253}""";

    private Schemas() {
    }

    /** An object schema with the given properties (already JSON text) and required names. */
    static String object(String properties, String... required) {
        StringBuilder req = new StringBuilder();
        for (String r : required) {
            req.append(req.isEmpty() ? "" : ", ").append('"').append(r).append('"');
        }
        return "{\"type\": \"object\", \"properties\": {" + properties + "}, \"required\": [" + req + "], \"additionalProperties\": false}";
    }

    /** A loose output schema: an object with the listed top-level properties. */
    static String output(String properties) {
        return "{\"type\": \"object\", \"properties\": {" + properties + "}}";
    }
}
