package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Deployment controller (pkg/controller/deployment), one sync per Deployment per tick: revisions and the new
 * ReplicaSet ({@link DeploymentRevisions}), then a RollingUpdate step ({@link RollingUpdate}) or Recreate (old
 * ReplicaSets to 0, wait until their pods are gone, then the new one to full size), proportional scaling when the
 * Deployment is resized mid-rollout or paused, cleanup beyond revisionHistoryLimit, and the status the real
 * controller writes ({@link DeploymentStatuses}). The revision annotation goes by merge patch and the status through
 * the status subresource (the CRUD store keeps nothing but status from a status write).
 */
final class DeploymentController {

    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private final ApiWrites writes;
    private final Clock clock;
    private final DeploymentRevisions revisions;
    private final ReplicaSetScaler scaler;
    private final RollingUpdate rolling;

    DeploymentController(ApiWrites writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
        this.revisions = new DeploymentRevisions(writes);
        this.scaler = new ReplicaSetScaler(writes);
        this.rolling = new RollingUpdate(scaler);
    }

    /** @param fresh ReplicaSets by uid with the status the ReplicaSet controller computed this tick */
    void reconcile(ControlPlaneView view, Map<String, ReplicaSet> fresh) {
        for (Deployment d : view.deployments()) {
            if (d.getMetadata().getDeletionTimestamp() == null && d.getSpec() != null && d.getSpec().getTemplate() != null) {
                List<ReplicaSet> owned = view.replicaSetsOf(d).stream().map(rs -> fresh.getOrDefault(rs.getMetadata().getUid(), rs)).toList();
                sync(d, DeploymentRevisions.byCreation(owned), view);
            }
        }
    }

    private void sync(Deployment d, List<ReplicaSet> byCreation, ControlPlaneView view) {
        Instant now = clock.instant();
        Deployment work = KUBE.clone(d);
        if (work.getStatus() == null) {
            work.setStatus(new DeploymentStatus());
        }
        Optional<ReplicaSet> existing = DeploymentRevisions.findNew(d, byCreation);
        List<ReplicaSet> old = byCreation.stream().filter(rs -> existing.map(n -> n != rs).orElse(true)).toList();
        long newRevision = DeploymentRevisions.maxRevision(old) + 1;
        RolloutSets sets = new RolloutSets(existing.map(rs -> revisions.sync(d, rs, newRevision)).orElse(null), old);
        if (sets.newRs != null) {
            found(work, sets.newRs, now);
        }
        if (Boolean.TRUE.equals(d.getSpec().getPaused()) || scalingEvent(d, sets)) {
            scale(d, sets);
            persist(d, work, DeploymentStatuses.calculate(sets.all(), sets.newRs, work, now));
            return;
        }
        boolean stepped = Rollouts.rolling(d) ? rollingStep(d, work, sets, newRevision, now) : recreateStep(d, work, sets, newRevision, view, now);
        if (!stepped && DeploymentStatuses.complete(d, work.getStatus())) {
            cleanup(d, sets.old);
        }
        persist(d, work, DeploymentStatuses.rollout(sets.all(), sets.newRs, work, now));
    }

    private boolean rollingStep(Deployment d, Deployment work, RolloutSets sets, long newRevision, Instant now) {
        if (sets.newRs == null && !create(d, work, sets, newRevision, now)) {
            return true;
        }
        return rolling.step(d, sets);
    }

    private boolean recreateStep(Deployment d, Deployment work, RolloutSets sets, long newRevision, ControlPlaneView view, Instant now) {
        boolean scaledDown = false;
        for (ReplicaSet rs : sets.activeOld()) {
            ReplicaSet after = scaler.scale(rs, 0, d);
            sets.replace(rs, after);
            scaledDown |= after != rs;
        }
        if (scaledDown || oldPodsRunning(sets, view)) {
            return true;
        }
        if (sets.newRs == null && !create(d, work, sets, newRevision, now)) {
            return true;
        }
        ReplicaSet after = scaler.scale(sets.newRs, Rollouts.replicas(d), d);
        sets.replace(sets.newRs, after);
        return false;
    }

    private static boolean oldPodsRunning(RolloutSets sets, ControlPlaneView view) {
        if (Rollouts.sum(sets.old, Rollouts::statusReplicas) > 0) {
            return true;
        }
        return sets.old.stream().flatMap(rs -> view.podsOf(rs).stream()).map(PodStates::phase)
                .anyMatch(phase -> !"Failed".equals(phase) && !"Succeeded".equals(phase));
    }

    private boolean create(Deployment d, Deployment work, RolloutSets sets, long newRevision, Instant now) {
        Optional<ReplicaSet> created = revisions.create(d, sets.old, newRevision);
        created.ifPresent(rs -> {
            sets.newRs = rs;
            revisionAnnotation(work, String.valueOf(Rollouts.revision(rs)));
            if (Rollouts.progressDeadlineSeconds(d) != null) {
                DeploymentStatuses.set(work.getStatus(), DeploymentStatuses.condition(DeploymentStatuses.PROGRESSING, "True", "NewReplicaSetCreated",
                        "Created new replica set \"" + rs.getMetadata().getName() + "\"", now));
            }
        });
        return created.isPresent();
    }

    /** The Deployment takes the new ReplicaSet's revision; a first sync records FoundNewReplicaSet. */
    private static void found(Deployment work, ReplicaSet newRs, Instant now) {
        revisionAnnotation(work, String.valueOf(Rollouts.revision(newRs)));
        if (Rollouts.progressDeadlineSeconds(work) != null && DeploymentStatuses.get(work.getStatus(), DeploymentStatuses.PROGRESSING).isEmpty()) {
            DeploymentStatuses.set(work.getStatus(), DeploymentStatuses.condition(DeploymentStatuses.PROGRESSING, "True", "FoundNewReplicaSet",
                    "Found new replica set \"" + newRs.getMetadata().getName() + "\"", now));
        }
    }

    private static void revisionAnnotation(Deployment work, String revision) {
        Map<String, String> a = new java.util.LinkedHashMap<>(Rollouts.annotations(work.getMetadata().getAnnotations()));
        a.put(Rollouts.REVISION, revision);
        work.getMetadata().setAnnotations(a);
    }

    /** A resize shows as an active ReplicaSet whose desired-replicas annotation differs from the Deployment's replicas. */
    private static boolean scalingEvent(Deployment d, RolloutSets sets) {
        return sets.all().stream().filter(rs -> Rollouts.replicas(rs) > 0).anyMatch(rs -> {
            String desired = Rollouts.annotations(rs.getMetadata().getAnnotations()).get(Rollouts.DESIRED_REPLICAS);
            return desired != null && !desired.equals(String.valueOf(Rollouts.replicas(d)));
        });
    }

    private void scale(Deployment d, RolloutSets sets) {
        List<ReplicaSet> active = sets.all().stream().filter(rs -> Rollouts.replicas(rs) > 0).toList();
        if (active.size() <= 1) {
            ReplicaSet target = !active.isEmpty() ? active.getFirst() : sets.newRs != null ? sets.newRs : sets.old.isEmpty() ? null : sets.old.getLast();
            if (target != null) {
                sets.replace(target, scaler.scale(target, Rollouts.replicas(d), d));
            }
            return;
        }
        if (Rollouts.rolling(d)) {
            int statusReplicas = d.getStatus() == null || d.getStatus().getReplicas() == null ? 0 : d.getStatus().getReplicas();
            Map<String, Integer> sizes = ProportionalScaling.sizes(d, active, statusReplicas);
            for (ReplicaSet rs : active) {
                sets.replace(rs, scaler.scale(rs, sizes.get(rs.getMetadata().getName()), d));
            }
        }
    }

    /** Old ReplicaSets beyond revisionHistoryLimit that are fully scaled down are deleted, oldest first. */
    private void cleanup(Deployment d, List<ReplicaSet> old) {
        List<ReplicaSet> alive = old.stream().filter(rs -> rs.getMetadata().getDeletionTimestamp() == null).toList();
        int diff = alive.size() - Rollouts.revisionHistoryLimit(d);
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = alive.get(i);
            long observed = rs.getStatus() == null || rs.getStatus().getObservedGeneration() == null ? 0 : rs.getStatus().getObservedGeneration();
            if (Rollouts.statusReplicas(rs) == 0 && Rollouts.replicas(rs) == 0 && rs.getMetadata().getGeneration() <= observed) {
                writes.delete(rs);
            }
        }
    }

    /** Writes what changed: the revision annotation (merge patch), then the status with the resourceVersion that left. */
    private void persist(Deployment read, Deployment work, DeploymentStatus status) {
        Deployment current = read;
        String revision = Rollouts.annotations(work.getMetadata().getAnnotations()).get(Rollouts.REVISION);
        if (revision != null && !revision.equals(Rollouts.annotations(read.getMetadata().getAnnotations()).get(Rollouts.REVISION))) {
            current = writes.mergePatch(read, KUBE.asJson(Map.of("metadata", Map.of("annotations", Map.of(Rollouts.REVISION, revision),
                    "resourceVersion", read.getMetadata().getResourceVersion()))));
            if (current == null) {
                return;
            }
        }
        if (!Objects.equals(status, read.getStatus())) {
            Deployment update = KUBE.clone(current);
            update.setStatus(status);
            writes.updateStatus(update);
        }
    }
}
