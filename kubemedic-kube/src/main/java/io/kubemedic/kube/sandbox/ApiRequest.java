package io.kubemedic.kube.sandbox;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Optional;

/**
 * One mutating request as the API server received and answered it: the fields both the sandbox's request log and
 * a real kube-apiserver's audit log (one JSON event per line, level Metadata) can fill, so a demo verdict reads the
 * same from either. The sandbox also keeps a patch's body, which the audit log at level Metadata does not.
 *
 * @param time        when the request arrived ({@code requestReceivedTimestamp})
 * @param verb        the Kubernetes verb: create, update, patch, delete, deletecollection
 * @param requestUri  path and query, as sent
 * @param resource    e.g. {@code pods}, {@code deployments}; {@code subresource} e.g. {@code eviction}, {@code status}, or null
 * @param namespace   null for cluster-scoped objects; {@code name} null for collections
 * @param code        the HTTP status answered
 * @param userAgent   the client's User-Agent: Kubemedic's requests and the sandbox emulators' differ here
 * @param contentType the request's Content-Type, e.g. {@code application/json-patch+json}; null in audit events
 * @param body        the request body of a patch; null otherwise and in audit events
 */
public record ApiRequest(Instant time, String verb, String requestUri, String resource, String subresource, String namespace,
                         String name, int code, String userAgent, String contentType, String body) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A request the sandbox received. */
    static ApiRequest received(Instant time, String method, String requestUri, int code, String userAgent, String contentType, String body) {
        ApiPath p = ApiPath.parse(requestUri);
        String verb = switch (method) {
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> p.name() == null ? "deletecollection" : "delete";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        return new ApiRequest(time, verb, requestUri, p.resource(), p.subresource(), p.namespace(), p.name(), code, userAgent, contentType,
                "PATCH".equals(method) ? body : null);
    }

    /**
     * One line of a real API server's audit log ({@code audit.k8s.io/v1} Event), read the same way; empty for a line
     * that is not a completed request (stages other than ResponseComplete, read verbs, lines that are not JSON).
     */
    public static Optional<ApiRequest> fromAuditEvent(String line) {
        JsonNode e;
        try {
            e = JSON.readTree(line);
        } catch (JacksonException ex) {
            return Optional.empty();
        }
        String verb = e.path("verb").asString("");
        if (!"ResponseComplete".equals(e.path("stage").asString("")) || verb.equals("get") || verb.equals("list") || verb.equals("watch")) {
            return Optional.empty();
        }
        JsonNode ref = e.path("objectRef");
        return Optional.of(new ApiRequest(Instant.parse(e.path("requestReceivedTimestamp").asString()), verb, e.path("requestURI").asString(null),
                text(ref, "resource"), text(ref, "subresource"), text(ref, "namespace"), text(ref, "name"),
                e.path("responseStatus").path("code").asInt(0), text(e, "userAgent"), null, null));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asString();
    }
}
