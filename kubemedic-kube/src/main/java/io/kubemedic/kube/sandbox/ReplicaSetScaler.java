package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code scaleReplicaSet}: sets a ReplicaSet's replicas together with the {@code desired-replicas} and
 * {@code max-replicas} annotations proportional scaling reads later, as one update carrying the resourceVersion read.
 */
final class ReplicaSetScaler {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private final ApiWrites writes;

    ReplicaSetScaler(ApiWrites writes) {
        this.writes = writes;
    }

    /** The ReplicaSet as it now stands: the stored update, or the one given when nothing changed or the write lost a race. */
    ReplicaSet scale(ReplicaSet rs, int size, Deployment d) {
        Map<String, String> annotations = new LinkedHashMap<>(Rollouts.annotations(rs.getMetadata().getAnnotations()));
        boolean annotationsChange = setReplicasAnnotations(annotations, d);
        if (Rollouts.replicas(rs) == size && !annotationsChange && rs.getSpec().getReplicas() != null) {
            return rs;
        }
        ReplicaSet copy = KUBE.clone(rs);
        copy.getSpec().setReplicas(size);
        copy.getMetadata().setAnnotations(annotations);
        ReplicaSet stored = writes.update(copy);
        return stored == null ? rs : stored;
    }

    /** {@code SetReplicasAnnotations}; true when either value changed. */
    static boolean setReplicasAnnotations(Map<String, String> annotations, Deployment d) {
        String desired = String.valueOf(Rollouts.replicas(d));
        String max = String.valueOf(Rollouts.replicas(d) + Rollouts.maxSurge(d));
        boolean changed = !desired.equals(annotations.put(Rollouts.DESIRED_REPLICAS, desired));
        return !max.equals(annotations.put(Rollouts.MAX_REPLICAS, max)) || changed;
    }
}
