package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kubemedic.core.safety.GuardFixtures.NOW;
import static io.kubemedic.core.safety.GuardFixtures.NS;
import static io.kubemedic.core.safety.GuardFixtures.context;
import static io.kubemedic.core.safety.GuardFixtures.deployment;
import static io.kubemedic.core.safety.GuardFixtures.evict;
import static io.kubemedic.core.safety.GuardFixtures.pod;
import static io.kubemedic.core.safety.GuardFixtures.snapshot;
import static io.kubemedic.core.safety.GuardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

class PausedGuardTest {

    private static final Map<String, String> PAUSED = Map.of(PausedGuard.ANNOTATION, "true");

    private final PausedGuard guard = new PausedGuard();

    @Test
    void allowsWhenNothingIsPaused() {
        TargetSnapshot s = snapshot().namespace(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .deployment(deployment(2)).pods(List.of(pod("web-1", true).build())).build();

        assertThat(guard.check(evict("web-1"), context().snapshot(s).build()).allowed()).isTrue();
    }

    @Test
    void deniesWhenTheNamespaceIsPaused() {
        TargetSnapshot s = snapshot().namespace(new NamespaceBuilder().withNewMetadata().withName(NS)
                .withAnnotations(PAUSED).endMetadata().build()).deployment(deployment(2)).build();

        GuardVerdict verdict = guard.check(step(ActionType.ROLLOUT_RESTART), context().snapshot(s).build());

        assertThat(verdict.decision()).isEqualTo(Decision.DENY);
        assertThat(verdict.reason()).isEqualTo(Reason.PAUSED);
        assertThat(verdict.detail()).isEqualTo("Namespace(shop) carries kubemedic.io/paused=true");
    }

    @Test
    void deniesWhenTheDeploymentIsPaused() {
        TargetSnapshot s = snapshot().deployment(new DeploymentBuilder(deployment(2)).editMetadata()
                .withAnnotations(PAUSED).endMetadata().build()).build();

        GuardVerdict verdict = guard.check(step(ActionType.SCALE), context().snapshot(s).build());

        assertThat(verdict.reason()).isEqualTo(Reason.PAUSED);
        assertThat(verdict.detail()).startsWith("Deployment(shop/web)");
    }

    @Test
    void deniesWhenTheStatefulSetIsPaused() {
        TargetSnapshot s = TargetSnapshot.builder(ResourceRef.statefulSet(NS, "db"), NOW).statefulSet(new StatefulSetBuilder()
                .withNewMetadata().withName("db").withNamespace(NS).withAnnotations(PAUSED).endMetadata().build()).build();

        GuardVerdict verdict = guard.check(step(ActionType.ROLLOUT_RESTART, ResourceRef.statefulSet(NS, "db"), Map.of(), true),
                context().snapshot(s).build());

        assertThat(verdict.detail()).startsWith("StatefulSet(shop/db)");
    }

    @Test
    void deniesWhenTheTargetPodIsPausedButNotForItsSiblings() {
        TargetSnapshot s = snapshot(2, pod("web-1", true).editMetadata().withAnnotations(PAUSED).endMetadata().build(),
                pod("web-2", true).build());

        GuardVerdict paused = guard.check(evict("web-1"), context().snapshot(s).build());
        GuardVerdict sibling = guard.check(evict("web-2"), context().snapshot(s).build());

        assertThat(paused.reason()).isEqualTo(Reason.PAUSED);
        assertThat(paused.detail()).startsWith("Pod(shop/web-1)");
        assertThat(sibling.allowed()).isTrue();
    }

    @Test
    void deniesWhenTheTargetNodeIsPaused() {
        ResourceRef node = ResourceRef.node("worker-1");
        TargetSnapshot s = TargetSnapshot.builder(node, NOW)
                .node(new NodeBuilder().withNewMetadata().withName("worker-1").withAnnotations(PAUSED).endMetadata().build()).build();

        GuardVerdict verdict = guard.check(step(ActionType.CORDON_NODE, node, Map.of(), false), context().snapshot(s).build());

        assertThat(verdict.detail()).startsWith("Node(worker-1)");
    }

    @Test
    void readsOnlyTheValueTrue() {
        TargetSnapshot s = snapshot().deployment(new DeploymentBuilder(deployment(2)).editMetadata()
                .addToAnnotations(PausedGuard.ANNOTATION, "false").endMetadata().build()).build();

        assertThat(guard.check(step(ActionType.SCALE), context().snapshot(s).build()).allowed()).isTrue();
    }

    @Test
    void allowsWithoutASnapshot() {
        assertThat(guard.check(step(ActionType.SCALE), context().snapshot(null).build()).allowed()).isTrue();
    }

    @Test
    void aPausedPodTemplateOrAPausedPodStopsEveryWorkloadLevelActionThatWouldReplaceThem() {
        var pausedTemplate = new DeploymentBuilder(deployment(2)).editSpec().withNewTemplate().withNewMetadata()
                .addToAnnotations(PausedGuard.ANNOTATION, "true").endMetadata().endTemplate().endSpec().build();
        TargetSnapshot template = snapshot().deployment(pausedTemplate).pods(List.of(pod("web-1", false).build())).build();
        TargetSnapshot onePodPaused = snapshot().deployment(deployment(2)).pods(List.of(pod("web-1", false).build(),
                pod("web-2", true).editMetadata().addToAnnotations(PausedGuard.ANNOTATION, "true").endMetadata().build())).build();

        for (ActionType workloadLevel : List.of(ActionType.RAISE_MEMORY_LIMIT, ActionType.ROLLOUT_RESTART, ActionType.ROLLBACK)) {
            GuardVerdict v = guard.check(step(workloadLevel), context().snapshot(template).build());
            assertThat(v.reason()).as(workloadLevel + " with a paused template").isEqualTo(Reason.PAUSED);
            assertThat(v.detail()).contains("pod template");
            assertThat(guard.check(step(workloadLevel), context().snapshot(onePodPaused).build()).reason())
                    .as(workloadLevel + " would replace the paused pod web-2").isEqualTo(Reason.PAUSED);
        }
        assertThat(guard.check(evict("web-1"), context().snapshot(onePodPaused).build()).allowed())
                .as("evicting its unpaused sibling touches only that pod").isTrue();
    }
}
