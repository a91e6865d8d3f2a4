package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;

import io.kubemedic.core.model.Ownership;

import java.util.Optional;

/** Pod facts the sandbox needs in several places. */
final class SandboxPods {

    private SandboxPods() {
    }

    static boolean ready(Pod p) {
        return Ownership.ready(p);
    }

    static Optional<OwnerReference> controller(HasMetadata o) {
        return Ownership.controller(o);
    }

    static boolean ownedBy(HasMetadata o, HasMetadata owner) {
        return controller(o).map(r -> r.getUid().equals(owner.getMetadata().getUid())).orElse(false);
    }
}
