package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubemedic.core.model.Ownership;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a Deployment's revision history from its ReplicaSets, as {@code kubectl rollout history} does, and answers
 * the questions a rollback rests on. Templates are compared <em>normalized</em>: without the {@code pod-template-hash}
 * label the controller adds and without the {@code restartedAt} annotation a rolling restart adds, so a restart
 * (Kubemedic's own or anyone's) never counts as a release and is never a place to roll back to.
 */
public final class Revisions {

    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String TEMPLATE_HASH = "pod-template-hash";
    public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    private Revisions() {
    }

    /** The {@code deployment.kubernetes.io/revision} annotation of a ReplicaSet or Deployment; 0 when absent. */
    public static long revision(HasMetadata object) {
        Map<String, String> a = object.getMetadata().getAnnotations();
        try {
            return a == null || a.get(REVISION) == null ? 0 : Long.parseLong(a.get(REVISION));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** ReplicaSets with a revision, oldest first. */
    public static List<ReplicaSet> history(TargetSnapshot s) {
        return s.replicaSets().stream().filter(rs -> revision(rs) > 0).sorted(Comparator.comparingLong(Revisions::revision)).toList();
    }

    /**
     * The ReplicaSet that runs the Deployment's current template (what the controller rolls towards), else the
     * newest revision.
     */
    public static Optional<ReplicaSet> current(TargetSnapshot s) {
        List<ReplicaSet> h = history(s);
        if (h.isEmpty()) {
            return Optional.empty();
        }
        Deployment d = s.deployment();
        if (d != null && d.getSpec() != null && d.getSpec().getTemplate() != null) {
            PodTemplateSpec wanted = withoutHash(d.getSpec().getTemplate());
            for (int i = h.size() - 1; i >= 0; i--) {
                if (withoutHash(template(h.get(i))).equals(wanted)) {
                    return Optional.of(h.get(i));
                }
            }
        }
        return Optional.of(h.getLast());
    }

    /**
     * Where a rollback goes: the newest revision older than the current one whose normalized template differs from
     * the current one's. Revisions that only differ by a restart are the same release; none differs → empty.
     */
    public static Optional<ReplicaSet> previous(TargetSnapshot s) {
        Optional<ReplicaSet> current = current(s);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        long currentRevision = revision(current.get());
        PodTemplateSpec release = normalized(template(current.get()));
        List<ReplicaSet> h = history(s);
        for (int i = h.size() - 1; i >= 0; i--) {
            ReplicaSet rs = h.get(i);
            if (revision(rs) < currentRevision && !normalized(template(rs)).equals(release)) {
                return Optional.of(rs);
            }
        }
        return Optional.empty();
    }

    /**
     * True when the faulty pods all run the current release (the current template, whatever restarts re-stamped it)
     * and an earlier, different release exists to go back to: the fault came with a release, so a rollback may fix it.
     */
    /** The ReplicaSet of a given revision number, as {@code kubectl rollout undo --to-revision} names it. */
    public static Optional<ReplicaSet> byNumber(TargetSnapshot s, long number) {
        return history(s).stream().filter(rs -> revision(rs) == number).findFirst();
    }

    public static boolean faultBeganWithNewRevision(TargetSnapshot s, List<Pod> faultyPods) {
        Optional<ReplicaSet> current = current(s);
        if (current.isEmpty() || previous(s).isEmpty() || faultyPods.isEmpty()) {
            return false;
        }
        PodTemplateSpec release = normalized(template(current.get()));
        return faultyPods.stream().allMatch(p -> ownerOf(s, p).map(rs -> normalized(template(rs)).equals(release)).orElse(false));
    }

    /** The ReplicaSet of the snapshot that controls {@code pod}. */
    public static Optional<ReplicaSet> ownerOf(TargetSnapshot s, Pod pod) {
        return Ownership.controller(pod).flatMap(o -> s.replicaSets().stream()
                .filter(rs -> Objects.equals(rs.getMetadata().getUid(), o.getUid())).findFirst());
    }

    /**
     * A copy of a pod template without its {@code pod-template-hash} label: how the controller matches templates.
     * Empty label and annotation maps read as absent (the API server omits them; fabric8 may read them as empty).
     */
    public static PodTemplateSpec withoutHash(PodTemplateSpec t) {
        return without(t, TEMPLATE_HASH, null);
    }

    /** {@link #withoutHash} and without the restartedAt annotation: two templates of one release compare equal. */
    public static PodTemplateSpec normalized(PodTemplateSpec t) {
        return without(t, TEMPLATE_HASH, RESTARTED_AT);
    }

    private static PodTemplateSpec without(PodTemplateSpec t, String label, String annotation) {
        PodTemplateSpec copy = new PodTemplateSpecBuilder(t).build();
        if (copy.getMetadata() != null) {
            copy.getMetadata().setLabels(withoutKey(copy.getMetadata().getLabels(), label));
            copy.getMetadata().setAnnotations(withoutKey(copy.getMetadata().getAnnotations(), annotation));
        }
        return copy;
    }

    private static Map<String, String> withoutKey(Map<String, String> map, String key) {
        if (map == null) {
            return null;
        }
        Map<String, String> copy = new HashMap<>(map);
        if (key != null) {
            copy.remove(key);
        }
        return copy.isEmpty() ? null : copy;
    }

    private static PodTemplateSpec template(ReplicaSet rs) {
        return rs.getSpec() == null || rs.getSpec().getTemplate() == null ? new PodTemplateSpec() : rs.getSpec().getTemplate();
    }
}
