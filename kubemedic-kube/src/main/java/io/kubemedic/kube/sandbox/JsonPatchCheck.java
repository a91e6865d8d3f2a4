package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.EnumSet;

/**
 * RFC 6902 as the real API server applies it (evanphx/json-patch): every operation must find its path, so an
 * {@code add} under a parent that does not exist, a {@code replace}, {@code remove} or {@code test} of a missing
 * path, and a failed {@code test} are all refused with 422 Invalid. The CRUD store is lenient (it creates missing
 * parents, and a failed test leaves the request hanging), so the sandbox tries the patch on the stored object first
 * and lets the store apply only what would apply on a real server.
 */
final class JsonPatchCheck {

    private static final Logger LOG = LoggerFactory.getLogger(JsonPatchCheck.class);
    private static final EnumSet<CompatibilityFlags> STRICT = EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

    private final KubernetesCrudDispatcher store;
    private final JsonMapper json = JsonMapper.builder().build();

    JsonPatchCheck(KubernetesCrudDispatcher store) {
        this.store = store;
    }

    /** The 422 answer when the patch cannot be applied to the stored object; null when it can (or is not ours to judge). */
    MockResponse failure(String path, String body) {
        JsonNode ops;
        try {
            ops = json.readTree(body);
        } catch (JacksonException e) {
            return null; // malformed: the store answers it
        }
        if (ops == null || !ops.isArray()) {
            return null;
        }
        String objectPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        MockResponse current = store.handleGet(objectPath.endsWith("/status") ? objectPath.substring(0, objectPath.length() - "/status".length()) : objectPath);
        if (current.code() != 200) {
            return null; // 404 and friends: the store answers them
        }
        try {
            JsonPatch.apply(ops, json.readTree(current.getBody().readUtf8()), STRICT);
            return null;
        } catch (JsonPatchException | IllegalArgumentException e) {
            LOG.debug("JSON patch refused on {}: {}", path, e.getMessage());
            return ApiStatus.invalidPatch();
        }
    }
}
