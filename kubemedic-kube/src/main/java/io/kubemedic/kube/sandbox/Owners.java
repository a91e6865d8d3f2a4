package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * Owner references by name. A scenario file cannot know the uid the server will give an owner, so it names the
 * owner ({@code ownerRef: Deployment/web}, or an ownerReference without uid) and the player fills in the uid from
 * the object it created just before.
 */
final class Owners {

    private Owners() {
    }

    /** Adds a controller reference to {@code owner}, without uid (resolved at creation). */
    static void addControllerRef(HasMetadata o, Scenario.Target owner, String where) {
        String apiVersion = Kinds.apiVersion(owner.kind());
        if (apiVersion == null || owner.isNode() || owner.isNamespace()) {
            throw new ScenarioException(where + ": ownerRef must name a namespaced kind the player knows (" + "Deployment/web, "
                    + "ReplicaSet/x, StatefulSet/x, DaemonSet/x, Job/x, Pod/x, ConfigMap/x…), got " + owner);
        }
        List<OwnerReference> refs = new ArrayList<>(o.getMetadata().getOwnerReferences() == null ? List.of() : o.getMetadata().getOwnerReferences());
        refs.add(new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(owner.kind()).withName(owner.name())
                .withController(true).withBlockOwnerDeletion(true).build());
        o.getMetadata().setOwnerReferences(refs);
    }

    /**
     * Fills in the uid of every owner reference that lacks one, reading the owner by kind and name in the object's
     * namespace on the server.
     *
     * @throws ScenarioException when the owner does not exist (yet): owners must come earlier in {@code objects}
     */
    static void resolve(ServerObjects server, HasMetadata o, String where) {
        if (o.getMetadata().getOwnerReferences() == null) {
            return;
        }
        for (OwnerReference ref : o.getMetadata().getOwnerReferences()) {
            if (ref.getUid() != null && !ref.getUid().isBlank()) {
                continue;
            }
            HasMetadata owner = server.get(new Scenario.Target(ref.getKind(), ref.getName()), o.getMetadata().getNamespace());
            if (owner == null) {
                throw new ScenarioException(where + ": owner " + ref.getKind() + "/" + ref.getName()
                        + " does not exist; list it before the objects it owns");
            }
            ref.setUid(owner.getMetadata().getUid());
            ref.setApiVersion(owner.getApiVersion());
        }
    }
}
