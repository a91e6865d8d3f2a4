package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UnschedulableDiagnoserTest {

    private final UnschedulableDiagnoser diagnoser = new UnschedulableDiagnoser();

    @Test
    void insufficientCpuComesWithTheRequestedAndAvailableNumbers() {
        Node node = PodJson.read("node-notready.json", Node.class);
        TargetSnapshot s = TargetSnapshot.builder(ResourceRef.deployment("analytics", "reports"), PodJson.NOW)
                .pods(List.of(PodJson.pod("pending-cpu.json"))).nodes(List.of(node)).build();
        assertThat(diagnoser.diagnose(s)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.UNSCHEDULABLE_INSUFFICIENT_RESOURCES);
            assertThat(f.evidence()).containsEntry("resource", "cpu").containsEntry("requested", "cpu=64")
                    .containsEntry("largestAllocatable", "cpu=4").containsEntry("nodes", "1")
                    .containsEntry("schedulerMessage", "0/3 nodes are available: 3 Insufficient cpu.");
            assertThat(f.message()).contains("cpu=64").contains("cpu=4");
        });
    }

    @Test
    void otherReasonsArePlainUnschedulable() {
        Pod pod = PodJson.pod("pending-cpu.json");
        pod.getStatus().getConditions().getFirst().setMessage("0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: gpu}.");
        assertThat(diagnoser.diagnose(PodJson.snapshot(pod))).singleElement()
                .satisfies(f -> assertThat(f.type()).isEqualTo(FindingType.UNSCHEDULABLE));
    }

    @Test
    void aFailedSchedulingEventStandsInForAMissingCondition() {
        Pod pod = PodJson.pod("pending-cpu.json");
        pod.getStatus().setConditions(List.of());
        var event = new EventBuilder().withReason("FailedScheduling").withMessage("0/3 nodes are available: 3 Insufficient memory.")
                .withNewInvolvedObject().withKind("Pod").withName(pod.getMetadata().getName()).endInvolvedObject().build();
        TargetSnapshot s = TargetSnapshot.builder(ResourceRef.deployment("analytics", "reports"), PodJson.NOW)
                .pods(List.of(pod)).events(List.of(event)).build();
        assertThat(diagnoser.diagnose(s)).singleElement().satisfies(f -> {
            assertThat(f.evidence()).containsEntry("resource", "memory").doesNotContainKey("largestAllocatable");
            assertThat(f.evidence().get("requested")).isEqualTo("memory=2214592512");
        });
    }

    @Test
    void runningPodsAreNotPending() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("healthy.json")))).isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("imagepull.json")))).as("Pending but scheduled").isEmpty();
    }
}
