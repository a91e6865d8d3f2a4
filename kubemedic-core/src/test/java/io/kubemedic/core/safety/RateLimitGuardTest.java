package io.kubemedic.core.safety;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Step;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;

import static io.kubemedic.core.safety.GuardFixtures.NOW;
import static io.kubemedic.core.safety.GuardFixtures.context;
import static io.kubemedic.core.safety.GuardFixtures.entry;
import static io.kubemedic.core.safety.GuardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

class RateLimitGuardTest {

    private static final Step SCALE = step(ActionType.SCALE);

    private final RateLimitGuard guard = new RateLimitGuard();

    /** {@code count} actions in {@code namespace}, each on its own deployment, the oldest {@code oldest} ago. */
    private static ActionLedger.Entry[] actions(int count, String namespace, Instant oldest) {
        return IntStream.range(0, count)
                .mapToObj(i -> entry(oldest.plusSeconds(i), "inc-" + i, ResourceRef.deployment(namespace, "app-" + i), ActionType.SCALE))
                .toArray(ActionLedger.Entry[]::new);
    }

    private static GuardFixtures.ContextBuilder limits() {
        return context().set("rateLimit.global", "5").set("rateLimit.perNamespace", "3");
    }

    @Test
    void allowsBelowBothLimits() {
        assertThat(guard.check(SCALE, limits().recorded(actions(2, "shop", NOW.minusSeconds(60))).build()).allowed()).isTrue();
    }

    @Test
    void holdsWhenTheNamespaceBudgetIsSpent() {
        GuardVerdict verdict = guard.check(SCALE, limits().recorded(actions(3, "shop", NOW.minusSeconds(60))).build());

        assertThat(verdict.decision()).isEqualTo(Decision.HOLD);
        assertThat(verdict.reason()).isEqualTo(Reason.RATE_LIMIT_NAMESPACE);
        assertThat(verdict.detail()).isEqualTo("3 actions in namespace shop in the last hour, limit 3");
    }

    @Test
    void otherNamespacesDoNotSpendThisOne() {
        assertThat(guard.check(SCALE, limits().recorded(actions(4, "blog", NOW.minusSeconds(60))).build()).allowed()).isTrue();
    }

    @Test
    void holdsWhenTheGlobalBudgetIsSpent() {
        GuardVerdict verdict = guard.check(SCALE, limits()
                .recorded(actions(3, "blog", NOW.minusSeconds(60))).recorded(actions(2, "docs", NOW.minusSeconds(30))).build());

        assertThat(verdict.reason()).isEqualTo(Reason.RATE_LIMIT_GLOBAL);
        assertThat(verdict.detail()).isEqualTo("5 actions in the cluster in the last hour, limit 5");
    }

    @Test
    void anActionExactlyAnHourOldStillCountsOneSecondOlderDoesNot() {
        ActionLedger.Entry[] recent = actions(2, "shop", NOW.minusSeconds(60));
        ResourceRef old = ResourceRef.deployment("shop", "old");

        assertThat(guard.check(SCALE, limits().recorded(recent)
                .recorded(entry(NOW.minusSeconds(3600), "inc-old", old, ActionType.SCALE)).build()).reason())
                .isEqualTo(Reason.RATE_LIMIT_NAMESPACE);
        assertThat(guard.check(SCALE, limits().recorded(recent)
                .recorded(entry(NOW.minusSeconds(3601), "inc-old", old, ActionType.SCALE)).build()).allowed())
                .isTrue();
    }

    @Test
    void clusterScopedTargetsShareOneBudget() {
        ResourceRef node = ResourceRef.node("worker-9");
        Step cordon = step(ActionType.CORDON_NODE, node, Map.of(), false);
        ActionLedger.Entry[] cordons = IntStream.range(0, 3)
                .mapToObj(i -> entry(NOW.minusSeconds(60 + i), "inc-" + i, ResourceRef.node("worker-" + i), ActionType.CORDON_NODE))
                .toArray(ActionLedger.Entry[]::new);

        GuardVerdict verdict = guard.check(cordon, limits().recorded(cordons).build());

        assertThat(verdict.reason()).isEqualTo(Reason.RATE_LIMIT_NAMESPACE);
        assertThat(verdict.detail()).isEqualTo("3 actions on cluster-scoped objects in the last hour, limit 3");
    }
}
