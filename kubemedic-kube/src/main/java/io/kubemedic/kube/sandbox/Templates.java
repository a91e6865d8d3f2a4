package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pod templates as the controllers compare and hash them. Kubernetes compares templates with
 * {@code apiequality.Semantic.DeepEqual}, where an absent map, list or string equals an empty one, and ignores the
 * {@code pod-template-hash} label ({@code EqualIgnoreHash}); fabric8 models do not, so templates are compared as
 * canonical JSON trees: empties pruned, keys sorted, the hash label removed. The hash is FNV-32a over that text
 * (plus the collision count), encoded with the alphabet Kubernetes uses for names: stable across runs, not equal to
 * the real controller's (which hashes Go's in-memory dump of the struct).
 */
final class Templates {

    static final String HASH_LABEL = "pod-template-hash";
    static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, JsonNode> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private Templates() {
    }

    /** Whether two templates are the same once the hash label and empty fields are set aside. */
    static boolean sameIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
        return canonical(a).equals(canonical(b));
    }

    /**
     * {@link #canonical} of an object's template, remembered per uid and generation (a template change is a spec
     * change, which bumps the generation), so a tick does not serialize every template again. Bounded: cleared when full.
     */
    static JsonNode canonical(HasMetadata owner, PodTemplateSpec template) {
        String key = owner.getMetadata().getUid() + "/" + owner.getMetadata().getGeneration();
        if (CACHE.size() > CACHE_LIMIT) {
            CACHE.clear();
        }
        return CACHE.computeIfAbsent(key, k -> canonical(template));
    }

    /** The canonical tree of a template: no {@code pod-template-hash} label, no empty values, sorted keys. */
    static JsonNode canonical(PodTemplateSpec template) {
        return canonicalJson(template == null ? JSON.createObjectNode() : JSON.readTree(KUBE.asJson(template)), true);
    }

    /** The canonical tree of any object (for ControllerRevision data). */
    static JsonNode canonicalOf(Object value) {
        return canonicalJson(JSON.readTree(KUBE.asJson(value)), false);
    }

    private static JsonNode canonicalJson(JsonNode tree, boolean dropHash) {
        JsonNode pruned = prune(tree);
        if (dropHash && pruned instanceof ObjectNode o && o.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove(HASH_LABEL);
            if (labels.isEmpty()) {
                ((ObjectNode) o.get("metadata")).remove("labels");
                if (o.get("metadata").isEmpty()) {
                    o.remove("metadata");
                }
            }
        }
        return pruned == null ? JSON.createObjectNode() : pruned;
    }

    /** The {@code pod-template-hash} of a template (the deployment controller's ComputeHash role). */
    static String hash(PodTemplateSpec template, Integer collisionCount) {
        return hashOf(canonical(template).toString() + (collisionCount == null ? "" : "#" + collisionCount));
    }

    /** FNV-32a of the text, as decimal digits mapped onto the name alphabet ({@code rand.SafeEncodeString}). */
    static String hashOf(String text) {
        int h = 0x811c9dc5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        String digits = Integer.toUnsignedString(h);
        StringBuilder out = new StringBuilder(digits.length());
        for (char c : digits.toCharArray()) {
            out.append(ALPHABET.charAt(c % ALPHABET.length()));
        }
        return out.toString();
    }

    /** A copy of the template with one more label (the hash, a revision). */
    static PodTemplateSpec withLabel(PodTemplateSpec template, String key, String value) {
        PodTemplateSpec copy = KUBE.clone(template);
        Map<String, String> labels = new java.util.LinkedHashMap<>(copy.getMetadata() == null || copy.getMetadata().getLabels() == null
                ? Map.of() : copy.getMetadata().getLabels());
        labels.put(key, value);
        if (copy.getMetadata() == null) {
            copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        copy.getMetadata().setLabels(labels);
        return copy;
    }

    private static JsonNode prune(JsonNode node) {
        if (node == null || node.isNull() || (node.isString() && node.asString().isEmpty())) {
            return null;
        }
        if (node instanceof ObjectNode o) {
            List<String> keys = new ArrayList<>(o.propertyNames());
            keys.sort(String::compareTo);
            ObjectNode out = JSON.createObjectNode();
            for (String k : keys) {
                JsonNode v = prune(o.get(k));
                if (v != null) {
                    out.set(k, v);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode v : a) {
                JsonNode p = prune(v);
                out.add(p == null ? JSON.createObjectNode() : p);
            }
            return out.isEmpty() ? null : out;
        }
        return node;
    }
}
