package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A DaemonSet's pod for one node, as {@code util.CreatePodTemplate} and {@code ReplaceDaemonSetPodNodeNameNodeAffinity}
 * make it: the template plus the tolerations every daemon pod gets (not-ready and unreachable NoExecute; disk,
 * memory and PID pressure and unschedulable NoSchedule), required node affinity {@code metadata.name In [node]},
 * labels {@code controller-revision-hash} and {@code pod-template-generation}. No {@code spec.nodeName}: since 1.17 the
 * scheduler binds daemon pods by that affinity (in the sandbox the scenario player's scheduler does).
 */
final class DaemonPods {

    static final String HASH_LABEL = "controller-revision-hash";
    static final String GENERATION_LABEL = "pod-template-generation";

    private DaemonPods() {
    }

    static Pod forNode(DaemonSet ds, String node, String hash) {
        Pod pod = PodFactory.fromTemplate(ds.getSpec().getTemplate(), ds, PodFactory.generatedName(ds.getMetadata().getName() + "-"),
                Map.of(HASH_LABEL, hash, GENERATION_LABEL, String.valueOf(ds.getMetadata().getGeneration())));
        pod.getMetadata().setGenerateName(ds.getMetadata().getName() + "-");
        PodSpec spec = pod.getSpec();
        addTolerations(spec);
        var required = new io.fabric8.kubernetes.api.model.NodeSelectorBuilder().addNewNodeSelectorTerm().addNewMatchField()
                .withKey("metadata.name").withOperator("In").withValues(node).endMatchField().endNodeSelectorTerm().build();
        AffinityBuilder affinity = spec.getAffinity() == null ? new AffinityBuilder() : new AffinityBuilder(spec.getAffinity());
        spec.setAffinity(affinity.editOrNewNodeAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(required).endNodeAffinity().build());
        return pod;
    }

    /** The node a daemon pod is for: its nodeName, or the node its affinity names while unscheduled. */
    static String nodeOf(Pod p) {
        if (p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty()) {
            return p.getSpec().getNodeName();
        }
        var a = p.getSpec().getAffinity();
        if (a == null || a.getNodeAffinity() == null || a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        return a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().stream()
                .flatMap(t -> t.getMatchFields() == null ? java.util.stream.Stream.empty() : t.getMatchFields().stream())
                .filter(r -> "metadata.name".equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null && r.getValues().size() == 1)
                .map(r -> r.getValues().getFirst()).findFirst().orElse(null);
    }

    /** The template as a daemon pod on {@code node} would have it, to judge whether it fits there. */
    static PodSpec simulated(DaemonSet ds) {
        PodSpec spec = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().clone(ds.getSpec().getTemplate().getSpec());
        addTolerations(spec);
        return spec;
    }

    private static void addTolerations(PodSpec spec) {
        List<Toleration> tolerations = new ArrayList<>(spec.getTolerations() == null ? List.of() : spec.getTolerations());
        add(tolerations, "node.kubernetes.io/not-ready", "NoExecute");
        add(tolerations, "node.kubernetes.io/unreachable", "NoExecute");
        add(tolerations, "node.kubernetes.io/disk-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/memory-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/pid-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/unschedulable", "NoSchedule");
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            add(tolerations, "node.kubernetes.io/network-unavailable", "NoSchedule");
        }
        spec.setTolerations(tolerations);
    }

    private static void add(List<Toleration> tolerations, String key, String effect) {
        tolerations.removeIf(t -> key.equals(t.getKey()) && effect.equals(t.getEffect()));
        tolerations.add(new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build());
    }
}
