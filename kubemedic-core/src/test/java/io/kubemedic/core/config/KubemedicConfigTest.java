package io.kubemedic.core.config;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubemedicConfigTest {

    @Test
    void defaultsAreSafe() {
        KubemedicConfig c = KubemedicConfig.defaults();
        assertThat(c.enforce()).as("a real cluster defaults to dry-run").isFalse();
        assertThat(c.namespaceAllowed("kube-system")).isFalse();
        assertThat(c.namespaceAllowed("shop")).isTrue();
        assertThat(c.cooldown()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.memoryCeiling()).isEqualTo(new Quantity("4Gi"));
    }

    @Test
    void laterLayersWinAndNestedYamlFlattens() {
        Map<String, String> file = KubemedicConfig.flatten(Map.of("namespaces", Map.of("allow", List.of("shop", "kube-system")), "cooldown", "5m"));
        KubemedicConfig c = KubemedicConfig.from(file, Map.of("cooldown", "30s", "mode", "enforce"));
        assertThat(c.cooldown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.enforce()).isTrue();
        assertThat(c.namespaceAllowed("kube-system")).as("explicitly allowed").isTrue();
        assertThat(c.namespaceAllowed("other")).isFalse();
    }

    @Test
    void badInputNamesTheOptionAndTheExpectedForm() {
        assertThatThrownBy(() -> KubemedicConfig.from(Map.of("cooldown", "ten minutes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cooldown").hasMessageContaining("10m");
        assertThatThrownBy(() -> KubemedicConfig.from(Map.of("cooldwn", "1m")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown option 'cooldwn'");
        assertThatThrownBy(() -> KubemedicConfig.from(Map.of("storm.threshold", "1.5"))).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> KubemedicConfig.from(Map.of("mode", "yolo"))).hasMessageContaining("dry-run or enforce");
        assertThatThrownBy(() -> KubemedicConfig.from(Map.of("memory.ceiling", "0"))).hasMessageContaining("positive");
    }

    @Test
    void durationsRoundTrip() {
        for (String s : List.of("500ms", "30s", "10m", "1h", "2d")) {
            Duration d = Durations.parse(s);
            assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
        }
    }
}
