package io.kubemedic.app.engine;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.IncidentRecord;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.core.model.ResourceRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kubemedic.app.engine.EngineFixture.pod;
import static io.kubemedic.app.engine.EngineFixture.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** What a decision depends on lives in the store: a restarted engine continues each ladder where it stood. */
class IncidentPersistenceTest {

    private static final ResourceRef WEB = ResourceRef.deployment("shop", "web");

    @TempDir
    Path dir;

    @Test
    void aRestartContinuesTheLadderWhereItStoodAndTakesNoRungTwice() {
        List<Pod> pods = new CopyOnWriteArrayList<>(List.of(pod("web", "web-1", true)));
        String incident;
        try (EngineFixture before = new EngineFixture(dir, Map.of())) {
            before.cluster = t -> snapshot("web", before.clock.instant(), pods.toArray(Pod[]::new));
            before.action(ActionType.EVICT_POD).effect(step -> {
                pods.clear();
                pods.add(pod("web", "web-2", true)); // the replacement crashes the same way
            });
            before.reconciler.reconcile(WEB);
            before.clock.advance(Duration.ofSeconds(1));
            before.reconciler.reconcile(WEB); // same fault on the replacement: the next rung, a rolling restart, runs
            assertThat(before.action(ActionType.ROLLOUT_RESTART).calls).hasSize(1);
            incident = before.incidents.get(WEB).id;
        } // Kubemedic stops while the restart is being verified
        try (EngineFixture after = new EngineFixture(dir, Map.of())) {
            after.clock.advance(Duration.ofSeconds(30)); // past the restart's verify.timeout of 20 s
            after.cluster = t -> snapshot("web", after.clock.instant(), pods.toArray(Pod[]::new));
            assertThat(after.incidents.load()).containsExactly(WEB);
            assertThat(after.incidents.get(WEB).rungsDone).containsExactly("evict-pod");
            after.reconciler.reconcile(WEB);

            assertThat(after.action(ActionType.EVICT_POD).calls).as("no rung is taken twice").isEmpty();
            assertThat(after.action(ActionType.ROLLOUT_RESTART).calls).isEmpty();
            assertThat(after.audit.incident(incident)).hasValueSatisfying(i -> {
                assertThat(i.outcome()).as("the restart's verification timed out: the ladder ends").isEqualTo(Outcome.ESCALATED);
                assertThat(i.lastReason()).isEqualTo(io.kubemedic.core.model.Reason.POLICY_ESCALATE);
            });
        }
    }

    @Test
    void aVerificationInterruptedByARestartIsFinishedAndTheIncidentClosedHealed() {
        List<Pod> pods = new CopyOnWriteArrayList<>(List.of(pod("web", "web-1", true)));
        try (EngineFixture before = new EngineFixture(dir, Map.of())) {
            before.cluster = t -> snapshot("web", before.clock.instant(), pods.toArray(Pod[]::new));
            before.action(ActionType.EVICT_POD).effect(step -> {
                pods.clear();
                pods.add(pod("web", "web-2", false));
            });
            before.reconciler.reconcile(WEB);
            assertThat(before.incidents.get(WEB).verification).isNotNull();
        }
        try (EngineFixture after = new EngineFixture(dir, Map.of())) {
            after.cluster = t -> snapshot("web", after.clock.instant(), pods.toArray(Pod[]::new));
            after.incidents.load();
            after.clock.advance(Duration.ofSeconds(1));
            after.reconciler.reconcile(WEB);
            after.clock.advance(Duration.ofSeconds(3));
            after.reconciler.reconcile(WEB);

            assertThat(after.action(ActionType.EVICT_POD).calls).as("nothing is done twice").isEmpty();
            assertThat(after.audit.openIncidents()).isEmpty();
            assertThat(after.audit.incidents(5)).singleElement().extracting(IncidentRecord::outcome).isEqualTo(Outcome.HEALED);
        }
    }

    @Test
    void anIncidentLeftOpenWhoseTargetHealedMeanwhileIsClosedResolved() {
        try (EngineFixture before = new EngineFixture(dir, Map.of("mode", "dry-run"))) {
            before.cluster = t -> snapshot("web", before.clock.instant(), pod("web", "web-1", true));
            before.reconciler.reconcile(WEB);
        }
        try (EngineFixture after = new EngineFixture(dir, Map.of())) {
            after.cluster = t -> snapshot("web", after.clock.instant(), pod("web", "web-1", false));
            after.incidents.load();
            after.reconciler.reconcile(WEB);
            assertThat(after.audit.openIncidents()).isEmpty();
            assertThat(after.audit.incidents(5)).singleElement().satisfies(i -> {
                assertThat(i.outcome()).as("what dry-run decided stays on the record").isEqualTo(Outcome.DRY_RUN);
                assertThat(i.closedAt()).isNotNull();
            });
        }
    }
}
