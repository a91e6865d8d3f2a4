package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A StatefulSet's revisions as ControllerRevision objects, as the real controller keeps them: data
 * {@code {"spec":{"template":{...,"$patch":"replace"}}}}, name {@code <set>-<hash>}, the pods' label
 * {@code controller-revision-hash} naming the revision. A template seen before (a rollback, a restart undone) reuses
 * its revision with the next number. The current revision's template is what pods below the partition are made from.
 */
final class StatefulRevisions {

    /** The revision pods are at and the one they are rolled to; the same object when no update is under way. */
    record Pair(ControllerRevision current, ControllerRevision update) {
    }

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ApiWrites writes;

    StatefulRevisions(ApiWrites writes) {
        this.writes = writes;
    }

    /** The set's current and update revisions, creating or renumbering the update revision; empty until it exists. */
    Optional<Pair> sync(StatefulSet set, List<ControllerRevision> owned) {
        JsonNode data = data(set.getSpec().getTemplate());
        long max = owned.stream().mapToLong(r -> r.getRevision() == null ? 0 : r.getRevision()).max().orElse(0);
        JsonNode canonical = Templates.canonicalOf(data);
        Optional<ControllerRevision> equal = owned.stream().filter(r -> Templates.canonicalOf(r.getData()).equals(canonical))
                .max(Comparator.comparingLong(r -> r.getRevision() == null ? 0 : r.getRevision()));
        ControllerRevision update;
        if (equal.isPresent()) {
            update = equal.get();
            if (update.getRevision() == null || update.getRevision() < max) {
                ControllerRevision renumbered = KUBE.clone(update);
                renumbered.setRevision(max + 1);
                update = writes.update(renumbered);
                if (update == null) {
                    return Optional.empty();
                }
            }
        } else {
            Integer collisions = set.getStatus() == null ? null : set.getStatus().getCollisionCount();
            String name = set.getMetadata().getName() + "-" + Templates.hashOf(canonical + (collisions == null ? "" : "#" + collisions));
            ControllerRevision created = new ControllerRevisionBuilder().withNewMetadata().withNamespace(set.getMetadata().getNamespace())
                    .withName(name).withLabels(labels(set)).withOwnerReferences(PodFactory.controllerRef(set)).endMetadata()
                    .withRevision(max + 1).withData(KUBE.convertValue(data, Map.class)).build();
            update = ApiWrites.tolerated(() -> writes.client().resource(created).create());
            if (update == null) {
                return Optional.empty();
            }
        }
        String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
        ControllerRevision updateRevision = update;
        ControllerRevision current = owned.stream().filter(r -> r.getMetadata().getName().equals(currentName)).findFirst().orElse(updateRevision);
        return Optional.of(new Pair(current.getMetadata().getName().equals(update.getMetadata().getName()) ? update : current, update));
    }

    /** The pod template a revision records. */
    static PodTemplateSpec template(ControllerRevision revision) {
        JsonNode template = JSON.valueToTree(revision.getData()).path("spec").path("template");
        if (template instanceof ObjectNode o) {
            o.remove("$patch");
        }
        return KUBE.convertValue(template, PodTemplateSpec.class);
    }

    private static JsonNode data(PodTemplateSpec template) {
        ObjectNode t = (ObjectNode) JSON.readTree(KUBE.asJson(template));
        t.put("$patch", "replace");
        ObjectNode spec = JSON.createObjectNode();
        spec.set("template", t);
        ObjectNode root = JSON.createObjectNode();
        root.set("spec", spec);
        return root;
    }

    private static Map<String, String> labels(StatefulSet set) {
        var meta = set.getSpec().getTemplate().getMetadata();
        return meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
    }
}
