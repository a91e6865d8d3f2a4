package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kubemedic.core.safety.GuardFixtures.INCIDENT;
import static io.kubemedic.core.safety.GuardFixtures.NOW;
import static io.kubemedic.core.safety.GuardFixtures.WEB;
import static io.kubemedic.core.safety.GuardFixtures.context;
import static io.kubemedic.core.safety.GuardFixtures.entry;
import static io.kubemedic.core.safety.GuardFixtures.evict;
import static io.kubemedic.core.safety.GuardFixtures.pod;
import static io.kubemedic.core.safety.GuardFixtures.snapshot;
import static io.kubemedic.core.safety.GuardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

class GuardChainTest {

    private static final Map<String, String> PAUSED = Map.of(PausedGuard.ANNOTATION, "true");

    private final GuardChain chain = GuardChain.defaults();

    private static TargetSnapshot healthy() {
        return snapshot(2, pod("web-1", true).build(), pod("web-2", true).build());
    }

    private static ActionLedger.Entry recentEvict(String incident) {
        return entry(NOW.minusSeconds(60), incident, WEB, ActionType.EVICT_POD);
    }

    @Test
    void listsTheGuardsInTheirOrder() {
        assertThat(chain.names()).containsExactly("kill-switch", "inputs", "paused", "namespace", "storm", "ownership", "memory-ceiling",
                "approval", "flapping", "cooldown", "rate-limit", "blast-radius");
    }

    @Test
    void allowsAMutatingStepWhenEveryGuardAllowsInEnforceMode() {
        assertThat(chain.evaluate(evict("web-1"), context().snapshot(healthy()).build())).isEqualTo(GuardVerdict.allow());
    }

    @ParameterizedTest
    @EnumSource(value = ActionType.class, names = {"CHECK_IMAGE", "REPORT", "ESCALATE"})
    void readOnlyStepsPassEvenWithTheKillSwitchOn(ActionType action) {
        GuardVerdict verdict = chain.evaluate(step(action), context().set("killSwitch", "true").set("mode", "dry-run").build());

        assertThat(verdict.decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void theKillSwitchStopsMutatingSteps() {
        GuardVerdict verdict = chain.evaluate(evict("web-1"), context().set("killSwitch", "true").snapshot(healthy()).build());

        assertThat(verdict.reason()).isEqualTo(Reason.KILL_SWITCH);
        assertThat(verdict.guard()).isEqualTo("kill-switch");
    }

    @Test
    void pausedWinsOverCooldown() {
        TargetSnapshot paused = snapshot(2, pod("web-1", true).editMetadata().withAnnotations(PAUSED).endMetadata().build(),
                pod("web-2", true).build());

        GuardVerdict verdict = chain.evaluate(evict("web-1"),
                context().snapshot(paused).incident("inc-new").recorded(recentEvict("inc-old")).build());

        assertThat(verdict.decision()).isEqualTo(Decision.DENY);
        assertThat(verdict.reason()).isEqualTo(Reason.PAUSED);
        assertThat(verdict.guard()).isEqualTo("paused");
    }

    @Test
    void ownershipEscalatesBeforeApprovalIsAskedFor() {
        Pod bare = pod("web-1", true).editMetadata().withOwnerReferences().endMetadata().build();
        Step manualEvict = step(ActionType.EVICT_POD, evict("web-1").target(), Map.of(), false);

        GuardVerdict verdict = chain.evaluate(manualEvict, context().snapshot(snapshot(1, bare)).build());

        assertThat(verdict.reason()).isEqualTo(Reason.NOT_CONTROLLER_MANAGED);
        assertThat(verdict.guard()).isEqualTo("ownership");
    }

    @Test
    void flappingEscalatesRatherThanWaitingOutTheCooldown() {
        GuardVerdict verdict = chain.evaluate(evict("web-1"), context().snapshot(healthy()).incident("inc-new").recorded(
                entry(NOW.minusSeconds(1800), "a", WEB, ActionType.EVICT_POD),
                entry(NOW.minusSeconds(900), "b", WEB, ActionType.EVICT_POD),
                recentEvict("c")).build());

        assertThat(verdict.reason()).isEqualTo(Reason.FLAPPING);
    }

    @Test
    void theNextRungOfTheSameIncidentPassesTheCooldown() {
        Step nextRung = step(ActionType.ROLLOUT_RESTART, WEB, Map.of(), true);

        GuardVerdict sameIncident = chain.evaluate(nextRung, context().snapshot(healthy()).recorded(recentEvict(INCIDENT)).build());
        GuardVerdict otherIncident = chain.evaluate(nextRung,
                context().snapshot(healthy()).incident("inc-new").recorded(recentEvict(INCIDENT)).build());

        assertThat(sameIncident.decision()).isEqualTo(Decision.ALLOW);
        assertThat(otherIncident.reason()).isEqualTo(Reason.COOLDOWN);
        assertThat(otherIncident.guard()).isEqualTo("cooldown");
    }

    @Test
    void dryRunAnswersDryRunOnlyWhenEveryGuardAllows() {
        GuardVerdict clear = chain.evaluate(evict("web-1"), context().set("mode", "dry-run").snapshot(healthy()).build());
        GuardVerdict held = chain.evaluate(evict("web-1"),
                context().set("mode", "dry-run").snapshot(healthy()).incident("inc-new").recorded(recentEvict("inc-old")).build());

        assertThat(clear.decision()).isEqualTo(Decision.DRY_RUN);
        assertThat(clear.reason()).isEqualTo(Reason.DRY_RUN);
        assertThat(clear.guard()).isEqualTo("mode");
        assertThat(clear.detail()).contains("evict-pod Pod(shop/web-1)", "dry-run");
        assertThat(held.reason()).isEqualTo(Reason.COOLDOWN);
    }

    @Test
    void stopsAtTheFirstGuardThatDoesNotAllowAndNamesIt() {
        List<String> asked = new ArrayList<>();
        GuardChain custom = new GuardChain(List.of(
                recording("first", GuardVerdict.allow(), asked),
                recording("second", GuardVerdict.of(Decision.HOLD, Reason.COOLDOWN, "wait", ""), asked),
                recording("third", GuardVerdict.allow(), asked)));

        GuardVerdict verdict = custom.evaluate(step(ActionType.SCALE), context().build());

        assertThat(asked).containsExactly("first", "second");
        assertThat(verdict).isEqualTo(GuardVerdict.of(Decision.HOLD, Reason.COOLDOWN, "wait", "second"));
    }

    private static Guard recording(String name, GuardVerdict answer, List<String> asked) {
        return new Guard() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public GuardVerdict check(Step step, GuardContext context) {
                asked.add(name);
                return answer;
            }
        };
    }
}
