package io.kubemedic.core.decision;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryRaiseTest {

    private static final Quantity MIN = new Quantity("100Mi");
    private static final Quantity CEILING = new Quantity("4Gi");

    private static Container container(String limit, String request) {
        return new ContainerBuilder().withName("app").withNewResources()
                .withLimits(Map.of("memory", new Quantity(limit))).withRequests(Map.of("memory", new Quantity(request)))
                .endResources().build();
    }

    @Test
    void smallLimitsRiseByTheMinimumIncrement() {
        var r = MemoryRaise.compute(container("256Mi", "128Mi"), 25, MIN, CEILING, List.of()).orElseThrow();
        assertThat(r.newLimit()).isEqualTo(new Quantity("356Mi")); // 256 * 1.25 = 320 < 256 + 100
        assertThat(r.newRequest()).isEqualTo(new Quantity("178Mi")); // 128 * 356/256
        assertThat(r.capped()).isFalse();
        assertThat(r.raises()).isTrue();
    }

    @Test
    void largeLimitsRiseByThePercentage() {
        var r = MemoryRaise.compute(container("2Gi", "2Gi"), 25, MIN, CEILING, List.of()).orElseThrow();
        assertThat(r.newLimit()).isEqualTo(new Quantity("2560Mi"));
    }

    @Test
    void theCeilingStopsTheRaise() {
        var r = MemoryRaise.compute(container("3900Mi", "1Gi"), 25, MIN, CEILING, List.of()).orElseThrow();
        assertThat(r.newLimit()).isEqualTo(new Quantity("4096Mi"));
        assertThat(r.capped()).isTrue();
    }

    @Test
    void aLimitRangeMaxIsAlsoACeiling() {
        LimitRange lr = new LimitRangeBuilder().withNewSpec().addNewLimit().withType("Container")
                .withMax(Map.of("memory", new Quantity("300Mi"))).endLimit().endSpec().build();
        var r = MemoryRaise.compute(container("256Mi", "256Mi"), 25, MIN, CEILING, List.of(lr)).orElseThrow();
        assertThat(r.newLimit()).isEqualTo(new Quantity("300Mi"));
        assertThat(r.capped()).isTrue();
    }

    @Test
    void atTheCeilingThereIsNothingToRaise() {
        var r = MemoryRaise.compute(container("4Gi", "4Gi"), 25, MIN, CEILING, List.of()).orElseThrow();
        assertThat(r.raises()).isFalse();
    }

    @Test
    void noLimitMeansNoRaise() {
        assertThat(MemoryRaise.compute(new ContainerBuilder().withName("app").build(), 25, MIN, CEILING, List.of())).isEmpty();
    }
}
