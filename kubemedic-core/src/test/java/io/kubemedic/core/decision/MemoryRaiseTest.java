package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The raise arithmetic, and every bound {@link MemoryLimits} puts on it, from one place. */
class MemoryRaiseTest {

    private static final Quantity MIN = new Quantity("100Mi");
    private static final Quantity CEILING = new Quantity("4Gi");
    private static final BigDecimal MI = BigDecimal.valueOf(1024 * 1024);

    private static Container container(String name, String limit, String request) {
        return new ContainerBuilder().withName(name).withNewResources()
                .withLimits(Map.of("memory", new Quantity(limit))).withRequests(Map.of("memory", new Quantity(request)))
                .endResources().build();
    }

    private static MemoryLimits.Cap ceiling() {
        return new MemoryLimits.Cap(Quantity.getAmountInBytes(CEILING), "memory.ceiling 4Gi");
    }

    private static TargetSnapshot snapshot(int replicas, IntOrString maxSurge, List<LimitRange> ranges, List<ResourceQuota> quotas, Container... containers) {
        Deployment d = new DeploymentBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(maxSurge).withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewSpec().withContainers(containers).endSpec().endTemplate().endSpec().build();
        return TargetSnapshot.builder(ResourceRef.deployment("shop", "web"), Instant.EPOCH).deployment(d)
                .limitRanges(ranges).resourceQuotas(quotas).build();
    }

    private static LimitRange limitRange(String type, String max) {
        return new LimitRangeBuilder().withNewMetadata().withName("limits").endMetadata().withNewSpec().addNewLimit().withType(type)
                .withMax(Map.of("memory", new Quantity(max))).endLimit().endSpec().build();
    }

    private static ResourceQuota quota(String key, String hard, String used) {
        return new ResourceQuotaBuilder().withNewMetadata().withName("team").endMetadata()
                .withNewSpec().withHard(Map.of(key, new Quantity(hard))).endSpec()
                .withNewStatus().withHard(Map.of(key, new Quantity(hard))).withUsed(Map.of(key, new Quantity(used))).endStatus().build();
    }

    @Test
    void smallLimitsRiseByTheMinimumIncrement() {
        var r = MemoryRaise.compute(container("app", "256Mi", "128Mi"), 25, MIN, ceiling()).orElseThrow();
        assertThat(r.newLimit()).isEqualTo(new Quantity("356Mi")); // 256 * 1.25 = 320 < 256 + 100
        assertThat(r.newRequest()).isEqualTo(new Quantity("178Mi")); // 128 * 356/256
        assertThat(r.capped()).isFalse();
        assertThat(r.raises()).isTrue();
    }

    @Test
    void largeLimitsRiseByThePercentage() {
        var r = MemoryRaise.compute(container("app", "2Gi", "2Gi"), 25, MIN, ceiling()).orElseThrow();
        assertThat(r.newLimit()).isEqualTo(new Quantity("2560Mi"));
    }

    @Test
    void theCeilingStopsTheRaiseAndIsNamed() {
        var r = MemoryRaise.compute(container("app", "3900Mi", "1Gi"), 25, MIN, ceiling()).orElseThrow();
        assertThat(r.newLimit()).isEqualTo(new Quantity("4096Mi"));
        assertThat(r.cappedBy()).isEqualTo("memory.ceiling 4Gi");
    }

    @Test
    void atTheCapThereIsNothingToRaise() {
        assertThat(MemoryRaise.compute(container("app", "4Gi", "4Gi"), 25, MIN, ceiling()).orElseThrow().raises()).isFalse();
    }

    @Test
    void noLimitMeansNoRaise() {
        assertThat(MemoryRaise.compute(new ContainerBuilder().withName("app").build(), 25, MIN, ceiling())).isEmpty();
    }

    @Test
    void aContainerLimitRangeMaxIsACap() {
        var s = snapshot(2, new IntOrString(1), List.of(limitRange("Container", "300Mi")), List.of(), container("app", "256Mi", "256Mi"));
        MemoryLimits.Cap cap = MemoryLimits.cap(s, "app", CEILING).orElseThrow();
        assertThat(cap.bytes()).isEqualByComparingTo(BigDecimal.valueOf(300).multiply(MI));
        assertThat(cap.by()).contains("LimitRange limits").contains("per container");
    }

    @Test
    void aPodLimitRangeCountsTheOtherContainers() {
        // type Pod, max 600Mi: app 256Mi + sidecar 300Mi leaves 300Mi for app, never the 356Mi a plain raise would ask
        var s = snapshot(2, new IntOrString(1), List.of(limitRange("Pod", "600Mi")), List.of(),
                container("app", "256Mi", "256Mi"), container("sidecar", "300Mi", "300Mi"));
        MemoryLimits.Cap cap = MemoryLimits.cap(s, "app", CEILING).orElseThrow();
        assertThat(cap.bytes()).isEqualByComparingTo(BigDecimal.valueOf(300).multiply(MI));
        assertThat(cap.by()).contains("per pod").contains("300Mi");
        var r = MemoryRaise.compute(container("app", "256Mi", "256Mi"), 25, MIN, cap).orElseThrow();
        assertThat(r.newLimit()).isEqualTo(new Quantity("300Mi"));
    }

    @Test
    void aResourceQuotaMustHoldEveryReplicaAndTheSurge() {
        // 2 replicas + 1 surge pod: 2 × (n − 256) + 1 × n ≤ 1024 − 512  →  n ≤ 341.33Mi
        var s = snapshot(2, new IntOrString(1), List.of(), List.of(quota("limits.memory", "1Gi", "512Mi")), container("app", "256Mi", "256Mi"));
        MemoryLimits.Cap cap = MemoryLimits.cap(s, "app", CEILING).orElseThrow();
        assertThat(cap.by()).contains("ResourceQuota team on limits.memory").contains("surge");
        var r = MemoryRaise.compute(container("app", "256Mi", "256Mi"), 25, MIN, cap).orElseThrow();
        assertThat(r.newLimit()).isEqualTo(new Quantity("341Mi"));
    }

    @Test
    void aRequestQuotaScalesWithTheRequestShare() {
        // requests are half the limit: 2 × 0.5 × (n − 256) + 0 surge ≤ 1Gi − 900Mi = 124Mi  →  n ≤ 380Mi
        var s = snapshot(2, new IntOrString(0), List.of(), List.of(quota("requests.memory", "1Gi", "900Mi")), container("app", "256Mi", "128Mi"));
        assertThat(MemoryLimits.cap(s, "app", CEILING).orElseThrow().bytes()).isEqualByComparingTo(BigDecimal.valueOf(380).multiply(MI));
    }

    @Test
    void aQuotaWithoutStatusAllowsNoRaise() {
        ResourceQuota fresh = new ResourceQuotaBuilder().withNewMetadata().withName("new").endMetadata()
                .withNewSpec().withHard(Map.of("limits.memory", new Quantity("8Gi"))).endSpec().build();
        var s = snapshot(1, new IntOrString(1), List.of(), List.of(fresh), container("app", "256Mi", "256Mi"));
        MemoryLimits.Cap cap = MemoryLimits.cap(s, "app", CEILING).orElseThrow();
        assertThat(cap.by()).contains("no status yet");
        assertThat(MemoryRaise.compute(container("app", "256Mi", "256Mi"), 25, MIN, cap).orElseThrow().raises()).isFalse();
    }
}
