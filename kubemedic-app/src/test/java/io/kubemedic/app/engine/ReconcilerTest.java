package io.kubemedic.app.engine;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.decision.Policy;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import io.kubemedic.kube.action.ActionResult;
import io.kubemedic.kube.observe.WorkloadCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kubemedic.app.engine.EngineFixture.pod;
import static io.kubemedic.app.engine.EngineFixture.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's decisions over time, one defect found on the real API server per test: each drives the Reconciler
 * pass after pass with a hand-moved clock, as the work queue would.
 */
class ReconcilerTest {

    private static final ResourceRef WEB = ResourceRef.deployment("shop", "web");

    @TempDir
    Path dir;

    private static ActionResult blocked() {
        return new ActionResult(ActionResult.Status.BLOCKED, "evict pod shop/web-1 refused: Cannot evict pod as it would violate the"
                + " pod's disruption budget. The disruption budget web needs 1 healthy pods and has 0 currently",
                Map.of("blockedBy", "PodDisruptionBudget", "budget", "The disruption budget web needs 1 healthy pods and has 0 currently"));
    }

    /** Reconciles, then moves the clock by the delay the engine asked for, until {@code until} has passed; returns the delays. */
    private static List<Duration> run(EngineFixture f, Duration until) {
        List<Duration> delays = new ArrayList<>();
        java.time.Instant end = f.clock.instant().plus(until);
        while (f.clock.instant().isBefore(end)) {
            Optional<Duration> next = f.reconciler.reconcile(WEB);
            if (next.isEmpty()) {
                f.clock.advance(Duration.ofSeconds(30)); // the periodic resync
                continue;
            }
            delays.add(next.get());
            f.clock.advance(next.get());
        }
        return delays;
    }

    @Test
    void aBudgetRefusalHoldsWithBackoffThenEscalatesWithTheHintAndNeverClimbsToARestart() {
        try (EngineFixture f = new EngineFixture(dir, Map.of())) {
            f.cluster = t -> snapshot("web", f.clock.instant(), pod("web", "web-1", true), pod("web", "web-2", true));
            for (int i = 0; i < 100; i++) {
                f.action(ActionType.EVICT_POD).answer(blocked());
            }

            List<Duration> delays = run(f, Duration.ofMinutes(3));

            assertThat(f.action(ActionType.ROLLOUT_RESTART).calls).as("a budget cannot stop a rolling restart: never fall back to it").isEmpty();
            assertThat(delays).startsWith(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
            assertThat(delays).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(30)));
            assertThat(f.rows(AuditStatus.HELD)).filteredOn(r -> r.reason() == Reason.PDB_BLOCKED).isNotEmpty();
            List<AuditRecord> escalations = f.rows(AuditStatus.ESCALATED);
            assertThat(escalations).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(Reason.HELD_TOO_LONG);
                assertThat(r.reasonText()).contains("unhealthyPodEvictionPolicy").contains("needs 1 healthy pods");
                assertThat(Duration.between(f.rows().getFirst().timestamp(), r.timestamp())).isBetween(Duration.ofMinutes(2), Duration.ofSeconds(121));
            });
            assertThat(f.ledger.countSince(EngineFixture.T0)).as("refused evictions spend no budget").isZero();
            assertThat(f.incidents.get(WEB).outcome).isEqualTo(Outcome.ESCALATED);
        }
    }

    @Test
    void aRuleThatOptsInClimbsToTheNextRungWhenABudgetRefuses() {
        Policy climbing = Policy.parse("""
                rules:
                  - name: crash
                    finding: CRASH_LOOP_BACK_OFF
                    onBudgetBlocked: climb
                    ladder:
                      - {action: evict-pod, automatic: true}
                      - {action: rollout-restart, automatic: true}
                """, "test");
        try (EngineFixture f = new EngineFixture(dir, Map.of(), climbing)) {
            f.cluster = t -> snapshot("web", f.clock.instant(), pod("web", "web-1", true));
            f.action(ActionType.EVICT_POD).answer(blocked());
            f.reconciler.reconcile(WEB);
            assertThat(f.action(ActionType.ROLLOUT_RESTART).calls).hasSize(1);
        }
    }

    @Test
    void anUnansweredCallIsVerifiedBeforeAnythingElseThenRetriedNeverClimbedBlind() {
        try (EngineFixture f = new EngineFixture(dir, Map.of())) {
            f.cluster = t -> snapshot("web", f.clock.instant(), pod("web", "web-1", true));
            for (int i = 0; i < 10; i++) {
                f.action(ActionType.EVICT_POD).answer(ActionResult.unknown("503 Service Unavailable"));
            }

            run(f, Duration.ofMinutes(2));

            assertThat(f.action(ActionType.EVICT_POD).calls).hasSize(Execution.MAX_UNKNOWN + 1);
            assertThat(f.action(ActionType.ROLLOUT_RESTART).calls).isEmpty();
            assertThat(f.rows(AuditStatus.VERIFICATION_FAILED)).allSatisfy(r -> assertThat(r.reason()).isEqualTo(Reason.OUTCOME_UNKNOWN));
            assertThat(f.rows(AuditStatus.ESCALATED)).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(Reason.OUTCOME_UNKNOWN));
        }
    }

    @Test
    void staleAndFailedAttemptsSpendNoBudgetAndStaleStateDoesNotLoop() {
        try (EngineFixture f = new EngineFixture(dir, Map.of())) {
            f.cluster = t -> snapshot("web", f.clock.instant(), pod("web", "web-1", true));
            f.action(ActionType.EVICT_POD).answer(ActionResult.stale("409"), ActionResult.stale("409"), ActionResult.stale("409"));

            run(f, Duration.ofMinutes(1));

            assertThat(f.action(ActionType.EVICT_POD).calls).hasSize(Execution.MAX_STALE);
            assertThat(f.ledger.countSince(EngineFixture.T0)).isZero();
            assertThat(f.rows(AuditStatus.ESCALATED)).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(Reason.STALE_STATE));
            assertThat(HealingEngine.rebuildLedger(f.audit, f.config, f.clock.instant()).countSince(EngineFixture.T0))
                    .as("nor after a restart").isZero();
        }
    }

    @Test
    void aSuppressedIncidentIsDecidedAgainWhenThePausedAnnotationGoes() {
        try (EngineFixture f = new EngineFixture(dir, Map.of())) {
            List<Boolean> paused = new CopyOnWriteArrayList<>(List.of(true));
            f.cluster = t -> TargetSnapshot.builder(WEB, f.clock.instant())
                    .namespace(new NamespaceBuilder().withNewMetadata().withName("shop")
                            .withAnnotations(paused.getFirst() ? Map.of("kubemedic.io/paused", "true") : Map.of()).endMetadata().build())
                    .deployment(EngineFixture.deployment("web", 1)).pods(List.of(pod("web", "web-1", true))).build();

            for (int i = 0; i < 5; i++) {
                f.reconciler.reconcile(WEB);
                f.clock.advance(Duration.ofSeconds(30));
            }
            assertThat(f.action(ActionType.EVICT_POD).calls).isEmpty();
            assertThat(f.rows(AuditStatus.DENIED)).as("written once, not on every pass").singleElement()
                    .satisfies(r -> assertThat(r.reason()).isEqualTo(Reason.PAUSED));
            assertThat(f.incidents.get(WEB).outcome).isEqualTo(Outcome.SUPPRESSED);

            paused.set(0, false);
            f.reconciler.reconcile(WEB);

            assertThat(f.action(ActionType.EVICT_POD).calls).hasSize(1);
            assertThat(f.incidents.get(WEB).outcome).isEqualTo(Outcome.OPEN);
        }
    }

    @Test
    void anUnreadableInputHoldsAndCachesOutOfSyncDecideNothing() {
        try (EngineFixture f = new EngineFixture(dir, Map.of())) {
            f.inSync = false;
            f.cluster = t -> snapshot("web", f.clock.instant(), pod("web", "web-1", true));
            assertThat(f.reconciler.reconcile(WEB)).contains(Reconciler.NOT_IN_SYNC_RETRY);
            assertThat(f.incidents.get(WEB)).as("nothing decided on a cache that is not in sync").isNull();

            f.inSync = true;
            f.cluster = t -> TargetSnapshot.builder(WEB, f.clock.instant()).deployment(EngineFixture.deployment("web", 1))
                    .pods(List.of(pod("web", "web-1", true)))
                    .cluster(new TargetSnapshot.ClusterFacts(1, 20, true, List.of("namespace shop: 403 Forbidden"))).build();
            f.reconciler.reconcile(WEB);

            assertThat(f.action(ActionType.EVICT_POD).calls).isEmpty();
            assertThat(f.rows(AuditStatus.HELD)).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(Reason.INPUT_UNREADABLE);
                assertThat(r.reasonText()).contains("namespace shop: 403 Forbidden");
            });
        }
    }

    @Test
    void fourCrashLoopingReplicasAreHealedOneAtATimeEachHoldingTheStableWindowAndThatIsNotFlapping() {
        try (EngineFixture f = new EngineFixture(dir, Map.of())) {
            List<Pod> pods = new CopyOnWriteArrayList<>(List.of(pod("web", "web-a", true), pod("web", "web-b", true),
                    pod("web", "web-c", true), pod("web", "web-d", true)));
            f.cluster = t -> snapshot("web", f.clock.instant(), pods.toArray(Pod[]::new));
            f.action(ActionType.EVICT_POD).effect(step -> {
                pods.removeIf(p -> p.getMetadata().getName().equals(step.target().name()));
                pods.add(pod("web", step.target().name() + "-new", false));
            });
            List<java.time.Instant> evictedAt = new ArrayList<>();

            for (int pass = 0; pass < 200 && f.incidents.get(WEB) != null || pass == 0; pass++) {
                int before = f.action(ActionType.EVICT_POD).calls.size();
                Optional<Duration> next = f.reconciler.reconcile(WEB);
                if (f.action(ActionType.EVICT_POD).calls.size() > before) {
                    evictedAt.add(f.clock.instant());
                }
                f.clock.advance(next.orElse(Duration.ofMillis(500)));
            }

            assertThat(f.action(ActionType.EVICT_POD).calls).extracting(s -> s.target().name()).containsExactlyInAnyOrder("web-a", "web-b", "web-c", "web-d");
            for (int i = 1; i < evictedAt.size(); i++) {
                assertThat(Duration.between(evictedAt.get(i - 1), evictedAt.get(i))).as("the replacement held Ready for verify.stableFor first")
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            }
            assertThat(f.rows()).noneMatch(r -> r.reason() == Reason.FLAPPING);
            assertThat(f.action(ActionType.ROLLOUT_RESTART).calls).isEmpty();
            assertThat(f.incidents.get(WEB)).as("closed").isNull();
            assertThat(f.audit.incidents(10)).first().satisfies(i -> assertThat(i.outcome()).isEqualTo(Outcome.HEALED));
        }
    }

    @Test
    void storModeIsDecidedFromTheCachesBeforeTheFirstAction() {
        try (EngineFixture f = new EngineFixture(dir, Map.of())) {
            f.counts = new WorkloadCounts(12, 12);
            f.cluster = t -> snapshot("web", f.clock.instant(), pod("web", "web-1", true));
            f.reconciler.reconcile(WEB);
            assertThat(f.action(ActionType.EVICT_POD).calls).isEmpty();
            assertThat(f.rows(AuditStatus.ESCALATED)).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(Reason.STORM));
        }
    }

    @Test
    void failuresThatBeginTogetherAreSeenTogetherTheFirstActionWaitsTheSettleWindow() {
        try (EngineFixture f = new EngineFixture(dir, Map.of("storm.settle", "5s"))) {
            f.counts = new WorkloadCounts(10, 1); // the first crash-looping replica's event has arrived, the others' not yet
            f.cluster = t -> snapshot("web", f.clock.instant(), pod("web", "web-1", true));

            Optional<Duration> wait = f.reconciler.reconcile(WEB);
            assertThat(wait).contains(Duration.ofSeconds(5));
            assertThat(f.action(ActionType.EVICT_POD).calls).isEmpty();
            assertThat(f.incidents.get(WEB)).as("the incident is open meanwhile").isNotNull();

            f.counts = new WorkloadCounts(10, 10); // within the window the rest of the storm arrives
            f.clock.advance(Duration.ofSeconds(2));
            f.reconciler.reconcile(WEB);

            assertThat(f.action(ActionType.EVICT_POD).calls).isEmpty();
            assertThat(f.rows(AuditStatus.ESCALATED)).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(Reason.STORM));
        }
    }

    @Test
    void whatForbidsActingIsRecordedAtOnceEvenWithinTheSettleWindow() {
        try (EngineFixture f = new EngineFixture(dir, Map.of("storm.settle", "5s", "killSwitch", "true"))) {
            f.cluster = t -> snapshot("web", f.clock.instant(), pod("web", "web-1", true));

            f.reconciler.reconcile(WEB);

            assertThat(f.rows(AuditStatus.DENIED)).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(Reason.KILL_SWITCH));
        }
    }

    @Test
    void aLoneFailureIsActedOnOnceTheSettleWindowHasPassed() {
        try (EngineFixture f = new EngineFixture(dir, Map.of("storm.settle", "5s"))) {
            f.counts = new WorkloadCounts(10, 1);
            f.cluster = t -> snapshot("web", f.clock.instant(), pod("web", "web-1", true));

            f.reconciler.reconcile(WEB);
            f.clock.advance(Duration.ofMillis(4999));
            f.reconciler.reconcile(WEB);
            assertThat(f.action(ActionType.EVICT_POD).calls).isEmpty();
            f.clock.advance(Duration.ofMillis(1));
            f.reconciler.reconcile(WEB);

            assertThat(f.action(ActionType.EVICT_POD).calls).hasSize(1);
        }
    }

    @Test
    void aFixSomeoneIsAlreadyRollingOutIsWaitedForNeitherActedOnNorEscalated() {
        try (EngineFixture f = new EngineFixture(dir, Map.of())) {
            // a human ran `kubectl rollout restart` (generation 2) a moment ago; the controller has not caught up yet
            io.fabric8.kubernetes.api.model.apps.Deployment restarted = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(
                    EngineFixture.deployment("web", 1)).editMetadata().withGeneration(2L).endMetadata().build();
            f.cluster = t -> TargetSnapshot.builder(WEB, f.clock.instant()).deployment(restarted).pods(List.of(pod("web", "web-1", true))).build();
            f.reconciler.reconcile(WEB);
            f.clock.advance(Duration.ofSeconds(1));
            // then its rollout retires the crash-looping pod
            io.fabric8.kubernetes.api.model.apps.Deployment rolling = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(restarted)
                    .editStatus().withObservedGeneration(2L).withReplicas(2).withUpdatedReplicas(1).endStatus().build();
            Pod terminating = new io.fabric8.kubernetes.api.model.PodBuilder(pod("web", "web-1", true)).editMetadata()
                    .withDeletionTimestamp(f.clock.instant().toString()).endMetadata().build();
            f.cluster = t -> TargetSnapshot.builder(WEB, f.clock.instant()).deployment(rolling).pods(List.of(terminating, pod("web", "web-2", false))).build();
            run(f, Duration.ofSeconds(20));
            assertThat(f.rows(AuditStatus.HELD)).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(Reason.ROLLOUT_IN_PROGRESS));

            f.cluster = t -> snapshot("web", f.clock.instant(), pod("web", "web-2", false));
            f.reconciler.reconcile(WEB);

            assertThat(f.rows(AuditStatus.ESCALATED)).isEmpty();
            assertThat(f.actions.values()).allSatisfy(a -> assertThat(a.calls).isEmpty());
            assertThat(f.audit.incidents(10)).first().satisfies(i -> assertThat(i.outcome()).isEqualTo(Outcome.RESOLVED));
        }
    }

    @Test
    void aHumanIsNotCalledBeforeTheSettleWindowHasPassed() {
        Policy escalateOnly = Policy.parse("""
                rules:
                  - name: crash-escalate
                    finding: CRASH_LOOP_BACK_OFF
                    ladder: [escalate]
                """, "test policy");
        try (EngineFixture f = new EngineFixture(dir, Map.of("storm.settle", "5s"), escalateOnly)) {
            f.cluster = t -> snapshot("web", f.clock.instant(), pod("web", "web-1", true));

            assertThat(f.reconciler.reconcile(WEB)).contains(Duration.ofSeconds(5));
            assertThat(f.rows(AuditStatus.ESCALATED)).isEmpty();
            f.clock.advance(Duration.ofSeconds(5));
            f.reconciler.reconcile(WEB);

            assertThat(f.rows(AuditStatus.ESCALATED)).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(Reason.POLICY_ESCALATE));
        }
    }

    @Test
    void aTargetHeldByACooldownIsEscalatedAfterHeldForSoAHumanHears() {
        try (EngineFixture f = new EngineFixture(dir, Map.of("escalation.heldFor", "2m"))) {
            f.ledger.record(new io.kubemedic.core.safety.ActionLedger.Entry(f.clock.instant(), "inc-earlier", WEB, "shop", ActionType.SCALE));
            f.cluster = t -> snapshot("web", f.clock.instant(), pod("web", "web-1", true));

            run(f, Duration.ofMinutes(3));

            assertThat(f.action(ActionType.EVICT_POD).calls).isEmpty();
            assertThat(f.rows(AuditStatus.HELD)).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(Reason.COOLDOWN));
            assertThat(f.rows(AuditStatus.ESCALATED)).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(Reason.HELD_TOO_LONG));
        }
    }
}
