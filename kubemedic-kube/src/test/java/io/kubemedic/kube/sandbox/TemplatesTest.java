package io.kubemedic.kube.sandbox;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Template comparison as Semantic.DeepEqual with the hash label ignored, and a stable hash. */
class TemplatesTest {

    private static PodTemplateSpec template(String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().build();
    }

    @Test
    void theHashLabelAndEmptyMapsDoNotMakeATemplateDifferentButAnAnnotationDoes() {
        PodTemplateSpec t = template("web:1");
        PodTemplateSpec hashed = Templates.withLabel(t, "pod-template-hash", "abc");
        PodTemplateSpec emptyAnnotations = new PodTemplateSpecBuilder(t).editMetadata().withAnnotations(Map.of()).endMetadata().build();
        assertThat(Templates.sameIgnoringHash(t, hashed)).isTrue();
        assertThat(Templates.sameIgnoringHash(t, emptyAnnotations)).isTrue();
        PodTemplateSpec restarted = new PodTemplateSpecBuilder(t).editMetadata().withAnnotations(Map.of("kubectl.kubernetes.io/restartedAt", "now")).endMetadata().build();
        assertThat(Templates.sameIgnoringHash(t, restarted)).isFalse();
        assertThat(Templates.sameIgnoringHash(t, template("web:2"))).isFalse();
    }

    @Test
    void theHashIsStableUsesTheNameAlphabetAndChangesWithTheCollisionCount() {
        String h = Templates.hash(template("web:1"), null);
        assertThat(h).isEqualTo(Templates.hash(template("web:1"), null)).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
        assertThat(Templates.hash(template("web:1"), 1)).isNotEqualTo(h);
        assertThat(Templates.hash(template("web:2"), null)).isNotEqualTo(h);
    }
}
