package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ControllerRefManager.ClaimPods}: a controller adopts orphan pods its selector matches and releases the pods
 * it owns but no longer selects (relabelling a pod out of a ReplicaSet is how a pod is taken out of service for
 * debugging; the ReplicaSet then makes a replacement). Returns the pods the controller counts from now on.
 */
final class PodClaims {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PodClaims() {
    }

    static List<Pod> claim(HasMetadata controller, LabelSelector selector, List<Pod> owned, List<Pod> orphans, ApiWrites writes) {
        List<Pod> claimed = new ArrayList<>();
        for (Pod p : owned) {
            if (Selectors.matches(selector, p.getMetadata().getLabels())) {
                claimed.add(p);
            } else if (!PodStates.terminating(p)) {
                List<OwnerReference> rest = p.getMetadata().getOwnerReferences().stream()
                        .filter(o -> !controller.getMetadata().getUid().equals(o.getUid())).toList();
                writes.mergePatch(p, ownerPatch(p, rest));
            }
        }
        if (controller.getMetadata().getDeletionTimestamp() != null || isEmpty(selector)) {
            return claimed;
        }
        for (Pod p : orphans) {
            if (!PodStates.terminating(p) && Selectors.matches(selector, p.getMetadata().getLabels())) {
                List<OwnerReference> refs = new ArrayList<>(p.getMetadata().getOwnerReferences() == null ? List.of() : p.getMetadata().getOwnerReferences());
                refs.add(PodFactory.controllerRef(controller));
                writes.mergePatch(p, ownerPatch(p, refs));
                claimed.add(p);
            }
        }
        return claimed;
    }

    /** A merge patch setting the owner references (null removes them), guarded by the resourceVersion read. */
    private static String ownerPatch(Pod p, List<OwnerReference> refs) {
        ObjectNode meta = JSON.createObjectNode();
        meta.set("ownerReferences", refs.isEmpty() ? JSON.nullNode() : JSON.readTree(KUBE.asJson(refs)));
        meta.put("resourceVersion", p.getMetadata().getResourceVersion());
        ObjectNode root = JSON.createObjectNode();
        root.set("metadata", meta);
        return root.toString();
    }

    private static boolean isEmpty(LabelSelector s) {
        return s == null || ((s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty()));
    }
}
