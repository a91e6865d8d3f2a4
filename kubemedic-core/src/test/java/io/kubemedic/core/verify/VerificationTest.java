package io.kubemedic.core.verify;

import io.kubemedic.core.Fixtures;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Risk;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VerificationTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final ResourceRef web = ResourceRef.deployment("shop", "web");
    private final Step evict = new Step(ActionType.EVICT_POD, ResourceRef.pod("shop", "web-a-1"), web, Map.of("podUid", "u1"),
            Reason.CRASH_LOOP_EVICT, "", 0.8, Risk.LOW, 0, true, "crash-loop-restart");

    private TargetSnapshot snap(Instant at, io.fabric8.kubernetes.api.model.Pod... pods) {
        return TargetSnapshot.builder(web, at).deployment(Fixtures.deployment("shop", "web", pods.length, "i", "256Mi", "1"))
                .pods(List.of(pods)).build();
    }

    private Verification verification(TargetSnapshot before) {
        return new Verification(Expectation.forStep(evict, before, T0, Duration.ofSeconds(20)), Set.of(FindingType.CRASH_LOOP_BACK_OFF), Duration.ofSeconds(2));
    }

    private static Finding crash(String pod) {
        return new Finding(FindingType.CRASH_LOOP_BACK_OFF, Severity.CRITICAL, ResourceRef.pod("shop", pod), "app", "crash", Map.of(), "");
    }

    @Test
    void metOnlyAfterTheReplacementStaysHealthyForTheStableWindow() {
        Verification v = verification(snap(T0, Fixtures.pod("shop", "web-a-1", "u1", "a", false)));
        TargetSnapshot healed = snap(T0, Fixtures.pod("shop", "web-a-9", "u9", "a", true));
        assertThat(v.evaluate(healed, List.of(), T0.plusSeconds(1)).status()).isEqualTo(Verification.Status.PENDING);
        assertThat(v.evaluate(healed, List.of(), T0.plusMillis(2500)).status()).isEqualTo(Verification.Status.PENDING);
        Verification.Result r = v.evaluate(healed, List.of(), T0.plusMillis(3000));
        assertThat(r.status()).isEqualTo(Verification.Status.MET);
        assertThat(r.reason()).isEqualTo(Reason.VERIFIED);
    }

    @Test
    void aRelapseRestartsTheStableWindow() {
        Verification v = verification(snap(T0, Fixtures.pod("shop", "web-a-1", "u1", "a", false)));
        TargetSnapshot healed = snap(T0, Fixtures.pod("shop", "web-a-9", "u9", "a", true));
        TargetSnapshot unready = snap(T0, Fixtures.pod("shop", "web-a-9", "u9", "a", false));
        v.evaluate(healed, List.of(), T0.plusSeconds(1));
        v.evaluate(unready, List.of(), T0.plusSeconds(2));
        assertThat(v.evaluate(healed, List.of(), T0.plusSeconds(3)).status()).isEqualTo(Verification.Status.PENDING);
        assertThat(v.evaluate(healed, List.of(), T0.plusSeconds(5)).status()).isEqualTo(Verification.Status.MET);
    }

    @Test
    void theSameFaultOnAReplacementFailsAtOnceWithoutWaitingForTheTimeout() {
        Verification v = verification(snap(T0, Fixtures.pod("shop", "web-a-1", "u1", "a", false)));
        TargetSnapshot again = snap(T0, Fixtures.pod("shop", "web-a-9", "u9", "a", false));
        Verification.Result r = v.evaluate(again, List.of(crash("web-a-9")), T0.plusSeconds(1));
        assertThat(r.status()).isEqualTo(Verification.Status.FAILED);
        assertThat(r.reason()).isEqualTo(Reason.VERIFICATION_SAME_FAULT);
    }

    @Test
    void aHealthyReplacementWithOtherPodsStillFaultyIsPartialProgress() {
        Verification v = verification(snap(T0, Fixtures.pod("shop", "web-a-1", "u1", "a", false), Fixtures.pod("shop", "web-a-2", "u2", "a", false)));
        TargetSnapshot half = snap(T0, Fixtures.pod("shop", "web-a-9", "u9", "a", true), Fixtures.pod("shop", "web-a-2", "u2", "a", false));
        assertThat(v.evaluate(half, List.of(crash("web-a-2")), T0.plusSeconds(1)).status()).isEqualTo(Verification.Status.PARTIAL);
    }

    @Test
    void theDeadlineFailsAnActionThatNeverLanded() {
        TargetSnapshot before = snap(T0, Fixtures.pod("shop", "web-a-1", "u1", "a", false));
        Verification v = verification(before);
        assertThat(v.evaluate(before, List.of(crash("web-a-1")), T0.plusSeconds(19)).status()).isEqualTo(Verification.Status.PENDING);
        Verification.Result r = v.evaluate(before, List.of(crash("web-a-1")), T0.plusSeconds(20));
        assertThat(r.status()).isEqualTo(Verification.Status.FAILED);
        assertThat(r.reason()).isEqualTo(Reason.VERIFICATION_TIMEOUT);
        assertThat(r.detail()).contains("did not show in the cluster");
    }
}
