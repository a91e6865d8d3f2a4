package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * On the sandbox, the node lifecycle controller's taints: {@code not-ready} (NoSchedule and NoExecute),
 * {@code memory-pressure}, {@code disk-pressure} and {@code unschedulable} follow the node's conditions and
 * {@code spec.unschedulable}, as a real cluster shows them. (A real server's controller does this itself.)
 */
final class SandboxNodeTaints {

    private static final String PREFIX = "node.kubernetes.io/";
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    private SandboxNodeTaints() {
    }

    static void apply(KubernetesClient client, Node node, List<Taint> own) {
        List<Taint> wanted = new ArrayList<>(own);
        wanted.addAll(fromState(node));
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<Taint> managed = current.stream().filter(t -> t.getKey() != null && t.getKey().startsWith(PREFIX)).toList();
        List<Taint> others = current.stream().filter(t -> !managed.contains(t)).toList();
        List<Taint> merged = new ArrayList<>(others);
        wanted.stream().filter(t -> !merged.contains(t)).forEach(merged::add);
        if (!Objects.equals(key(merged), key(current))) {
            Writes.quietly(() -> client.nodes().withName(node.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), KUBE.asJson(Map.of("spec", Map.of("taints", merged)))));
        }
    }

    private static List<Taint> fromState(Node node) {
        List<Taint> out = new ArrayList<>();
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null ? List.of() : node.getStatus().getConditions();
        for (NodeCondition c : conditions) {
            if ("Ready".equals(c.getType()) && !"True".equals(c.getStatus())) {
                out.add(taint("not-ready", "NoSchedule"));
                out.add(taint("not-ready", "NoExecute"));
            } else if ("MemoryPressure".equals(c.getType()) && "True".equals(c.getStatus())) {
                out.add(taint("memory-pressure", "NoSchedule"));
            } else if ("DiskPressure".equals(c.getType()) && "True".equals(c.getStatus())) {
                out.add(taint("disk-pressure", "NoSchedule"));
            }
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            out.add(taint("unschedulable", "NoSchedule"));
        }
        return out;
    }

    private static Taint taint(String key, String effect) {
        return new TaintBuilder().withKey(PREFIX + key).withEffect(effect).build();
    }

    private static List<String> key(List<Taint> taints) {
        return taints.stream().map(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect()).sorted().toList();
    }
}
