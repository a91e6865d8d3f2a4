package io.kubemedic.core.safety;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class GuardTextTest {

    @Test
    void writesDurationsTheWayKubernetesUsersDo() {
        assertThat(GuardText.duration(Duration.ofSeconds(599))).isEqualTo("9m59s");
        assertThat(GuardText.duration(Duration.ofMinutes(65))).isEqualTo("1h5m");
        assertThat(GuardText.duration(Duration.ofMillis(200))).isEqualTo("1s");
        assertThat(GuardText.duration(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void writesSharesAsPercent() {
        assertThat(GuardText.percent(0.6)).isEqualTo("60%");
    }
}
