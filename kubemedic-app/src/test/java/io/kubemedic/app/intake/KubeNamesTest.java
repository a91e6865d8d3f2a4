package io.kubemedic.app.intake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KubeNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "shop", "kube-system", "team-42", "1st"})
    void validLabels(String name) {
        assertThat(KubeNames.namespace(name, "label namespace")).isEqualTo(name);
        assertThat(KubeNames.container(name, "label container")).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Shop", "shop_eu", "-shop", "shop-", "shop.eu", "shop eu", "shöp", "shop\n"})
    void invalidLabels(String name) {
        assertThatExceptionOfType(IntakeException.class).isThrownBy(() -> KubeNames.namespace(name, "label namespace"))
                .satisfies(e -> assertThat(e.code()).isEqualTo("invalid_name"))
                .withMessageContaining("'label namespace'").withMessageContaining("DNS-1123 label");
    }

    @Test
    void aLabelIsAtMost63Characters() {
        String max = "a" + "-".repeat(61) + "z";
        assertThat(max).hasSize(63);
        assertThat(KubeNames.namespace(max, "ns")).isEqualTo(max);
        assertThatExceptionOfType(IntakeException.class).isThrownBy(() -> KubeNames.namespace("a".repeat(64), "ns"))
                .satisfies(e -> assertThat(e.status()).isEqualTo(422));
        assertThatExceptionOfType(IntakeException.class).isThrownBy(() -> KubeNames.container("a".repeat(64), "c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "web-7d4b9c-abcde", "db-0", "worker-1.eu-west-1.compute.internal", "10.0.0.1"})
    void validSubdomains(String name) {
        assertThat(KubeNames.object(name, "label pod")).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Web", "web_app", ".web", "web.", "web..app", "web.-app", "-web", "web/app", "web:8080"})
    void invalidSubdomains(String name) {
        assertThatExceptionOfType(IntakeException.class).isThrownBy(() -> KubeNames.object(name, "label pod"))
                .satisfies(e -> assertThat(e.code()).isEqualTo("invalid_name"))
                .withMessageContaining("DNS-1123 subdomain");
    }

    @Test
    void aSubdomainIsAtMost253Characters() {
        String max = ("a".repeat(62) + ".").repeat(4) + "b"; // dotted, each part a valid label
        assertThat(max).hasSize(253);
        assertThat(KubeNames.object(max, "label pod")).isEqualTo(max);
        assertThat(KubeNames.object("a".repeat(253), "label pod")).hasSize(253);
        assertThatExceptionOfType(IntakeException.class).isThrownBy(() -> KubeNames.object("a".repeat(254), "label pod"))
                .satisfies(e -> assertThat(e.code()).isEqualTo("invalid_name"));
        assertThatExceptionOfType(IntakeException.class).isThrownBy(() -> KubeNames.object(max + "c", "label pod"))
                .satisfies(e -> assertThat(e.code()).isEqualTo("invalid_name"));
    }

    @Test
    void aMissingNameIsMissingNotInvalid() {
        for (String blank : new String[]{null, "", "  "}) {
            assertThatExceptionOfType(IntakeException.class).isThrownBy(() -> KubeNames.object(blank, "label pod"))
                    .satisfies(e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.code()).isEqualTo("missing_field");
                    })
                    .withMessageContaining("'label pod'");
        }
    }

    @Test
    void unprintableCharactersAreNotEchoed() {
        assertThatExceptionOfType(IntakeException.class).isThrownBy(() -> KubeNames.object("web\u001b[31m", "label pod"))
                .withMessageNotContaining("\u001b").withMessageContaining("web?[31m");
    }
}
