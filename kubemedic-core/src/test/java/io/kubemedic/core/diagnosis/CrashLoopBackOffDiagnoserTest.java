package io.kubemedic.core.diagnosis;

import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CrashLoopBackOffDiagnoserTest {

    private final CrashLoopBackOffDiagnoser diagnoser = new CrashLoopBackOffDiagnoser();

    @Test
    void reportsRestartsAndHowTheContainerLastDied() {
        List<Finding> findings = diagnoser.diagnose(PodJson.snapshot(PodJson.pod("crashloop.json")));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.CRASH_LOOP_BACK_OFF);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.subject()).isEqualTo(ResourceRef.pod("shop", "web-7d4b9c6f5-x2k8q"));
            assertThat(f.container()).isEqualTo("app");
            assertThat(f.evidence()).containsEntry("restartCount", "7").containsEntry("lastExitCode", "1")
                    .containsEntry("lastReason", "Error").containsEntry("podTemplateHash", "7d4b9c6f5")
                    .containsEntry("image", "registry.example.com/shop/web:1.4.2");
            assertThat(f.message()).contains("restarted 7 times").contains("exit code 1");
        });
    }

    @Test
    void seesInitContainersToo() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("init-crashloop.json"))))
                .singleElement().satisfies(f -> {
                    assertThat(f.container()).isEqualTo("migrate");
                    assertThat(f.evidence()).containsEntry("restartCount", "6").containsEntry("lastExitCode", "3");
                });
    }

    @Test
    void aHealthyPodWithPastRestartsIsNotACrashLoop() {
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("healthy.json")))).isEmpty();
        assertThat(diagnoser.diagnose(PodJson.snapshot(PodJson.pod("imagepull.json")))).isEmpty();
    }
}
