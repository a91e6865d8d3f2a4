package io.kubemedic.core.verify;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StableWindowTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration STABLE = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** A pod whose container ran {@code ranFor} before it died {@code ago} and now waits in {@code waiting}. */
    private static Pod pod(String waiting, Duration ranFor, int exitCode) {
        Instant finished = NOW.minusSeconds(10);
        return new PodBuilder().withNewMetadata().withNamespace("shop").withName("web-1").endMetadata().withNewStatus().withPhase("Running")
                .addToContainerStatuses(new ContainerStatusBuilder().withName("app").withRestartCount(5)
                        .withNewState().withNewWaiting().withReason(waiting).endWaiting().endState()
                        .withNewLastState().withNewTerminated().withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error")
                        .withStartedAt(finished.minus(ranFor).toString()).withFinishedAt(finished.toString()).endTerminated().endLastState()
                        .build()).endStatus().build();
    }

    private static Duration window(Pod... pods) {
        TargetSnapshot s = TargetSnapshot.builder(ResourceRef.deployment("shop", "web"), NOW).pods(List.of(pods)).build();
        return StableWindow.of(STABLE, s, TIMEOUT);
    }

    @Test
    void aContainerThatDiesSoonAfterStartingIsJudgedByTheConfiguredWindow() {
        assertThat(window(pod("CrashLoopBackOff", Duration.ZERO, 1))).isEqualTo(Duration.ofSeconds(2));
        assertThat(window()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aContainerThatRanFiveSecondsBeforeEachCrashMustOutliveThat() {
        assertThat(window(pod("CrashLoopBackOff", Duration.ofSeconds(5), 1))).isEqualTo(Duration.ofMillis(8500));
    }

    @Test
    void theWindowStopsAtHalfTheVerificationTimeout() {
        assertThat(window(pod("CrashLoopBackOff", Duration.ofMinutes(30), 137))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void onlyContainersFailingNowAndCrashesCount() {
        assertThat(window(pod("ContainerCreating", Duration.ofSeconds(40), 1))).as("an old crash of a container that is starting again")
                .isEqualTo(STABLE);
        assertThat(window(pod("CrashLoopBackOff", Duration.ofSeconds(40), 0))).as("a clean exit is no crash").isEqualTo(STABLE);
    }
}
