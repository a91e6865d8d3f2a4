package io.kubemedic.core.diagnosis;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CrashLoopBackOffDiagnoserTest {

    private final CrashLoopBackOffDiagnoser diagnoser = new CrashLoopBackOffDiagnoser();

    @Test
    void reportsRestartsAndHowTheContainerLastDied() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("crashloop.json")))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.CRASH_LOOP_BACK_OFF);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.subject()).isEqualTo(ResourceRef.pod("shop", "web-7d4b9c6f5-x2k8q"));
            assertThat(f.container()).isEqualTo("app");
            assertThat(f.evidence()).containsExactlyInAnyOrderEntriesOf(Map.of("restartCount", "7", "lastExitCode", "1",
                    "lastReason", "Error", "podTemplateHash", "7d4b9c6f5", "image", "registry.example.com/shop/web:1.4.2"));
            assertThat(f.message()).isEqualTo("container app of pod web-7d4b9c6f5-x2k8q restarted 7 times; last exit code 1 (Error)");
            assertThat(f.recommendation()).contains("--previous");
        });
    }

    @Test
    void aCrashingInitContainerIsFoundAndTheWaitingAppContainerIsNot() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("init-crashloop.json")))).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo(ResourceRef.pod("data", "db-0"));
            assertThat(f.type()).as("its own failure mode: the pod never starts").isEqualTo(FindingType.INIT_CONTAINER_CRASH_LOOP);
            assertThat(f.container()).isEqualTo("migrate");
            assertThat(f.evidence()).as("a StatefulSet pod has no pod-template-hash")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("restartCount", "6", "lastExitCode", "3", "lastReason", "Error",
                            "image", "registry.example.com/data/migrate:7"));
        });
    }

    @Test
    void withoutALastStateItStillReportsButClaimsNoExitCode() {
        Pod pod = PodJson.pod("crashloop.json");
        pod.getStatus().getContainerStatuses().getFirst().setLastState(new ContainerState());
        assertThat(diagnoser.diagnose(PodJson.snapshot(pod))).singleElement().satisfies(f -> {
            assertThat(f.evidence()).doesNotContainKeys("lastExitCode", "lastReason").containsEntry("restartCount", "7");
            assertThat(f.message()).isEqualTo("container app of pod web-7d4b9c6f5-x2k8q restarted 7 times");
        });
    }

    @Test
    void eachCrashLoopingPodGetsItsOwnFinding() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("crashloop.json"), PodJson.pod("healthy.json"), PodJson.pod("oomkilled.json"))))
                .extracting(f -> f.subject().name()).containsExactly("web-7d4b9c6f5-x2k8q", "worker-5c9f8d7b6-q7wzp");
    }

    @Test
    void pastRestartsOrOtherWaitingReasonsAreNotACrashLoop() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("healthy.json")))).isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("imagepull.json")))).isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("config-error.json")))).isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("oom-recovered.json")))).isEmpty();
    }
}
