package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeNotReadyDiagnoserTest {

    private final NodeNotReadyDiagnoser diagnoser = new NodeNotReadyDiagnoser();

    private List<Finding> diagnose(Node node, Pod... podsOnIt) {
        TargetSnapshot s = TargetSnapshot.builder(ResourceRef.node(node.getMetadata().getName()), PodJson.NOW)
                .node(node).pods(List.of(podsOnIt)).build();
        return diagnoser.diagnose(s);
    }

    private static NodeCondition ready(Node node) {
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
    }

    @Test
    void aNodeWhoseKubeletStoppedReportingIsNotReady() {
        assertThat(diagnose(PodJson.node("node-notready.json"), PodJson.pod("oom-recovered.json"), PodJson.pod("healthy.json")))
                .singleElement().satisfies(f -> {
                    assertThat(f.type()).isEqualTo(FindingType.NODE_NOT_READY);
                    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(f.subject()).isEqualTo(ResourceRef.node("worker-3"));
                    assertThat(f.container()).isNull();
                    assertThat(f.evidence()).containsExactlyInAnyOrderEntriesOf(Map.of("status", "Unknown", "reason", "NodeStatusUnknown",
                            "since", "2026-11-25T09:58:00Z", "podsOnNode", "2"));
                    assertThat(f.message()).isEqualTo("node worker-3 is NotReady (Unknown, NodeStatusUnknown) with 2 pod(s) on it");
                });
    }

    @Test
    void aKubeletReportingNotReadyIsNotReadyToo() {
        Node node = PodJson.node("node-notready.json");
        ready(node).setStatus("False");
        ready(node).setReason("KubeletNotReady");
        ready(node).setMessage("container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady");
        assertThat(diagnose(node)).singleElement().satisfies(f ->
                assertThat(f.evidence()).containsEntry("status", "False").containsEntry("reason", "KubeletNotReady").containsEntry("podsOnNode", "0"));
    }

    @Test
    void aReadyNodeIsFine() {
        Node worker1 = PodJson.nodes("nodes.json").getFirst();
        assertThat(ready(worker1).getStatus()).isEqualTo("True");
        assertThat(diagnose(worker1, PodJson.pod("crashloop.json"))).isEmpty();
    }

    @Test
    void itReadsNodesOnly() {
        assertThat(diagnoser.forNodes()).isTrue();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("crashloop.json")))).isEmpty();
    }
}
