package io.kubemedic.app.mcp.tools;

import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.app.mcp.ToolException;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.IncidentRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code get_incident}: one incident with its audit trail (every decision, guard verdict, action and verification). */
final class GetIncident implements KubemedicTool {

    private final Kubemedic app;

    GetIncident(Kubemedic app) {
        this.app = app;
    }

    @Override public String name() {
        return "get_incident";
    }

    @Override public String description() {
        return "One incident from Kubemedic's store with its whole audit trail: decisions, guard verdicts, actions (intent written before"
                + " acting), verifications, and who initiated each. Read-only.";
    }

    @Override public String inputSchema() {
        return Schemas.object("""
                "incident_id": {"type": "string", "pattern": "^inc-[a-z0-9-]{1,60}$"}""", "incident_id");
    }

    @Override public String outputSchema() {
        return Schemas.output("\"success\": {\"type\": \"boolean\"}, \"incident\": {\"type\": \"object\"}, \"records\": {\"type\": \"array\"}");
    }

    @Override public Hints hints() {
        return Hints.READ_ONLY;
    }

    @Override public Map<String, Object> call(Map<String, Object> arguments, ToolCaller caller) {
        String id = incidentId(arguments);
        IncidentRecord incident = app.audit().incident(id).orElseThrow(() -> new ToolException("no incident with id " + id));
        String ns = incident.workload().namespace();
        if (ns != null && !app.config().namespaceAllowed(ns)) {
            throw new ToolException("incident " + id + " is in namespace " + ns + ", outside Kubemedic's scope");
        }
        List<Map<String, Object>> records = app.audit().byIncident(id).stream().map(GetIncident::record).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("incident", ListIncidents.incident(incident));
        out.put("records", records);
        return out;
    }

    static String incidentId(Map<String, Object> arguments) {
        Object v = arguments == null ? null : arguments.get("incident_id");
        String id = v == null ? "" : String.valueOf(v);
        if (!id.matches("inc-[a-z0-9-]{1,60}")) {
            throw new ToolException("'incident_id' must look like inc-xxxx (from list_incidents), got '" + (id.length() > 80 ? id.substring(0, 80) : id) + "'");
        }
        return id;
    }

    private static Map<String, Object> record(AuditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("at", String.valueOf(r.timestamp()));
        m.put("action", r.actionType() == null ? null : r.actionType().policyName());
        m.put("target", String.valueOf(r.target()));
        m.put("status", r.status().name());
        m.put("reason", r.reason() == null ? null : r.reason().name());
        m.put("text", r.reasonText());
        m.put("initiator", r.initiator());
        m.put("mode", r.mode());
        m.put("error", r.error());
        return m;
    }
}
