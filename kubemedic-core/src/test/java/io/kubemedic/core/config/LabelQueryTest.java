package io.kubemedic.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelQueryTest {

    private static final Map<String, String> GENERAL = Map.of("pool", "general", "kubernetes.io/hostname", "worker-1", "zone", "a");

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "'';                                       true",
            "pool=general;                             true",
            "pool==general;                            true",
            "pool = general;                           true",
            "pool=gpu;                                 false",
            "pool!=gpu;                                true",
            "pool!=general;                            false",
            "missing!=x;                               true",
            "pool;                                     true",
            "!pool;                                    false",
            "!spot;                                    true",
            "kubernetes.io/hostname in (worker-1,worker-2); true",
            "kubernetes.io/hostname in (worker-2);     false",
            "kubernetes.io/hostname notin (worker-2);  true",
            "missing notin (x);                        true",
            "missing in (x);                           false",
            "pool=general,zone in (a, b),!spot;        true",
            "pool=general,zone in (b);                 false",
    })
    void matchesAsTheApiServerDoes(String selector, boolean matches) {
        assertThat(LabelQuery.parse(selector).matches(GENERAL)).isEqualTo(matches);
    }

    @Test
    void keepsTheTextToSendToTheServer() {
        LabelQuery q = LabelQuery.parse("  zone in (a,b), pool=general ");
        assertThat(q).hasToString("zone in (a,b), pool=general");
        assertThat(q.requirements()).hasSize(2);
        assertThat(LabelQuery.parse("").isEmpty()).isTrue();
        assertThat(LabelQuery.parse(null).matches(null)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "pool=general,;            expected a label key at position 14",
            "zone in a,b;              expected '(' to open the value set at position 9",
            "zone in (a,b;             expected ',' or ')' in the value set at position 13",
            "zone in ();               the value set of 'in' and 'notin' cannot be empty",
            "pool > 3;                 expected '=', '==', '!=', 'in', 'notin', ',' or the end after key 'pool'",
            "-pool=x;                  '-pool' is not a valid label key",
            "pool=gen eral;            expected ',' or the end at position 10",
            "pool=a/b;                 'a/b' is not a valid label value",
    })
    void rejectsWhatTheApiServerWouldRejectSayingWhere(String selector, String message) {
        assertThatThrownBy(() -> LabelQuery.parse(selector)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void aBadNodeSelectorIsAConfigErrorNamingTheOption() {
        assertThatThrownBy(() -> KubemedicConfig.from(Map.of("nodes.selector", "zone in (a")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("option 'nodes.selector'").hasMessageContaining("zone in (a");
    }
}
