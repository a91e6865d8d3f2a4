package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The diagnosers that read the workload or the node rather than pods: single replica, stuck rollout, node NotReady. */
class WorkloadAndNodeDiagnosersTest {

    private static TargetSnapshot of(Deployment d) {
        return TargetSnapshot.builder(ResourceRef.deployment(d.getMetadata().getNamespace(), d.getMetadata().getName()), PodJson.NOW).deployment(d).build();
    }

    private static Deployment deployment(String namespace, String name, int replicas) {
        Deployment d = PodJson.read("deployment-stuck.json", Deployment.class);
        d.getMetadata().setNamespace(namespace);
        d.getMetadata().setName(name);
        d.getSpec().setReplicas(replicas);
        return d;
    }

    @Test
    void aProdDeploymentWithOneReplicaIsFlaggedByNameOrNamespace() {
        SingleReplicaProdDiagnoser d = new SingleReplicaProdDiagnoser(List.of("prod-*"));
        assertThat(d.diagnose(of(deployment("shop", "prod-checkout", 1)))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.SINGLE_REPLICA_PROD);
            assertThat(f.evidence()).containsEntry("replicas", "1").containsEntry("matched", "prod-*");
        });
        assertThat(d.diagnose(of(deployment("prod-eu", "checkout", 1)))).hasSize(1);
        assertThat(d.diagnose(of(deployment("shop", "prod-checkout", 2)))).isEmpty();
        assertThat(d.diagnose(of(deployment("shop", "prod-checkout", 0)))).as("scaled to zero on purpose").isEmpty();
        assertThat(d.diagnose(of(deployment("shop", "production-api", 1)))).as("prod-* needs the dash").isEmpty();
    }

    @Test
    void aRolloutPastItsDeadlineIsFoundWithItsRevision() {
        assertThat(new RolloutStuckDiagnoser().diagnose(of(deployment("shop", "checkout", 3)))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.ROLLOUT_STUCK);
            assertThat(f.evidence()).containsEntry("revision", "4");
            assertThat(f.message()).contains("timed out progressing");
        });
        Deployment fine = deployment("shop", "checkout", 3);
        fine.getStatus().getConditions().get(1).setStatus("True");
        fine.getStatus().getConditions().get(1).setReason("NewReplicaSetAvailable");
        assertThat(new RolloutStuckDiagnoser().diagnose(of(fine))).isEmpty();
    }

    @Test
    void aNodeWhoseKubeletStoppedReportingIsNotReady() {
        Node node = PodJson.read("node-notready.json", Node.class);
        TargetSnapshot s = TargetSnapshot.builder(ResourceRef.node("worker-3"), PodJson.NOW).node(node)
                .pods(List.of(PodJson.pod("healthy.json"))).build();
        assertThat(new NodeNotReadyDiagnoser().diagnose(s)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.NODE_NOT_READY);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.evidence()).containsEntry("status", "Unknown").containsEntry("reason", "NodeStatusUnknown").containsEntry("podsOnNode", "1");
        });
        node.getStatus().getConditions().get(1).setStatus("True");
        assertThat(new NodeNotReadyDiagnoser().diagnose(s)).isEmpty();
    }
}
