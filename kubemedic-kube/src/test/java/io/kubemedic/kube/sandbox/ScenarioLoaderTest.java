package io.kubemedic.kube.sandbox;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioLoaderTest {

    private static final String VALID = """
            name: s
            namespace: ns-a
            objects:
              - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: i}]}}
            faults:
              - {at: 1s, target: Pod/p, type: crashLoop, clearWhen: {never: true}}
            expect: {outcome: ESCALATED}
            """;

    @Test
    void theBuiltInsLoadInOrderEachInItsOwnNamespace() {
        List<Scenario> all = ScenarioLoader.builtIn();
        assertThat(all).extracting(Scenario::name).containsExactlyElementsOf(ScenarioLoader.BUILT_IN);
        assertThat(new HashSet<>(all.stream().map(Scenario::namespace).toList())).hasSize(all.size());
        assertThat(all).allSatisfy(s -> {
            assertThat(s.expect().outcome()).isNotBlank();
            assertThat(s.objects()).isNotEmpty();
            assertThat(s.objects()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(s.namespace()));
        });
    }

    @Test
    void aValidFileReadsEveryField() {
        Scenario s = ScenarioLoader.parse(VALID, "mine.yaml");
        assertThat(s.faults()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FaultType.CRASH_LOOP);
            assertThat(f.target()).isEqualTo(new Scenario.Target("Pod", "p"));
            assertThat(f.clearWhen().never()).isTrue();
        });
        assertThat(s.expect().within().toSeconds()).isEqualTo(60);
        assertThat(s.issue()).isEqualTo("s");
    }

    @Test
    void everyMistakeNamesTheFileAndTheField() {
        assertBad(VALID.replace("name: s\n", ""), "missing 'name'");
        assertBad(VALID.replace("ns-a", "Bad_NS"), "'Bad_NS' is not a valid Kubernetes namespace name");
        assertBad(VALID.replace("crashLoop", "meltdown"), "unknown fault type 'meltdown'");
        assertBad(VALID.replace(", clearWhen: {never: true}", ""), "clearWhen is required");
        assertBad(VALID.replace("at: 1s", "at: soon"), "faults[0]: at 'soon'");
        assertBad(VALID.replace("target: Pod/p", "target: p"), "target must be Kind/name");
        assertBad(VALID.replace("kind: Pod, ", ""), "objects[0]: a Kubernetes object needs apiVersion, kind and metadata.name");
        assertBad(VALID.replace("expect: {outcome: ESCALATED}", ""), "expect is required");
        assertBad("- just\n- a list\n", "expected a mapping");
    }

    private static void assertBad(String yaml, String message) {
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "mine.yaml"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("mine.yaml").hasMessageContaining(message);
    }
}
