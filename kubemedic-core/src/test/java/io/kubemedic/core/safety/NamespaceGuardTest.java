package io.kubemedic.core.safety;

import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Step;
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

    private static Step kubeSystem() {
        return in("kube-system");
    }
}
