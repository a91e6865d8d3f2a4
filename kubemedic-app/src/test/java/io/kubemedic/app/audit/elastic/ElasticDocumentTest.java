package io.kubemedic.app.audit.elastic;

import io.kubemedic.app.audit.elastic.ElasticDocument.Origin;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.Reason;
import io.kubemedic.core.model.ResourceRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ElasticDocumentTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final ResourceRef POD = ResourceRef.pod("shop", "web-7d9f-abcde");
    static final ResourceRef WEB = ResourceRef.deployment("shop", "web");

    static AuditRecord row(long id, String incident, AuditStatus status, String initiator) {
        AuditRecord intent = new AuditRecord(id, incident, T0, null, ActionType.ROLLOUT_RESTART, POD, WEB,
                Reason.CRASH_LOOP_ROLLOUT_RESTART, "crash loop persists after a pod restart: rolling restart", initiator,
                "enforce", AuditStatus.INTENT, null, 0, "{}");
        return status == AuditStatus.INTENT ? intent : intent.completed(T0.plusSeconds(3), status, null, "APPLIED: restarted");
    }

    private static JsonNode json(String text) {
        return ElasticDocument.JSON.readTree(text);
    }

    @Test
    void aCompletedPolicyRowHasExactlyTheSeedFields() {
        JsonNode doc = ElasticDocument.of(row(7, "inc-1", AuditStatus.SUCCEEDED, "policy:crash-loop"));

        assertThat(doc).isEqualTo(json("""
                {"@timestamp":"2026-11-25T10:00:03Z","rule_name":"crash-loop","target_deployment":"web",
                 "target_kind":"Deployment","namespace":"shop","action_type":"rollout-restart","mcp_status":"succeeded",
                 "mcp_message":"crash loop persists after a pod restart: rolling restart","incident_id":"inc-1",
                 "action_id":"7","initiator":"policy:crash-loop","reason":"CRASH_LOOP_ROLLOUT_RESTART","mode":"enforce"}
                """));
    }

    @Test
    void anElasticWorkflowRowCarriesTheWorkflowId() {
        JsonNode doc = ElasticDocument.of(row(8, "inc-2", AuditStatus.INTENT, "elastic:high-error-rate@wf-123"));

        assertThat(doc.get("rule_name").asString()).isEqualTo("high-error-rate");
        assertThat(doc.get("workflow_id").asString()).isEqualTo("wf-123");
        assertThat(doc.get("@timestamp").asString()).as("not completed: the start time").isEqualTo("2026-11-25T10:00:00Z");
        assertThat(doc.get("mcp_status").asString()).isEqualTo("intent");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "policy:crash-loop,          crash-loop,      null",
            "alert:KubePodCrashLooping,  KubePodCrashLooping, null",
            "elastic:error-rate@wf-1,    error-rate,      wf-1",
            "elastic:@wf-1,              null,            wf-1",
            "elastic:error-rate@,        error-rate,      null",
            "elastic:error-rate,         error-rate,      null",
            "elastic:a@b@wf-9,           a@b,             wf-9",
            "approved-by:alice,          approved-by:alice, null",
            "policy:,                    null,            null",
            "null,                       null,            null"})
    void initiatorsSplitIntoRuleAndWorkflow(String initiator, String rule, String workflow) {
        assertThat(Origin.parse(initiator)).isEqualTo(new Origin(rule, workflow));
    }

    @Test
    void everyStatusIsLowercaseWithUnderscores() {
        assertThat(ElasticDocument.of(row(1, "i", AuditStatus.DRY_RUN, "x")).get("mcp_status").asString()).isEqualTo("dry_run");
        assertThat(ElasticDocument.of(row(1, "i", AuditStatus.PENDING_APPROVAL, "x")).get("mcp_status").asString())
                .isEqualTo("pending_approval");
        assertThat(ElasticDocument.of(row(1, "i", AuditStatus.ESCALATED, "x")).get("mcp_status").asString()).isEqualTo("escalated");
    }

    @Test
    void anErrorIsAppendedToTheMessageAndANullActionIsNone() {
        AuditRecord failed = row(3, "inc-3", AuditStatus.INTENT, "policy:r").completed(T0.plusSeconds(1), AuditStatus.FAILED,
                "403 forbidden", null);
        AuditRecord noAction = new AuditRecord(4, "inc-3", T0, T0, null, null, ResourceRef.node("worker-1"), null, "", "user:bob",
                "dry-run", AuditStatus.ESCALATED, null, 0, null);

        assertThat(ElasticDocument.of(failed).get("mcp_message").asString())
                .isEqualTo("crash loop persists after a pod restart: rolling restart; error: 403 forbidden");
        JsonNode doc = ElasticDocument.of(noAction);
        assertThat(doc.get("action_type").asString()).isEqualTo("none");
        assertThat(doc.get("target_kind").asString()).isEqualTo("Node");
        assertThat(doc.get("target_deployment").asString()).isEqualTo("worker-1");
        assertThat(doc.has("namespace")).as("a node has none").isFalse();
        assertThat(doc.has("reason")).isFalse();
        assertThat(doc.has("workflow_id")).isFalse();
        assertThat(doc.get("rule_name").asString()).isEqualTo("user:bob");
    }

    @Test
    void theIdIsIncidentAndRowSoACompletionOverwritesItsIntent() {
        assertThat(ElasticDocument.id(row(7, "inc-1", AuditStatus.INTENT, "p"))).contains("inc-1-7");
        assertThat(ElasticDocument.id(row(7, "inc-1", AuditStatus.SUCCEEDED, "p"))).contains("inc-1-7");
        assertThat(ElasticDocument.id(row(0, "inc-1", AuditStatus.SUCCEEDED, "p"))).isEmpty();
        assertThat(ElasticDocument.of(row(0, "inc-1", AuditStatus.SUCCEEDED, "p")).has("action_id")).isFalse();
    }
}
