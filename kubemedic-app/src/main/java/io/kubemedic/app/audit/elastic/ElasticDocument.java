package io.kubemedic.app.audit.elastic;

import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.ResourceRef;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns an audit row into the document the {@code self-healing-audit} index expects. The field names are the
 * dashboards' contract (the seed's {@code rule_name}, {@code target_deployment}, {@code mcp_status}…), so they live
 * in this one place. Absent values are left out rather than written as {@code null}.
 */
public final class ElasticDocument {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private ElasticDocument() {
    }

    /** Who asked for the action, as the index splits it: the rule and, for Elastic workflows, the workflow run. */
    public record Origin(String ruleName, String workflowId) {

        /**
         * {@code policy:<rule>} and {@code alert:<name>} name the rule; {@code elastic:<rule>@<workflow>} names both
         * (split at the last {@code @}; an empty part is absent); anything else is the rule name as it is.
         */
        public static Origin parse(String initiator) {
            if (initiator == null || initiator.isEmpty()) {
                return new Origin(null, null);
            }
            if (initiator.startsWith("policy:")) {
                return new Origin(emptyToNull(initiator.substring("policy:".length())), null);
            }
            if (initiator.startsWith("alert:")) {
                return new Origin(emptyToNull(initiator.substring("alert:".length())), null);
            }
            if (initiator.startsWith("elastic:")) {
                String rest = initiator.substring("elastic:".length());
                int by = rest.indexOf(" by "); // the bridge appends the caller's token identity
                if (by >= 0) {
                    rest = rest.substring(0, by);
                }
                int at = rest.lastIndexOf('@');
                return at < 0 ? new Origin(emptyToNull(rest), null)
                        : new Origin(emptyToNull(rest.substring(0, at)), emptyToNull(rest.substring(at + 1)));
            }
            return new Origin(initiator, null);
        }
    }

    /** The document's {@code _id}: {@code <incidentId>-<rowId>}, so a row's completion overwrites its INTENT. */
    public static Optional<String> id(AuditRecord r) {
        return r.id() == 0 || r.incidentId() == null ? Optional.empty() : Optional.of(r.incidentId() + "-" + r.id());
    }

    /** The source document of one row. */
    public static ObjectNode of(AuditRecord r) {
        ObjectNode doc = JSON.createObjectNode();
        Instant at = r.completedAt() != null ? r.completedAt() : r.timestamp();
        put(doc, "@timestamp", at == null ? null : at.toString());
        Origin origin = Origin.parse(r.initiator());
        put(doc, "rule_name", origin.ruleName());
        ResourceRef workload = r.workload() != null ? r.workload() : r.target();
        put(doc, "target_deployment", workload == null ? null : workload.name());
        put(doc, "target_kind", workload == null ? null : workload.kind());
        put(doc, "namespace", workload == null ? null : workload.namespace());
        put(doc, "action_type", r.actionType() == null ? "none" : r.actionType().policyName());
        put(doc, "mcp_status", r.status() == null ? null : r.status().name().toLowerCase(Locale.ROOT));
        put(doc, "mcp_message", message(r));
        put(doc, "workflow_id", origin.workflowId());
        put(doc, "incident_id", r.incidentId());
        put(doc, "action_id", r.id() == 0 ? null : Long.toString(r.id()));
        put(doc, "initiator", r.initiator());
        put(doc, "reason", r.reason() == null ? null : r.reason().name());
        put(doc, "mode", r.mode());
        return doc;
    }

    /** The target every log line about this row names: the action's target, else its workload. */
    static String target(AuditRecord r) {
        ResourceRef ref = r.target() != null ? r.target() : r.workload();
        return ref == null ? "-" : ref.toString();
    }

    private static String message(AuditRecord r) {
        String text = r.reasonText() == null ? "" : r.reasonText();
        if (r.error() == null || r.error().isBlank()) {
            return text;
        }
        return text.isEmpty() ? "error: " + r.error() : text + "; error: " + r.error();
    }

    private static void put(ObjectNode doc, String field, String value) {
        if (value != null) {
            doc.put(field, value);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
