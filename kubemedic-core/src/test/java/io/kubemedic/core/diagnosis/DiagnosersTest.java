package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DiagnosersTest {

    private final List<Diagnoser> all = Diagnosers.defaults(KubemedicConfig.defaults());

    private static TargetSnapshot withMetrics(Pod... pods) {
        return PodJson.workload(pods).podMetrics(Map.of(), true).build();
    }

    @Test
    void anOomKilledCrashLoopGivesBothFindingsInRegistrationOrder() {
        assertThat(Diagnosers.run(all, withMetrics(PodJson.pod("oomkilled.json")))).extracting(Finding::type)
                .containsExactly(FindingType.OOM_KILLED, FindingType.CRASH_LOOP_BACK_OFF);
    }

    @Test
    void aNodeTargetOnlyGetsNodeFindingsNotThoseOfThePodsOnIt() {
        TargetSnapshot s = TargetSnapshot.builder(ResourceRef.node("worker-3"), PodJson.NOW).node(PodJson.node("node-notready.json"))
                .pods(List.of(PodJson.pod("crashloop.json"), PodJson.pod("oomkilled.json"))).podMetrics(Map.of(), false).build();
        assertThat(Diagnosers.run(all, s)).extracting(Finding::type).containsExactly(FindingType.NODE_NOT_READY);
    }

    @Test
    void aWorkloadTargetNeverGetsNodeFindings() {
        TargetSnapshot s = PodJson.workload(PodJson.pod("healthy.json")).node(PodJson.node("node-notready.json"))
                .podMetrics(Map.of(), true).build();
        assertThat(Diagnosers.run(all, s)).isEmpty();
    }

    @Test
    void theSameFindingTwiceIsReportedOnce() {
        List<Diagnoser> twice = List.of(new CrashLoopBackOffDiagnoser(), new CrashLoopBackOffDiagnoser());
        assertThat(Diagnosers.run(twice, withMetrics(PodJson.pod("crashloop.json")))).hasSize(1);

        Event readiness = PodJson.events("events-web.json").getFirst();
        TargetSnapshot repeated = PodJson.workload(PodJson.pod("healthy.json")).events(List.of(readiness, readiness))
                .podMetrics(Map.of(), true).build();
        assertThat(Diagnosers.run(all, repeated)).singleElement().satisfies(f -> assertThat(f.type()).isEqualTo(FindingType.PROBE_FAILURE));
    }

    @Test
    void distinctFindingsOfOneKindAreAllKept() {
        assertThat(Diagnosers.run(all, withMetrics(PodJson.pod("crashloop.json"), PodJson.pod("init-crashloop.json"))))
                .extracting(Finding::container).containsExactly("app", "migrate");
    }

    @Test
    void aHealthyPodGivesNothingActionable() {
        assertThat(Diagnosers.run(all, PodJson.snapshot(PodJson.pod("healthy.json"))))
                .extracting(Finding::type).containsExactly(FindingType.NO_METRICS);
        assertThat(Diagnosers.run(all, withMetrics(PodJson.pod("healthy.json")))).isEmpty();
    }

    @Test
    void everyDiagnoserIsRegisteredOnceUnderADistinctName() {
        assertThat(all).extracting(Diagnoser::name).doesNotHaveDuplicates().hasSize(11);
        assertThat(all).filteredOn(Diagnoser::forNodes).singleElement().isInstanceOf(NodeNotReadyDiagnoser.class);
    }
}
