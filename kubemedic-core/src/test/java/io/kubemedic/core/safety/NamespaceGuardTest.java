package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Step;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.kubemedic.core.safety.GuardFixtures.context;
import static io.kubemedic.core.safety.GuardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

class NamespaceGuardTest {

    private final NamespaceGuard guard = new NamespaceGuard();

    private static Step in(String namespace) {
        return step(ActionType.SCALE, ResourceRef.deployment(namespace, "web"), Map.of(), false);
    }

    @Test
    void allowsAnyNamespaceButTheDeniedOnesByDefault() {
        assertThat(guard.check(in("shop"), context().build()).allowed()).isTrue();

        GuardVerdict verdict = guard.check(kubeSystem(), context().build());

        assertThat(verdict.decision()).isEqualTo(Decision.DENY);
        assertThat(verdict.reason()).isEqualTo(Reason.NAMESPACE_DENIED);
        assertThat(verdict.detail()).contains("kube-system", "namespaces.deny [kube-system]");
    }

    @Test
    void deniesANamespaceOutsideTheAllowList() {
        GuardVerdict verdict = guard.check(in("shop"), context().set("namespaces.allow", "prod,staging").build());

        assertThat(verdict.decision()).isEqualTo(Decision.DENY);
        assertThat(verdict.reason()).isEqualTo(Reason.NAMESPACE_NOT_ALLOWED);
        assertThat(verdict.detail()).isEqualTo("namespace shop is not in namespaces.allow [prod, staging]");
    }

    @Test
    void allowsANamespaceOnTheAllowList() {
        assertThat(guard.check(in("prod"), context().set("namespaces.allow", "prod,staging").build()).allowed()).isTrue();
    }

    @Test
    void theAllowListOverridesTheDenyList() {
        assertThat(guard.check(kubeSystem(), context().set("namespaces.allow", "kube-system").build()).allowed()).isTrue();
    }

    @Test
    void aNamespaceBothAllowedAndDeniedIsDeniedTheStricterSettingWins() {
        GuardVerdict verdict = guard.check(in("payments"), context().set("namespaces.allow", "payments,shop").set("namespaces.deny", "payments").build());

        assertThat(verdict.decision()).isEqualTo(Decision.DENY);
        assertThat(verdict.reason()).isEqualTo(Reason.NAMESPACE_DENIED);
        assertThat(verdict.detail()).contains("the stricter setting wins");
        assertThat(io.kubemedic.core.config.KubemedicConfig.from(Map.of("namespaces.allow", "payments", "namespaces.deny", "payments"))
                .namespaceAllowed("payments")).as("nothing is routed from it either").isFalse();
    }

    @Test
    void deniesAConfiguredDenyListNamespace() {
        GuardVerdict verdict = guard.check(in("payments"), context().set("namespaces.deny", "payments").build());

        assertThat(verdict.reason()).isEqualTo(Reason.NAMESPACE_DENIED);
    }

    @Test
    void clusterScopedTargetsNeedClusterScope() {
        Step cordon = step(ActionType.CORDON_NODE, ResourceRef.node("worker-1"), Map.of(), false);

        GuardVerdict namespaced = guard.check(cordon, context().set("namespaces.allow", "prod").build());
        assertThat(namespaced.decision()).isEqualTo(Decision.DENY);
        assertThat(namespaced.reason()).isEqualTo(Reason.CLUSTER_SCOPE_REQUIRED);
        assertThat(guard.check(cordon, context().build()).allowed()).as("a cluster-wide run may cordon").isTrue();
    }

    @Test
    void aNodeOutsideTheNodeSelectorIsNeverActedOnWhateverTheWatchLetThrough() {
        Step cordon = step(ActionType.CORDON_NODE, ResourceRef.node("worker-1"), Map.of(), false);
        java.util.function.Function<Map<String, String>, GuardContext> withLabels = labels -> context()
                .set("nodes.selector", "pool=general,kubernetes.io/hostname in (worker-1,worker-2)")
                .snapshot(TargetSnapshot.builder(ResourceRef.node("worker-1"), GuardFixtures.NOW)
                        .node(new NodeBuilder().withNewMetadata().withName("worker-1").withLabels(labels).endMetadata().build()).build())
                .build();

        assertThat(guard.check(cordon, withLabels.apply(Map.of("pool", "general", "kubernetes.io/hostname", "worker-1"))).allowed()).isTrue();
        GuardVerdict otherPool = guard.check(cordon, withLabels.apply(Map.of("pool", "gpu", "kubernetes.io/hostname", "worker-1")));
        assertThat(otherPool.decision()).isEqualTo(Decision.DENY);
        assertThat(otherPool.reason()).isEqualTo(Reason.NODE_NOT_SELECTED);
        assertThat(otherPool.detail()).isEqualTo("Node(worker-1) does not match nodes.selector 'pool=general,kubernetes.io/hostname in (worker-1,worker-2)':"
                + " it is never acted on");
        GuardVerdict unknown = guard.check(cordon, context().set("nodes.selector", "pool=general").build());
        assertThat(unknown.reason()).as("a node not in the cache fails closed").isEqualTo(Reason.NODE_NOT_SELECTED);
        assertThat(guard.check(in("shop"), context().set("nodes.selector", "pool=general").build()).allowed())
                .as("the node selector does not limit namespaced targets").isTrue();
    }

    private static Step kubeSystem() {
        return in("kube-system");
    }
}
