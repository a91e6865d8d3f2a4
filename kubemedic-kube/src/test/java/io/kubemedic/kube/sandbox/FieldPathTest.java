package io.kubemedic.kube.sandbox;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldPathTest {

    private static Map<String, Object> deployment() {
        Map<String, Object> app = new LinkedHashMap<>(Map.of("name", "app", "image", "web:1",
                "env", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("name", "MODE", "value", "live"))))));
        Map<String, Object> sidecar = new LinkedHashMap<>(Map.of("name", "proxy", "image", "proxy:1"));
        Map<String, Object> podSpec = new LinkedHashMap<>(Map.of("containers", new ArrayList<>(List.of(app, sidecar))));
        Map<String, Object> template = new LinkedHashMap<>(Map.of("spec", podSpec));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("metadata", new LinkedHashMap<>(Map.of("name", "web")));
        root.put("spec", new LinkedHashMap<>(Map.of("replicas", 2, "template", template)));
        return root;
    }

    @Test
    void readsByKeyIndexSelectorAndQuotedKey() {
        Map<String, Object> d = deployment();
        assertThat(FieldPath.parse("spec.template.spec.containers[name=proxy].image").readText(d)).isEqualTo("proxy:1");
        assertThat(FieldPath.parse("spec.template.spec.containers[0].env[name=MODE].value").readText(d)).isEqualTo("live");
        assertThat(FieldPath.parse("spec.replicas").readText(d)).isEqualTo("2");
        assertThat(FieldPath.parse("spec.template.spec.containers[name=nope].image").read(d)).isNull();
        assertThat(FieldPath.parse("spec.template.spec.containers[5]").read(d)).isNull();
        FieldPath.parse("metadata.annotations[\"kubemedic.io/paused\"]").write(d, "true");
        assertThat(FieldPath.parse("metadata.annotations['kubemedic.io/paused']").readText(d)).isEqualTo("true");
    }

    @Test
    void writesCreateMissingParentsAndListElementsAndNullRemoves() {
        Map<String, Object> d = deployment();
        FieldPath.parse("spec.template.spec.containers[name=app].env[name=DEBUG].value").write(d, "1");
        assertThat(FieldPath.parse("spec.template.spec.containers[name=app].env[name=DEBUG].value").readText(d)).isEqualTo("1");
        FieldPath.parse("spec.template.spec.containers[name=app].resources.limits[\"memory\"]").write(d, "512Mi");
        assertThat(FieldPath.parse("spec.template.spec.containers[0].resources.limits.memory").readText(d)).isEqualTo("512Mi");
        FieldPath.parse("spec.template.spec.containers[name=app].env[name=MODE]").write(d, null);
        assertThat(FieldPath.parse("spec.template.spec.containers[name=app].env[name=MODE]").read(d)).isNull();
        FieldPath.parse("metadata.labels.gone").write(d, null);
        assertThat(FieldPath.parse("metadata.labels").read(d)).isNull();
    }

    @Test
    void aMalformedPathSaysWhatIsWrong() {
        assertThatThrownBy(() -> FieldPath.parse("a..b")).hasMessageContaining("misplaced '.'");
        assertThatThrownBy(() -> FieldPath.parse("a[name=x")).hasMessageContaining("missing ']'");
        assertThatThrownBy(() -> FieldPath.parse("a[=x]")).hasMessageContaining("must be [N], [field=value]");
        assertThatThrownBy(() -> FieldPath.parse("a[\"x]")).hasMessageContaining("unterminated quote");
        assertThatThrownBy(() -> FieldPath.parse(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> FieldPath.parse("spec.replicas.x").write(deployment(), 1)).hasMessageContaining("does not fit");
    }

    @Test
    void aTemplatePathContinuesOnAPod() {
        FieldPath p = FieldPath.parse("spec.template.spec.containers[name=app].image");
        assertThat(p.startsWith(FieldPath.parse("spec.template"))).isTrue();
        assertThat(p.after(FieldPath.parse("spec.template")).toString()).isEqualTo("spec.containers[name=app].image");
        assertThat(p.after(FieldPath.parse("spec.template")).readText(Map.of("spec", Map.of("containers", List.of(Map.of("name", "app", "image", "x"))))))
                .isEqualTo("x");
    }
}
