package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.kubemedic.core.safety.GuardFixtures.context;
import static io.kubemedic.core.safety.GuardFixtures.evict;
import static io.kubemedic.core.safety.GuardFixtures.pod;
import static io.kubemedic.core.safety.GuardFixtures.snapshot;
import static io.kubemedic.core.safety.GuardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

class OwnershipGuardTest {

    private final OwnershipGuard guard = new OwnershipGuard();

    private GuardVerdict evictOnly(Pod pod) {
        return guard.check(evict("web-1"), context().snapshot(snapshot(1, pod)).build());
    }

    private static PodBuilder ownedBy(String kind, boolean controller) {
        return pod("web-1", true).editMetadata().withOwnerReferences().addNewOwnerReference()
                .withKind(kind).withName("owner").withController(controller).endOwnerReference().endMetadata();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController"})
    void allowsAPodWhoseControllerRecreatesIt(String kind) {
        assertThat(evictOnly(ownedBy(kind, true).build()).allowed()).isTrue();
    }

    @Test
    void neverEvictsABarePod() {
        GuardVerdict verdict = evictOnly(pod("web-1", true).editMetadata().withOwnerReferences().endMetadata().build());

        assertThat(verdict.decision()).isEqualTo(Decision.ESCALATE);
        assertThat(verdict.reason()).isEqualTo(Reason.NOT_CONTROLLER_MANAGED);
        assertThat(verdict.detail()).isEqualTo(
                "no controller would recreate pod Pod(shop/web-1) (it has no controller owner); it is never deleted");
    }

    @Test
    void anOwnerThatIsNotTheControllerDoesNotCount() {
        assertThat(evictOnly(ownedBy("ReplicaSet", false).build()).reason()).isEqualTo(Reason.NOT_CONTROLLER_MANAGED);
    }

    @Test
    void aControllerOfAnotherKindDoesNotCount() {
        GuardVerdict verdict = evictOnly(ownedBy("Node", true).build());

        assertThat(verdict.reason()).isEqualTo(Reason.NOT_CONTROLLER_MANAGED);
        assertThat(verdict.detail()).contains("its controller is a Node owner");
    }

    @Test
    void escalatesWhenThePodIsNotInTheSnapshot() {
        GuardVerdict verdict = guard.check(evict("web-9"), context().snapshot(snapshot(1, pod("web-1", true).build())).build());

        assertThat(verdict.reason()).isEqualTo(Reason.NOT_CONTROLLER_MANAGED);
        assertThat(verdict.detail()).contains("web-9", "not in the observed state");
    }

    @Test
    void escalatesWithoutASnapshot() {
        assertThat(guard.check(evict("web-1"), context().snapshot(null).build()).reason()).isEqualTo(Reason.NOT_CONTROLLER_MANAGED);
    }

    @Test
    void otherActionsPass() {
        assertThat(guard.check(step(ActionType.ROLLOUT_RESTART), context().build()).allowed()).isTrue();
    }
}
