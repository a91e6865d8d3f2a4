package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Node;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DiagnosersTest {

    private final List<Diagnoser> all = Diagnosers.defaults(KubemedicConfig.defaults());

    @Test
    void anOomKilledCrashLoopGivesBothFindings() {
        List<Finding> findings = Diagnosers.run(all, PodJson.snapshot(PodJson.pod("oomkilled.json")));
        assertThat(findings).extracting(Finding::type).contains(FindingType.OOM_KILLED, FindingType.CRASH_LOOP_BACK_OFF);
    }

    @Test
    void aNodeTargetOnlyGetsNodeFindingsNotThoseOfThePodsOnIt() {
        TargetSnapshot s = TargetSnapshot.builder(ResourceRef.node("worker-3"), PodJson.NOW)
                .node(PodJson.read("node-notready.json", Node.class)).pods(List.of(PodJson.pod("crashloop.json"))).build();
        assertThat(Diagnosers.run(all, s)).extracting(Finding::type).containsExactly(FindingType.NODE_NOT_READY);
    }

    @Test
    void aHealthyPodGivesNothingActionable() {
        assertThat(Diagnosers.run(all, PodJson.snapshot(PodJson.pod("healthy.json"))))
                .extracting(Finding::type).containsOnly(FindingType.NO_METRICS);
    }

    @Test
    void everyDiagnoserHasADistinctName() {
        assertThat(all).extracting(Diagnoser::name).doesNotHaveDuplicates().hasSize(11);
    }
}
