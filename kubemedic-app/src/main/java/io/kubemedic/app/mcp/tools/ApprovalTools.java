package io.kubemedic.app.mcp.tools;

import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.app.mcp.ToolException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code approve_action} and {@code reject_action}: a human's answer to a step waiting for approval, only for
 * callers whose token has the approver role ({@code mcp.approvers}). Approval does not skip the other guards: the
 * approved step still goes through scope, cooldown, budgets, blast radius and the kill switch when it runs.
 */
final class ApprovalTools {

    private ApprovalTools() {
    }

    static KubemedicTool approve(Kubemedic app) {
        return new Decide(app, true);
    }

    static KubemedicTool reject(Kubemedic app) {
        return new Decide(app, false);
    }

    private record Decide(Kubemedic app, boolean approve) implements KubemedicTool {

        @Override public String name() {
            return approve ? "approve_action" : "reject_action";
        }

        @Override public String description() {
            return approve ? "Approves the step an incident waits for (from list_incidents / get_incident); it then runs through every other guard."
                    + " Only for callers with the approver role."
                    : "Rejects the step an incident waits for: it is not run, and the incident goes on to the next rung of its ladder"
                    + " (usually escalation to a human). Only for callers with the approver role.";
        }

        @Override public String inputSchema() {
            return Schemas.object("""
                    "incident_id": {"type": "string", "pattern": "^inc-[a-z0-9-]{1,60}$"},
                    "comment": {"type": "string", "maxLength": 500}""", "incident_id");
        }

        @Override public String outputSchema() {
            return Schemas.output("\"success\": {\"type\": \"boolean\"}, \"incident_id\": {\"type\": \"string\"}, \"message\": {\"type\": \"string\"}");
        }

        @Override public Hints hints() {
            return approve ? new Hints(false, true, false) : new Hints(false, false, true);
        }

        @Override public Map<String, Object> call(Map<String, Object> arguments, ToolCaller caller) {
            String id = GetIncident.incidentId(arguments);
            new Args(arguments).text("comment", 500);
            if (!caller.approver()) {
                throw new ToolException("this caller (" + caller.identity() + ") does not have the approver role (mcp.approvers): approval stays with a human");
            }
            boolean done = approve ? app.engine().approve(id, caller.initiator()) : app.engine().reject(id, caller.initiator());
            if (!done) {
                throw new ToolException("incident " + id + " is not open or waits for no approval");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("success", true);
            out.put("incident_id", id);
            out.put("message", approve ? "approved: the step runs on the next pass, through every other guard"
                    : "rejected: the step is not run; the incident goes on to its next rung");
            return out;
        }
    }
}
