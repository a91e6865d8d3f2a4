package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubemedic.core.decision.Revisions;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plays the Deployment, ReplicaSet and StatefulSet controllers over the API. Simplification: a new template
 * replaces the old ReplicaSet's pods at once instead of rolling (documented in docs/scenarios.md).
 */
final class ControllerEmulator {

    static final String REVISION = Revisions.REVISION;
    static final String HASH = Revisions.TEMPLATE_HASH;
    private static final String[] NODES = {"sandbox-node-1", "sandbox-node-2", "sandbox-node-3"};

    private final KubernetesClient client;

    ControllerEmulator(KubernetesClient client) {
        this.client = client;
    }

    void reconcile(ClusterView view) {
        view.deployments().forEach(d -> deployment(d, view));
        view.replicaSets().forEach(rs -> replicaSet(rs, view));
        view.statefulSets().forEach(s -> statefulSet(s, view));
    }

    private void deployment(Deployment d, ClusterView view) {
        List<ReplicaSet> owned = view.replicaSets().stream().filter(rs -> SandboxPods.ownedBy(rs, d)).toList();
        PodTemplateSpec template = Revisions.withoutHash(d.getSpec().getTemplate());
        long maxRevision = owned.stream().mapToLong(Revisions::revision).max().orElse(0);
        Optional<ReplicaSet> match = owned.stream().filter(rs -> Revisions.withoutHash(rs.getSpec().getTemplate()).equals(template)).findFirst();
        long active;
        if (match.isEmpty()) {
            active = maxRevision + 1;
            createReplicaSet(d, template, active);
        } else {
            active = Revisions.revision(match.get());
            if (active < maxRevision) {
                active = maxRevision + 1; // a template seen before (a rollback) reuses its ReplicaSet with the next revision
                mergePatch(match.get(), Map.of("metadata", Map.of("annotations", Map.of(REVISION, String.valueOf(active)))));
            }
        }
        String current = d.getMetadata().getAnnotations() == null ? null : d.getMetadata().getAnnotations().get(REVISION);
        if (!String.valueOf(active).equals(current)) {
            mergePatch(d, Map.of("metadata", Map.of("annotations", Map.of(REVISION, String.valueOf(active)))));
        }
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        for (ReplicaSet rs : owned) {
            int want = match.isPresent() && rs == match.get() ? replicas : 0;
            if (rs.getSpec().getReplicas() == null || rs.getSpec().getReplicas() != want) {
                mergePatch(rs, Map.of("spec", Map.of("replicas", want)));
            }
        }
    }

    private void createReplicaSet(Deployment d, PodTemplateSpec template, long revision) {
        String hash = Integer.toHexString(template.hashCode() & 0x7fffffff);
        Map<String, String> labels = new HashMap<>(template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels());
        labels.put(HASH, hash);
        PodTemplateSpec hashed = new PodTemplateSpecBuilder(template).editOrNewMetadata().withLabels(labels).endMetadata().build();
        Map<String, String> selector = new HashMap<>(d.getSpec().getSelector() == null || d.getSpec().getSelector().getMatchLabels() == null
                ? Map.of() : d.getSpec().getSelector().getMatchLabels());
        selector.put(HASH, hash);
        ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withNamespace(d.getMetadata().getNamespace())
                .withName(d.getMetadata().getName() + "-" + hash).withLabels(labels)
                .withAnnotations(Map.of(REVISION, String.valueOf(revision))).withOwnerReferences(owner(d)).endMetadata()
                .withNewSpec().withReplicas(d.getSpec().getReplicas()).withNewSelector().withMatchLabels(selector).endSelector()
                .withTemplate(hashed).endSpec().build();
        ignoreConflict(() -> client.apps().replicaSets().inNamespace(d.getMetadata().getNamespace()).resource(rs).create());
    }

    private void replicaSet(ReplicaSet rs, ClusterView view) {
        List<Pod> pods = view.pods().stream().filter(p -> SandboxPods.ownedBy(p, rs) && p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getName())).toList();
        int want = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        for (int i = pods.size(); i < want; i++) {
            createPod(rs, rs.getSpec().getTemplate(), rs.getMetadata().getName() + "-" + suffix());
        }
        pods.stream().skip(want).forEach(p -> ignoreConflict(() -> client.pods().resource(p).delete()));
    }

    private void statefulSet(StatefulSet s, ClusterView view) {
        int want = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        List<Pod> pods = view.pods().stream().filter(p -> SandboxPods.ownedBy(p, s)).toList();
        for (int i = 0; i < want; i++) {
            String name = s.getMetadata().getName() + "-" + i;
            if (pods.stream().noneMatch(p -> p.getMetadata().getName().equals(name))) {
                createPod(s, s.getSpec().getTemplate(), name);
            }
        }
        pods.stream().filter(p -> ordinal(p) >= want).forEach(p -> ignoreConflict(() -> client.pods().resource(p).delete()));
    }

    private void createPod(HasMetadata owner, PodTemplateSpec template, String name) {
        Pod pod = new PodBuilder().withNewMetadata().withNamespace(owner.getMetadata().getNamespace()).withName(name)
                .withLabels(template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels())
                .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
                .withOwnerReferences(owner(owner)).endMetadata()
                .withSpec(new PodTemplateSpecBuilder(template).build().getSpec()).build();
        pod.getSpec().setNodeName(NODES[ThreadLocalRandom.current().nextInt(NODES.length)]);
        ignoreConflict(() -> client.pods().inNamespace(owner.getMetadata().getNamespace()).resource(pod).create());
    }

    private static io.fabric8.kubernetes.api.model.OwnerReference owner(HasMetadata o) {
        return new OwnerReferenceBuilder().withApiVersion(o.getApiVersion()).withKind(o.getKind()).withName(o.getMetadata().getName())
                .withUid(o.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build();
    }



    private static int ordinal(Pod p) {
        String n = p.getMetadata().getName();
        try {
            return Integer.parseInt(n.substring(n.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void mergePatch(HasMetadata o, Map<String, Object> patch) {
        ignoreConflict(() -> client.resource(o).patch(PatchContext.of(PatchType.JSON_MERGE),
                new io.fabric8.kubernetes.client.utils.KubernetesSerialization().asJson(patch)));
    }

    private static String suffix() {
        String chars = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(chars.charAt(ThreadLocalRandom.current().nextInt(chars.length())));
        }
        return sb.toString();
    }

    /** The emulator races the healer like a real controller does: a conflict is retried on the next tick. */
    static void ignoreConflict(Runnable write) {
        try {
            write.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404 && e.getCode() != 422) {
                throw e;
            }
        }
    }
}
