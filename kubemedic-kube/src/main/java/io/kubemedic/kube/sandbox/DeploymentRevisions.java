package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubemedic.core.model.Ownership;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which ReplicaSet is a Deployment's new one and what revision it carries, as {@code getNewReplicaSet} decides: the
 * oldest ReplicaSet whose template equals the Deployment's (hash label aside) is the new one; a template seen before
 * (a rollback) reuses its ReplicaSet, which takes the next revision number and records the old one in
 * {@code revision-history}; otherwise a ReplicaSet {@code <deployment>-<pod-template-hash>} is created.
 */
final class DeploymentRevisions {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();
    private static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration", Rollouts.REVISION,
            Rollouts.REVISION_HISTORY, Rollouts.DESIRED_REPLICAS, Rollouts.MAX_REPLICAS, "deprecated.deployment.rollback.to");

    private final ApiWrites writes;

    DeploymentRevisions(ApiWrites writes) {
        this.writes = writes;
    }

    static List<ReplicaSet> byCreation(List<ReplicaSet> sets) {
        return sets.stream().sorted(Comparator.comparing((ReplicaSet rs) -> String.valueOf(rs.getMetadata().getCreationTimestamp()))
                .thenComparing(rs -> rs.getMetadata().getName())).toList();
    }

    static Optional<ReplicaSet> findNew(Deployment d, List<ReplicaSet> byCreation) {
        var wanted = Templates.canonical(d, d.getSpec().getTemplate());
        return byCreation.stream().filter(rs -> Templates.canonical(rs, rs.getSpec().getTemplate()).equals(wanted)).findFirst();
    }

    static long maxRevision(List<ReplicaSet> sets) {
        return sets.stream().mapToLong(Rollouts::revision).max().orElse(0);
    }

    /** Brings an existing new ReplicaSet's annotations and minReadySeconds up to date; the ReplicaSet as it now stands. */
    ReplicaSet sync(Deployment d, ReplicaSet rs, long newRevision) {
        Map<String, String> annotations = new LinkedHashMap<>(Rollouts.annotations(rs.getMetadata().getAnnotations()));
        boolean changed = copyAnnotations(d, annotations) | setRevision(annotations, newRevision, true);
        Integer minReady = d.getSpec().getMinReadySeconds();
        if (!changed && java.util.Objects.equals(orZero(minReady), orZero(rs.getSpec().getMinReadySeconds()))) {
            return rs;
        }
        ReplicaSet copy = KUBE.clone(rs);
        copy.getMetadata().setAnnotations(annotations);
        copy.getSpec().setMinReadySeconds(minReady);
        ReplicaSet stored = writes.update(copy);
        return stored == null ? rs : stored;
    }

    /**
     * Creates the new ReplicaSet, scaled as far as the rollout allows. An existing one of that name with the same
     * template and owner is taken as it is; any other is a hash collision, answered by counting it in the
     * Deployment's {@code status.collisionCount} (the next hash differs). Empty when nothing usable exists yet.
     */
    Optional<ReplicaSet> create(Deployment d, List<ReplicaSet> old, long newRevision) {
        Integer collisions = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
        String hash = Templates.hash(d.getSpec().getTemplate(), collisions);
        PodTemplateSpec template = Templates.withLabel(d.getSpec().getTemplate(), Templates.HASH_LABEL, hash);
        LabelSelector selector = KUBE.clone(d.getSpec().getSelector());
        Map<String, String> matchLabels = new LinkedHashMap<>(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels());
        matchLabels.put(Templates.HASH_LABEL, hash);
        selector.setMatchLabels(matchLabels);
        ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withNamespace(d.getMetadata().getNamespace())
                .withName(d.getMetadata().getName() + "-" + hash).withLabels(template.getMetadata().getLabels())
                .withOwnerReferences(PodFactory.controllerRef(d)).endMetadata()
                .withNewSpec().withReplicas(0).withMinReadySeconds(d.getSpec().getMinReadySeconds()).withSelector(selector)
                .withTemplate(template).endSpec().build();
        List<ReplicaSet> all = new ArrayList<>(old);
        all.add(rs);
        rs.getSpec().setReplicas(Rollouts.newReplicaSetReplicas(d, all, rs));
        Map<String, String> annotations = new LinkedHashMap<>();
        copyAnnotations(d, annotations);
        setRevision(annotations, newRevision, false);
        ReplicaSetScaler.setReplicasAnnotations(annotations, d);
        rs.getMetadata().setAnnotations(annotations);
        try {
            return Optional.of(writes.client().resource(rs).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            return existing(d, rs);
        }
    }

    private Optional<ReplicaSet> existing(Deployment d, ReplicaSet wanted) {
        ReplicaSet found = writes.client().apps().replicaSets().inNamespace(wanted.getMetadata().getNamespace()).withName(wanted.getMetadata().getName()).get();
        if (found != null && Ownership.controller(found).map(o -> o.getUid().equals(d.getMetadata().getUid())).orElse(false)
                && Templates.sameIgnoringHash(found.getSpec().getTemplate(), d.getSpec().getTemplate())) {
            return Optional.of(found);
        }
        Deployment bumped = KUBE.clone(d);
        int count = d.getStatus() == null || d.getStatus().getCollisionCount() == null ? 0 : d.getStatus().getCollisionCount();
        if (bumped.getStatus() == null) {
            bumped.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatus());
        }
        bumped.getStatus().setCollisionCount(count + 1);
        writes.updateStatus(bumped);
        return Optional.empty();
    }

    private static boolean copyAnnotations(Deployment d, Map<String, String> target) {
        boolean changed = false;
        for (Map.Entry<String, String> e : Rollouts.annotations(d.getMetadata().getAnnotations()).entrySet()) {
            if (!NOT_COPIED.contains(e.getKey()) && !e.getValue().equals(target.get(e.getKey()))) {
                target.put(e.getKey(), e.getValue());
                changed = true;
            }
        }
        return changed;
    }

    /** {@code SetNewReplicaSetAnnotations}' revision part: only ever raised; the replaced number goes to the history. */
    private static boolean setRevision(Map<String, String> annotations, long newRevision, boolean exists) {
        String old = annotations.get(Rollouts.REVISION);
        long oldRevision;
        try {
            oldRevision = old == null ? 0 : Long.parseLong(old);
        } catch (NumberFormatException e) {
            return false;
        }
        if (oldRevision >= newRevision) {
            return false;
        }
        annotations.put(Rollouts.REVISION, String.valueOf(newRevision));
        if (exists && old != null) {
            String history = annotations.get(Rollouts.REVISION_HISTORY);
            annotations.put(Rollouts.REVISION_HISTORY, history == null || history.isEmpty() ? old : history + "," + old);
        }
        return true;
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}
