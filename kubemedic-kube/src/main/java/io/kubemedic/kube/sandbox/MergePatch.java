package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON merge patch (RFC 7386) as the real API server applies it: a list in the patch replaces the stored list and
 * {@code null} removes a key. The CRUD store merges with Jackson's updating reader, which appends to lists (patching
 * a Deployment's containers gives it two containers), so the sandbox merges itself and hands the store the result as
 * one JSON-patch replace of the whole object; the store then checks a resourceVersion the patch carries, keeps the
 * metadata it owns and bumps generation exactly as for any patch.
 */
final class MergePatch {

    private final KubernetesCrudDispatcher store;
    private final JsonMapper json = JsonMapper.builder().build();

    MergePatch(KubernetesCrudDispatcher store) {
        this.store = store;
    }

    /** The store's answer to the patch; null when the body is not a JSON object or the object is missing (the store answers those). */
    MockResponse apply(RecordedRequest request, String path, String body) {
        JsonNode patch;
        try {
            patch = json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
        String objectPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        MockResponse current = store.handleGet(objectPath.endsWith("/status") ? objectPath.substring(0, objectPath.length() - "/status".length()) : objectPath);
        if (!(patch instanceof ObjectNode) || current.code() != 200) {
            return null;
        }
        JsonNode merged = merge(json.readTree(current.getBody().readUtf8()), patch);
        ObjectNode replace = json.createObjectNode().put("op", "replace").put("path", "");
        replace.set("value", merged);
        ArrayNode ops = json.createArrayNode().add(replace);
        Headers headers = request.getHeaders().newBuilder().set("Content-Type", "application/json-patch+json").build();
        return store.handlePatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.PATCH, path, headers, new Buffer().writeUtf8(ops.toString())));
    }

    /** RFC 7386 MergePatch(target, patch). */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!(patch instanceof ObjectNode p)) {
            return patch;
        }
        ObjectNode result = target instanceof ObjectNode t ? t.deepCopy() : p.objectNode();
        for (String key : p.propertyNames()) {
            JsonNode value = p.get(key);
            if (value.isNull()) {
                result.remove(key);
            } else {
                result.set(key, merge(result.get(key), value));
            }
        }
        return result;
    }
}
