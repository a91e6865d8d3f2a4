package io.kubemedic.core.decision;

import io.kubemedic.core.config.ConfigException;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.FindingType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyTest {

    @Test
    void defaultPolicyRanksRootCausesBeforeSymptoms() {
        Policy p = Policy.defaults();
        var types = p.rules().stream().map(Rule::finding).toList();
        assertThat(types.indexOf(FindingType.OOM_KILLED)).isLessThan(types.indexOf(FindingType.CRASH_LOOP_BACK_OFF));
        assertThat(types.indexOf(FindingType.IMAGE_PULL_FAILURE)).isLessThan(types.indexOf(FindingType.CRASH_LOOP_BACK_OFF));
    }

    @Test
    void defaultCrashLoopLadderIsEvictThenRestartThenRollbackThenEscalate() {
        Rule rule = Policy.defaults().rules().stream().filter(r -> r.finding() == FindingType.CRASH_LOOP_BACK_OFF).findFirst().orElseThrow();
        assertThat(rule.ladder()).extracting(Rung::action).containsExactly(
                ActionType.EVICT_POD, ActionType.ROLLOUT_RESTART, ActionType.ROLLBACK, ActionType.ESCALATE);
        assertThat(rule.ladder().get(2).when()).isEqualTo(Rung.Condition.NEW_REVISION);
        assertThat(rule.minRestarts()).isEqualTo(3);
    }

    @Test
    void imagePullNeverRestarts() {
        Rule rule = Policy.defaults().rules().stream().filter(r -> r.finding() == FindingType.IMAGE_PULL_FAILURE).findFirst().orElseThrow();
        assertThat(rule.ladder()).extracting(Rung::action).noneMatch(ActionType::mutating);
    }

    @Test
    void parsesShortAndLongRungForms() {
        Policy p = Policy.parse("""
                rules:
                  - name: r
                    finding: SINGLE_REPLICA_PROD
                    ladder:
                      - action: scale
                        params: {replicas: "3"}
                      - escalate
                """, "test");
        assertThat(p.rules().getFirst().ladder()).hasSize(2);
        assertThat(p.rules().getFirst().ladder().getFirst().params()).containsEntry("replicas", "3");
    }

    @Test
    void unknownActionNamesTheRuleAndTheKnownActions() {
        assertThatThrownBy(() -> Policy.parse("""
                rules:
                  - name: typo
                    finding: OOM_KILLED
                    ladder: [raise-memory]
                """, "my-policy.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("my-policy.yaml").hasMessageContaining("typo").hasMessageContaining("raise-memory-limit");
    }

    @Test
    void unknownFindingAndMissingLadderAndDuplicateNamesAreRejected() {
        assertThatThrownBy(() -> Policy.parse("rules: [{name: a, finding: NOPE, ladder: [report]}]", "f"))
                .hasMessageContaining("unknown finding 'NOPE'");
        assertThatThrownBy(() -> Policy.parse("rules: [{name: a, finding: OOM_KILLED}]", "f"))
                .hasMessageContaining("'ladder' must be a non-empty list");
        assertThatThrownBy(() -> Policy.parse("rules: [{name: a, finding: OOM_KILLED, ladder: [report]}, {name: a, finding: UNSCHEDULABLE, ladder: [report]}]", "f"))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> Policy.parse("just: text", "f")).hasMessageContaining("top-level 'rules:'");
        assertThatThrownBy(() -> Policy.parse("rules: [{name: a, finding: OOM_KILLED, ladder: [{action: rollback, when: sometimes}]}]", "f"))
                .hasMessageContaining("unknown condition 'sometimes'");
    }
}
