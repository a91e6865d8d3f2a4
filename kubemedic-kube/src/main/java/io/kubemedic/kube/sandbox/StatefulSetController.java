package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The StatefulSet controller of 1.20 ({@code updateStatefulSet}): pods {@code <set>-<ordinal>} labelled with their
 * revision; with OrderedReady, ordinal i is created only once 0..i-1 are Running and Ready, a failed pod is deleted
 * and recreated, surplus ordinals are removed highest first, one at a time; Parallel does all of it at once. A
 * RollingUpdate starts only when every replica is Running and Ready and replaces pods from the highest ordinal down
 * to the partition, one at a time, each only after the previous came back healthy, so a template change (a
 * {@code kubectl rollout restart}) rolls the set, and a new revision that never becomes Ready stalls it there.
 */
final class StatefulSetController {

    static final String REVISION_LABEL = "controller-revision-hash";
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private final ApiWrites writes;
    private final StatefulRevisions revisions;

    StatefulSetController(ApiWrites writes) {
        this.writes = writes;
        this.revisions = new StatefulRevisions(writes);
    }

    void reconcile(ControlPlaneView view) {
        for (StatefulSet set : view.statefulSets()) {
            if (set.getSpec() == null || set.getSpec().getTemplate() == null) {
                continue;
            }
            revisions.sync(set, view.revisionsOf(set)).ifPresent(r -> sync(set, r, view.podsOf(set)));
        }
    }

    private void sync(StatefulSet set, StatefulRevisions.Pair rev, List<Pod> owned) {
        int replicas = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        Pod[] ordered = new Pod[replicas];
        List<Pod> condemned = new ArrayList<>();
        for (Pod p : owned) {
            int ord = ordinal(set, p);
            if (ord >= 0 && ord < replicas) {
                ordered[ord] = p;
            } else if (ord >= replicas) {
                condemned.add(p);
            }
        }
        condemned.sort(Comparator.comparingInt(p -> ordinal(set, p)));
        if (set.getMetadata().getDeletionTimestamp() == null) {
            act(set, rev, ordered, condemned);
        }
        writeStatus(set, rev, owned);
    }

    private void act(StatefulSet set, StatefulRevisions.Pair rev, Pod[] ordered, List<Pod> condemned) {
        boolean monotonic = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
        for (int i = 0; i < ordered.length; i++) {
            Pod p = ordered[i];
            if (p != null && "Failed".equals(PodStates.phase(p))) {
                writes.delete(p);
                p = null;
            }
            if (p == null) {
                ordered[i] = newPod(set, rev, i);
                writes.create(ordered[i]);
                if (monotonic) {
                    return;
                }
                continue;
            }
            if (monotonic && (!PodStates.created(p) || PodStates.terminating(p) || !PodStates.runningAndReady(p))) {
                return;
            }
        }
        // monotonic: every replica is healthy by now, so the first unhealthy pod is the lowest unhealthy condemned one
        Pod firstUnhealthy = condemned.stream().filter(p -> !healthy(p)).findFirst().orElse(null);
        for (int t = condemned.size() - 1; t >= 0; t--) {
            Pod p = condemned.get(t);
            if (PodStates.terminating(p)) {
                if (monotonic) {
                    return;
                }
                continue;
            }
            if (monotonic && !PodStates.runningAndReady(p) && p != firstUnhealthy) {
                return;
            }
            writes.delete(p);
            if (monotonic) {
                return;
            }
        }
        rollingUpdate(set, rev, ordered);
    }

    private void rollingUpdate(StatefulSet set, StatefulRevisions.Pair rev, Pod[] ordered) {
        var strategy = set.getSpec().getUpdateStrategy();
        if (strategy != null && "OnDelete".equals(strategy.getType())) {
            return;
        }
        for (int t = ordered.length - 1; t >= partition(set); t--) {
            Pod p = ordered[t];
            if (!rev.update().getMetadata().getName().equals(revision(p)) && !PodStates.terminating(p)) {
                writes.delete(p);
                return;
            }
            if (!healthy(p)) {
                return;
            }
        }
    }

    private Pod newPod(StatefulSet set, StatefulRevisions.Pair rev, int ordinal) {
        ControllerRevision r = ordinal < partition(set) ? rev.current() : rev.update();
        PodTemplateSpec template = r == rev.update() ? set.getSpec().getTemplate() : StatefulRevisions.template(r);
        String name = set.getMetadata().getName() + "-" + ordinal;
        Pod pod = PodFactory.fromTemplate(template, set, name, Map.of(REVISION_LABEL, r.getMetadata().getName(), POD_NAME_LABEL, name));
        pod.getSpec().setHostname(name);
        pod.getSpec().setSubdomain(set.getSpec().getServiceName());
        return pod;
    }

    private void writeStatus(StatefulSet set, StatefulRevisions.Pair rev, List<Pod> owned) {
        int created = 0;
        int ready = 0;
        int current = 0;
        int updated = 0;
        for (Pod p : owned) {
            if (PodStates.created(p)) {
                created++;
                if (!PodStates.terminating(p)) {
                    current += rev.current().getMetadata().getName().equals(revision(p)) ? 1 : 0;
                    updated += rev.update().getMetadata().getName().equals(revision(p)) ? 1 : 0;
                }
            }
            ready += PodStates.runningAndReady(p) ? 1 : 0;
        }
        String currentRevision = rev.current().getMetadata().getName();
        boolean rolling = set.getSpec().getUpdateStrategy() == null || !"OnDelete".equals(set.getSpec().getUpdateStrategy().getType());
        if (rolling && updated == created && ready == created) {
            current = updated;
            currentRevision = rev.update().getMetadata().getName();
        }
        StatefulSetStatus old = set.getStatus();
        StatefulSetStatus status = new StatefulSetStatusBuilder().withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(created).withReadyReplicas(DeploymentStatuses.nz(ready)).withCurrentReplicas(DeploymentStatuses.nz(current))
                .withUpdatedReplicas(DeploymentStatuses.nz(updated)).withCurrentRevision(currentRevision)
                .withUpdateRevision(rev.update().getMetadata().getName())
                .withCollisionCount(old == null || old.getCollisionCount() == null ? 0 : old.getCollisionCount()).build();
        if (!Objects.equals(status, old)) {
            StatefulSet copy = KUBE.clone(set);
            copy.setStatus(status);
            writes.updateStatus(copy);
        }
    }

    private static boolean healthy(Pod p) {
        return PodStates.runningAndReady(p) && !PodStates.terminating(p);
    }

    private static int partition(StatefulSet set) {
        var s = set.getSpec().getUpdateStrategy();
        return s == null || s.getRollingUpdate() == null || s.getRollingUpdate().getPartition() == null ? 0 : s.getRollingUpdate().getPartition();
    }

    private static String revision(Pod p) {
        return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(REVISION_LABEL);
    }

    private static int ordinal(StatefulSet set, Pod p) {
        String prefix = set.getMetadata().getName() + "-";
        String name = p.getMetadata().getName();
        if (!name.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(name.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
