package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UnschedulableDiagnoserTest {

    private static final String CPU_MESSAGE = "0/3 nodes are available: 3 Insufficient cpu. "
            + "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";

    private final UnschedulableDiagnoser diagnoser = new UnschedulableDiagnoser();

    private static Pod pendingWith(String schedulerMessage) {
        Pod pod = PodJson.pod("pending-cpu.json");
        pod.getStatus().getConditions().getFirst().setMessage(schedulerMessage);
        return pod;
    }

    private List<Finding> withNodes(Pod pod) {
        return diagnoser.diagnose(PodJson.workload(pod).nodes(PodJson.nodes("nodes.json")).build());
    }

    @Test
    void insufficientCpuComesWithTheRequestedAndTheLargestAllocatable() {
        assertThat(withNodes(PodJson.pod("pending-cpu.json"))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.UNSCHEDULABLE_INSUFFICIENT_RESOURCES);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo(ResourceRef.pod("analytics", "reports-59f7d8c6b-zr4wq"));
            assertThat(f.container()).isNull();
            assertThat(f.evidence()).as("12 + 100m requested; worker-2's 7910m is the most any node offers")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("resource", "cpu", "requested", "cpu=12.1", "largestAllocatable", "cpu=7.91",
                            "nodes", "3", "schedulerMessage", CPU_MESSAGE));
            assertThat(f.message()).isEqualTo("pod reports-59f7d8c6b-zr4wq is Pending: it requests cpu=12.1 but the largest node offers cpu=7.91 ("
                    + CPU_MESSAGE + ")");
        });
    }

    @Test
    void cpuAndMemoryShortTogetherAreBothCountedInBytesForMemory() {
        assertThat(withNodes(pendingWith("0/3 nodes are available: 1 Insufficient memory, 3 Insufficient cpu."))).singleElement().satisfies(f ->
                assertThat(f.evidence()).as("48Gi + 64Mi requested; worker-2 offers 31772524Ki")
                        .containsEntry("resource", "cpu,memory")
                        .containsEntry("requested", "cpu=12.1,memory=51606716416")
                        .containsEntry("largestAllocatable", "cpu=7.91,memory=32535064576"));
    }

    @Test
    void aTaintOrAffinityIsPlainUnschedulable() {
        String message = "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, "
                + "2 node(s) didn't match Pod's node affinity/selector.";
        assertThat(withNodes(pendingWith(message))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.UNSCHEDULABLE);
            assertThat(f.evidence()).containsExactlyEntriesOf(Map.of("schedulerMessage", message));
            assertThat(f.message()).isEqualTo("pod reports-59f7d8c6b-zr4wq cannot be scheduled: " + message);
        });
    }

    @Test
    void aFailedSchedulingEventStandsInForAMissingCondition() {
        Pod pod = PodJson.pod("pending-cpu.json");
        pod.getStatus().setConditions(List.of());
        Event event = PodJson.event("event-failedscheduling.json");
        assertThat(diagnoser.diagnose(PodJson.workload(pod).events(List.of(event)).build())).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.UNSCHEDULABLE_INSUFFICIENT_RESOURCES);
            assertThat(f.evidence()).as("no nodes in the snapshot, so no largest allocatable")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("resource", "memory", "requested", "memory=51606716416",
                            "schedulerMessage", event.getMessage()));
        });
    }

    @Test
    void aFailedSchedulingEventOfAnotherPodIsIgnored() {
        Pod pod = PodJson.pod("pending-cpu.json");
        pod.getStatus().setConditions(List.of());
        Event event = PodJson.event("event-failedscheduling.json");
        event.getInvolvedObject().setName("reports-59f7d8c6b-other");
        assertThat(diagnoser.diagnose(PodJson.workload(pod).events(List.of(event)).build())).isEmpty();
    }

    @Test
    void aStaleFailedSchedulingEventDoesNotOutliveTheScheduledCondition() {
        // The cluster autoscaler added a node: the pod is now scheduled and pulling, the old event lives on for an hour.
        Pod pulling = PodJson.pod("imagepull.json");
        Event stale = PodJson.event("event-failedscheduling.json");
        stale.getInvolvedObject().setNamespace("shop");
        stale.getInvolvedObject().setName(pulling.getMetadata().getName());
        assertThat(diagnoser.diagnose(PodJson.workload(pulling).events(List.of(stale)).build())).isEmpty();
    }

    @Test
    void scheduledPodsAreNotUnschedulable() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("healthy.json")))).isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("imagepull.json")))).as("Pending but scheduled").isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("init-crashloop.json")))).as("Pending while initialising").isEmpty();
    }

    @Test
    void aPodUnschedulableForLessThanTheGraceIsNotAnIncidentYet() {
        Pod pod = PodJson.pod("pending-cpu.json");
        var condition = pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElseThrow();
        UnschedulableDiagnoser withGrace = new UnschedulableDiagnoser(java.time.Duration.ofSeconds(20));

        condition.setLastTransitionTime(PodJson.NOW.minusSeconds(5).toString());
        assertThat(withGrace.diagnose(PodJson.snapshot(pod))).as("a new node's not-ready taint, a scheduler retry").isEmpty();
        condition.setLastTransitionTime(PodJson.NOW.minusSeconds(60).toString());
        assertThat(withGrace.diagnose(PodJson.snapshot(pod))).hasSize(1);
    }
}
