package io.kubemedic.core.safety;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.GuardVerdict;
import io.kubemedic.core.model.GuardVerdict.Decision;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.Step;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kubemedic.core.safety.GuardFixtures.WEB;
import static io.kubemedic.core.safety.GuardFixtures.context;
import static io.kubemedic.core.safety.GuardFixtures.deployment;
import static io.kubemedic.core.safety.GuardFixtures.snapshot;
import static io.kubemedic.core.safety.GuardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

/** Default memory.ceiling is 4Gi. */
class MemoryCeilingGuardTest {

    private final MemoryCeilingGuard guard = new MemoryCeilingGuard();

    private static Step raise(String to, String from) {
        Map<String, String> params = new HashMap<>(Map.of("container", "app", "memoryLimit", to));
        if (from != null) {
            params.put("previousLimit", from);
        }
        return step(ActionType.RAISE_MEMORY_LIMIT, WEB, params, false);
    }

    private static LimitRange limitRange(String type, String max) {
        return new LimitRangeBuilder().withNewMetadata().withName("limits-" + type.toLowerCase()).endMetadata()
                .withNewSpec().addNewLimit().withType(type).addToMax("memory", new Quantity(max)).endLimit().endSpec().build();
    }

    /** Deployment web with container app (limit 1Gi) and a sidecar (limit 300Mi). */
    private GuardVerdict check(Step step, LimitRange... ranges) {
        var web = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(deployment(1)).editSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("app").withNewResources().addToLimits("memory", new Quantity("1Gi")).endResources().endContainer()
                .addNewContainer().withName("sidecar").withNewResources().addToLimits("memory", new Quantity("300Mi")).endResources().endContainer()
                .endSpec().endTemplate().endSpec().build();
        return guard.check(step, context().snapshot(snapshot().deployment(web).limitRanges(List.of(ranges)).build()).build());
    }

    @Test
    void allowsARaiseBelowTheCeiling() {
        assertThat(check(raise("320Mi", "256Mi")).allowed()).isTrue();
    }

    @Test
    void allowsARaiseExactlyToTheCeiling() {
        assertThat(check(raise("4Gi", "3Gi")).allowed()).isTrue();
        assertThat(check(raise("4096Mi", "3Gi")).allowed()).isTrue();
    }

    @Test
    void escalatesAboveTheCeiling() {
        GuardVerdict verdict = check(raise("4097Mi", "4Gi"));

        assertThat(verdict.decision()).isEqualTo(Decision.ESCALATE);
        assertThat(verdict.reason()).isEqualTo(Reason.MEMORY_CEILING);
        assertThat(verdict.detail()).isEqualTo("memory limit 4097Mi is above memory.ceiling 4Gi");
    }

    @Test
    void followsTheConfiguredCeiling() {
        GuardVerdict verdict = guard.check(raise("640Mi", "512Mi"), context().set("memory.ceiling", "512Mi").build());

        assertThat(verdict.detail()).isEqualTo("memory limit 640Mi is above memory.ceiling 512Mi");
    }

    @Test
    void escalatesAboveAContainerLimitRangeMax() {
        GuardVerdict verdict = check(raise("2Gi", "1Gi"), limitRange("Container", "1536Mi"));

        assertThat(verdict.reason()).isEqualTo(Reason.MEMORY_CEILING);
        assertThat(verdict.detail()).isEqualTo("memory limit 2Gi is above max.memory 1536Mi of LimitRange limits-container (per container)");
    }

    @Test
    void allowsExactlyTheLimitRangeMax() {
        assertThat(check(raise("1536Mi", "1Gi"), limitRange("Container", "1536Mi")).allowed()).isTrue();
    }

    @Test
    void aPodLimitRangeCountsWhatTheOtherContainersTake() {
        // type Pod, max 1536Mi, sidecar 300Mi: app may go to 1236Mi, not 1300Mi
        assertThat(check(raise("1236Mi", "1Gi"), limitRange("Pod", "1536Mi")).allowed()).isTrue();
        GuardVerdict verdict = check(raise("1300Mi", "1Gi"), limitRange("Pod", "1536Mi"));
        assertThat(verdict.reason()).isEqualTo(Reason.MEMORY_CEILING);
        assertThat(verdict.detail()).contains("per pod; the other containers take 300Mi");
    }

    @Test
    void ignoresLimitRangeItemsThatDoNotLimitPodsOrContainers() {
        assertThat(check(raise("2Gi", "1Gi"), limitRange("PersistentVolumeClaim", "1Gi")).allowed()).isTrue();
    }

    @Test
    void escalatesWhenTheNewLimitIsNotAboveThePreviousOne() {
        GuardVerdict verdict = check(raise("1Gi", "1024Mi"));

        assertThat(verdict.reason()).isEqualTo(Reason.MEMORY_CEILING);
        assertThat(verdict.detail()).isEqualTo("memory limit 1Gi is not above the previous limit 1024Mi");
    }

    @Test
    void allowsWithoutAPreviousLimit() {
        assertThat(check(raise("1Gi", null)).allowed()).isTrue();
    }

    @Test
    void escalatesAnUnreadableLimit() {
        assertThat(check(raise("lots", "1Gi")).detail()).isEqualTo("memoryLimit 'lots' is not a Kubernetes quantity");
        assertThat(check(step(ActionType.RAISE_MEMORY_LIMIT)).reason()).isEqualTo(Reason.MEMORY_CEILING);
    }

    @Test
    void otherActionsPass() {
        assertThat(check(step(ActionType.SCALE)).allowed()).isTrue();
    }
}
