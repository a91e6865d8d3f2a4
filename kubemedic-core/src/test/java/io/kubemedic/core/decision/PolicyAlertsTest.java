package io.kubemedic.core.decision;

import io.kubemedic.core.config.ConfigException;
import io.kubemedic.core.model.FindingType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyAlertsTest {

    private static final String RULES = """
            rules:
              - name: leak
                finding: MEMORY_LEAK
                ladder: [evict-pod, escalate]
              - name: loop
                finding: CRASH_LOOP_BACK_OFF
                ladder: [evict-pod, escalate]
            """;

    @Test
    void anAlertMappedToAFindingNoRuleHandlesIsRefused() {
        assertThatThrownBy(() -> Policy.parse(RULES + """
                alerts:
                  - {alertname: Stuck, finding: ROLLOUT_STUCK}
                """, "p.yaml")).isInstanceOf(io.kubemedic.core.config.ConfigException.class)
                .hasMessageContaining("p.yaml").hasMessageContaining("Stuck").hasMessageContaining("no rule handles");
    }

    @Test
    void builtInPolicyMapsTheShippedAlertsToTheirFindings() {
        Policy p = Policy.defaults();
        assertThat(p.alert("MemoryLeakDetected")).hasValue(new AlertRoute("MemoryLeakDetected", FindingType.MEMORY_LEAK, true));
        assertThat(p.alert("KubePodCrashLooping")).hasValue(new AlertRoute("KubePodCrashLooping", FindingType.CRASH_LOOP_BACK_OFF, false));
        assertThat(p.alert("ContainerMemoryPressure")).hasValueSatisfying(r -> assertThat(r.finding()).isEqualTo(FindingType.MEMORY_PRESSURE));
        assertThat(p.alert("ReplicaCompliance")).hasValueSatisfying(r -> assertThat(r.finding()).isEqualTo(FindingType.SINGLE_REPLICA_PROD));
        assertThat(p.alert("KubeDeploymentRolloutStuck")).hasValueSatisfying(r -> assertThat(r.finding()).isEqualTo(FindingType.ROLLOUT_STUCK));
        assertThat(p.alert("SomethingElse")).isEmpty();
    }

    @Test
    void builtInPolicyHasARuleForEveryRequestAndForTheLeakAnAlertReports() {
        var findings = Policy.defaults().rules().stream().map(Rule::finding).toList();
        assertThat(findings).contains(FindingType.REQUESTED_RESTART, FindingType.REQUESTED_SCALE, FindingType.REQUESTED_MEMORY_RAISE,
                FindingType.REQUESTED_ROLLBACK, FindingType.MEMORY_LEAK);
    }

    @Test
    void everyBuiltInAlertLeadsToARule() {
        Policy p = Policy.defaults();
        var findings = p.rules().stream().map(Rule::finding).toList();
        assertThat(p.alerts()).isNotEmpty().allSatisfy(a -> assertThat(findings).as(a.alertname()).contains(a.finding()));
    }

    @Test
    void parsesAlertsWithEvidenceDefaultingToCluster() {
        Policy p = Policy.parse(RULES + """
                alerts:
                  - {alertname: Leak, finding: MEMORY_LEAK, evidence: alert}
                  - {alertname: Loop, finding: CRASH_LOOP_BACK_OFF}
                """, "p.yaml");
        assertThat(p.alerts()).containsExactly(new AlertRoute("Leak", FindingType.MEMORY_LEAK, true),
                new AlertRoute("Loop", FindingType.CRASH_LOOP_BACK_OFF, false));
    }

    @Test
    void aPolicyWithoutAlertsHasNone() {
        Policy p = Policy.parse(RULES, "p.yaml");
        assertThat(p.alerts()).isEmpty();
        assertThat(p.alert("MemoryLeakDetected")).isEmpty();
    }

    @Test
    void unknownFindingNamesTheSourceTheIndexAndTheKnownFindings() {
        assertThatThrownBy(() -> Policy.parse(RULES + """
                alerts:
                  - {alertname: Fine, finding: MEMORY_LEAK}
                  - {alertname: Typo, finding: MEMORY_LEEK}
                """, "my-policy.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("my-policy.yaml").hasMessageContaining("alerts[1]").hasMessageContaining("Typo")
                .hasMessageContaining("MEMORY_LEEK").hasMessageContaining("MEMORY_LEAK");
    }

    @Test
    void evidenceOtherThanClusterOrAlertIsRefused() {
        assertThatThrownBy(() -> Policy.parse(RULES + """
                alerts:
                  - {alertname: Leak, finding: MEMORY_LEAK, evidence: maybe}
                """, "my-policy.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("my-policy.yaml").hasMessageContaining("alerts[0]").hasMessageContaining("'maybe'");
    }

    @Test
    void anAlertMappedTwiceIsRefused() {
        assertThatThrownBy(() -> Policy.parse(RULES + """
                alerts:
                  - {alertname: Leak, finding: MEMORY_LEAK, evidence: alert}
                  - {alertname: Leak, finding: MEMORY_PRESSURE}
                """, "my-policy.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("my-policy.yaml").hasMessageContaining("'Leak'").hasMessageContaining("twice");
    }

    @Test
    void anAlertWithoutAlertnameNamesItsIndex() {
        assertThatThrownBy(() -> Policy.parse(RULES + """
                alerts:
                  - {alertname: Leak, finding: MEMORY_LEAK}
                  - {finding: MEMORY_LEAK}
                """, "my-policy.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("my-policy.yaml").hasMessageContaining("alerts[1]").hasMessageContaining("alertname");
    }

    @Test
    void alertsThatAreNotAListAreRefused() {
        assertThatThrownBy(() -> Policy.parse(RULES + """
                alerts:
                  MemoryLeakDetected: MEMORY_LEAK
                """, "my-policy.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("my-policy.yaml").hasMessageContaining("'alerts:' must be a list");
    }
}
