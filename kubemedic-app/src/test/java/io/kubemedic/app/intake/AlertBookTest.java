package io.kubemedic.app.intake;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kubemedic.core.decision.AlertRoute;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertBookTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Instant FIRING_SINCE = NOW.minus(Duration.ofMinutes(30));
    private static final ResourceRef WEB = ResourceRef.deployment("shop", "web");
    private static final ResourceRef POD = ResourceRef.pod("shop", "web-7d4b9c-abcde");
    private static final AlertRoute LEAK = new AlertRoute("MemoryLeakDetected", FindingType.MEMORY_LEAK, true);

    /** A clock the test moves by hand. */
    private static final class TestClock extends Clock {
        private Instant now = NOW;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final AlertBook book = new AlertBook(clock);

    private static Alert alert(String fingerprint, Instant startsAt) {
        return new Alert("alertmanager", "group|" + fingerprint, true, "MemoryLeakDetected",
                Map.of("alertname", "MemoryLeakDetected", "namespace", "shop", "pod", POD.name(), "container", "app"),
                Map.of("summary", "web leaks memory"), startsAt, fingerprint);
    }

    /** A running pod of web whose containers started at the given times (app first, then sidecar). */
    private static Pod pod(String name, Instant appStarted, Instant sidecarStarted) {
        return new PodBuilder().withNewMetadata().withNamespace("shop").withName(name).endMetadata()
                .withNewStatus().withPhase("Running")
                .addNewContainerStatus().withName("app").withRestartCount(0).withNewState().withNewRunning().withStartedAt(appStarted.toString())
                .endRunning().endState().endContainerStatus()
                .addNewContainerStatus().withName("sidecar").withRestartCount(0).withNewState().withNewRunning()
                .withStartedAt(sidecarStarted.toString()).endRunning().endState().endContainerStatus()
                .endStatus().build();
    }

    private static Pod longRunning() {
        return pod(POD.name(), NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(2)));
    }

    private static Deployment deployment() {
        return new DeploymentBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .withNewSpec().withReplicas(2).endSpec().build();
    }

    private TargetSnapshot snapshot(Pod... pods) {
        return TargetSnapshot.builder(WEB, clock.instant()).deployment(deployment()).pods(List.of(pods)).build();
    }

    private void fireOnPod(Alert alert) {
        book.fire(alert, LEAK, POD, WEB, "app");
    }

    @Test
    void nothingRecordedNothingFound() {
        assertThat(book.findings(snapshot(longRunning()))).isEmpty();
    }

    @Test
    void evidenceHoldsWhileThePodItNamedRunsUnrestarted() {
        fireOnPod(alert("fp1", FIRING_SINCE));

        List<Finding> findings = book.findings(snapshot(longRunning(), pod("web-7d4b9c-xyz12", NOW, NOW)));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.MEMORY_LEAK);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.subject()).isEqualTo(POD);
            assertThat(f.container()).isEqualTo("app");
            assertThat(f.evidence()).containsEntry("alertname", "MemoryLeakDetected")
                    .containsEntry("firingSince", FIRING_SINCE.toString())
                    .containsEntry("source", "alertmanager")
                    .containsEntry("fingerprint", "fp1");
            assertThat(f.message()).contains("MemoryLeakDetected").contains("web leaks memory");
        });
        assertThat(book.findings(snapshot(longRunning()))).as("it keeps holding: reading does not consume it").hasSize(1);
    }

    @Test
    void theRouteDecidesTheFindingType() {
        book.fire(alert("fp1", FIRING_SINCE), new AlertRoute("ContainerMemoryPressure", FindingType.MEMORY_PRESSURE, true), POD, WEB, "app");
        assertThat(book.findings(snapshot(longRunning()))).extracting(Finding::type).containsExactly(FindingType.MEMORY_PRESSURE);
    }

    @Test
    void aContainerRestartedAfterTheAlertBeganEndsTheEvidence() {
        fireOnPod(alert("fp1", FIRING_SINCE));
        Pod restarted = pod(POD.name(), FIRING_SINCE.plus(Duration.ofMinutes(5)), NOW.minus(Duration.ofDays(2)));
        assertThat(book.findings(snapshot(restarted))).isEmpty();
    }

    @Test
    void onlyTheNamedContainersRestartCounts() {
        fireOnPod(alert("fp1", FIRING_SINCE));
        Pod sidecarRestarted = pod(POD.name(), NOW.minus(Duration.ofDays(2)), FIRING_SINCE.plus(Duration.ofMinutes(5)));
        assertThat(book.findings(snapshot(sidecarRestarted))).hasSize(1);
    }

    @Test
    void aGoneOrTerminatingPodEndsTheEvidence() {
        fireOnPod(alert("fp1", FIRING_SINCE));
        assertThat(book.findings(snapshot(pod("web-7d4b9c-xyz12", NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(2))))))
                .as("its replacement is not the pod the alert measured").isEmpty();
        assertThat(book.findings(snapshot())).isEmpty();
        Pod terminating = new PodBuilder(longRunning()).editMetadata().withDeletionTimestamp(NOW.toString()).endMetadata().build();
        assertThat(book.findings(snapshot(terminating))).isEmpty();
    }

    @Test
    void evidenceIsOnlyAboutItsOwnWorkload() {
        fireOnPod(alert("fp1", FIRING_SINCE));
        TargetSnapshot other = TargetSnapshot.builder(ResourceRef.deployment("shop", "api"), NOW).pods(List.of(longRunning())).build();
        assertThat(book.findings(other)).isEmpty();
        TargetSnapshot otherNamespace = TargetSnapshot.builder(ResourceRef.deployment("staging", "web"), NOW).pods(List.of(longRunning())).build();
        assertThat(book.findings(otherNamespace)).isEmpty();
    }

    @Test
    void resolvingForgetsTheEvidenceAndNamesItsWorkload() {
        Alert alert = alert("fp1", FIRING_SINCE);
        fireOnPod(alert);
        fireOnPod(alert("fp2", FIRING_SINCE));

        assertThat(book.resolve(alert.dedupKey())).hasValue(WEB);

        assertThat(book.findings(snapshot(longRunning()))).extracting(f -> f.evidence("fingerprint")).containsExactly("fp2");
        assertThat(book.resolve(alert.dedupKey())).as("already resolved").isEmpty();
        assertThat(book.resolve("group|never-fired")).isEmpty();
    }

    @Test
    void repeatedNotificationsOfOneAlertAreOneFinding() {
        fireOnPod(alert("fp1", FIRING_SINCE));
        fireOnPod(alert("fp1", FIRING_SINCE));
        assertThat(book.findings(snapshot(longRunning()))).hasSize(1);
        assertThat(book.size()).isEqualTo(1);
    }

    @Test
    void evidenceNotRefreshedWithinItsTtlIsDropped() {
        fireOnPod(alert("fp1", FIRING_SINCE));

        clock.advance(AlertBook.EVIDENCE_TTL);
        assertThat(book.findings(snapshot(longRunning()))).as("exactly at the TTL").hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(book.findings(snapshot(longRunning()))).isEmpty();
        assertThat(book.size()).as("dropped, not just hidden").isZero();
    }

    @Test
    void aRepeatedNotificationRefreshesTheTtl() {
        fireOnPod(alert("fp1", FIRING_SINCE));
        clock.advance(AlertBook.EVIDENCE_TTL.minusHours(1));
        fireOnPod(alert("fp1", FIRING_SINCE)); // Alertmanager's repeat_interval
        clock.advance(Duration.ofHours(2));
        assertThat(book.findings(snapshot(longRunning()))).hasSize(1);
    }

    private static AlertBook.Request restart(String id, ResourceRef subject) {
        return new AlertBook.Request(id, FindingType.REQUESTED_RESTART, subject, WEB, "app", Map.of("reason", "elastic workflow"),
                "token:1a2b3c4d", NOW);
    }

    @Test
    void aRequestIsACriticalFindingUntilDecided() {
        book.request(restart("req-1", POD));

        assertThat(book.findings(snapshot(longRunning()))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.REQUESTED_RESTART);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.subject()).isEqualTo(POD);
            assertThat(f.container()).isEqualTo("app");
            assertThat(f.evidence()).containsEntry("requestId", "req-1").containsEntry("requestedBy", "token:1a2b3c4d")
                    .containsEntry("reason", "elastic workflow");
            assertThat(f.message()).contains("token:1a2b3c4d");
        });
        assertThat(book.findings(snapshot())).as("a request does not depend on the pod still running").hasSize(1);
        assertThat(book.findings(TargetSnapshot.builder(ResourceRef.deployment("shop", "api"), NOW).build())).isEmpty();

        book.done("req-1");
        assertThat(book.findings(snapshot(longRunning()))).isEmpty();
        assertThat(book.size()).isZero();
    }

    @Test
    void aCompletedActionAnswersEveryRequestForItsWorkloadOnly() {
        book.request(restart("req-1", POD));
        book.request(restart("req-2", WEB));
        ResourceRef api = ResourceRef.deployment("shop", "api");
        book.request(new AlertBook.Request("req-3", FindingType.REQUESTED_SCALE, api, api, null, Map.of("replicas", "3"), "token:1a2b3c4d", NOW));

        book.doneFor(WEB);

        assertThat(book.findings(snapshot(longRunning()))).isEmpty();
        assertThat(book.findings(TargetSnapshot.builder(api, NOW).build())).extracting(f -> f.evidence("requestId")).containsExactly("req-3");
    }

    @Test
    void requestsAndEvidenceAddUp() {
        fireOnPod(alert("fp1", FIRING_SINCE));
        book.request(restart("req-1", POD));
        assertThat(book.findings(snapshot(longRunning()))).extracting(Finding::type)
                .containsExactlyInAnyOrder(FindingType.MEMORY_LEAK, FindingType.REQUESTED_RESTART);
        book.done("req-1");
        assertThat(book.findings(snapshot(longRunning()))).extracting(Finding::type).containsExactly(FindingType.MEMORY_LEAK);
    }
}
