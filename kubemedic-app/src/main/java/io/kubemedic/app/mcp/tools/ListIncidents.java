package io.kubemedic.app.mcp.tools;

import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.core.model.IncidentRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code list_incidents}: the newest incidents from the store, optionally only the open ones or one namespace. */
final class ListIncidents implements KubemedicTool {

    private final Kubemedic app;

    ListIncidents(Kubemedic app) {
        this.app = app;
    }

    @Override public String name() {
        return "list_incidents";
    }

    @Override public String description() {
        return "Kubemedic's incidents, newest first, from its audit store: target, outcome (OPEN, HEALED, ESCALATED, …), findings and last"
                + " reason. Filter by namespace or open only. Read-only.";
    }

    @Override public String inputSchema() {
        return Schemas.object(Schemas.NAMESPACE + """
                , "open_only": {"type": "boolean", "default": false}, "limit": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}""");
    }

    @Override public String outputSchema() {
        return Schemas.output("\"success\": {\"type\": \"boolean\"}, \"incidents\": {\"type\": \"array\"}");
    }

    @Override public Hints hints() {
        return Hints.READ_ONLY;
    }

    @Override public Map<String, Object> call(Map<String, Object> arguments, ToolCaller caller) {
        Args args = new Args(arguments);
        String ns = arguments != null && arguments.get("namespace") != null ? args.namespace(app.config()) : null;
        boolean open = args.bool("open_only", false);
        int limit = args.integer("limit", 50, 1, 500);
        List<IncidentRecord> all = open ? app.audit().openIncidents().reversed() : app.audit().incidents(5_000);
        List<Map<String, Object>> incidents = all.stream()
                .filter(i -> ns == null ? app.config().namespaceAllowed(i.workload().namespace()) || i.workload().namespace() == null
                        : ns.equals(i.workload().namespace()))
                .limit(limit).map(ListIncidents::incident).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("incidents", incidents);
        return out;
    }

    static Map<String, Object> incident(IncidentRecord i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("target", i.workload().toString());
        m.put("outcome", i.outcome().name());
        m.put("opened_at", String.valueOf(i.openedAt()));
        m.put("closed_at", i.closedAt() == null ? null : i.closedAt().toString());
        m.put("findings", i.findingTypes().stream().map(Enum::name).toList());
        m.put("last_reason", i.lastReason() == null ? null : i.lastReason().name());
        m.put("summary", i.summary());
        m.put("rule", i.rule());
        return m;
    }
}
