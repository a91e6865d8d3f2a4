package io.kubemedic.app.mcp.tools;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.app.mcp.ToolException;
import io.kubemedic.core.decision.Revisions;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code rollback_deployment}: back to the previous (or a named) revision, through the guards, verified, audited. */
final class RollbackDeployment implements KubemedicTool {

    private final Kubemedic app;

    RollbackDeployment(Kubemedic app) {
        this.app = app;
    }

    @Override public String name() {
        return "rollback_deployment";
    }

    @Override public String description() {
        return "Rolls a Deployment back to its previous revision whose pod template differs (restarts do not count as releases), or to a"
                + " given revision, as `kubectl rollout undo` does, through every guard, then verifies the rollout. Waits for a human's"
                + " approval unless force is set by a caller with the approver role.";
    }

    @Override public String inputSchema() {
        return Schemas.object(Schemas.NAMESPACE + """
                , "deployment_name": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", "maxLength": 253},
                "revision": {"type": "integer", "minimum": 1, "description": "Revision to go back to; default the previous one"},
                "force": {"type": "boolean", "default": false}""", "namespace", "deployment_name");
    }

    @Override public String outputSchema() {
        return Schemas.output("\"success\": {\"type\": \"boolean\"}, \"from_revision\": {\"type\": [\"integer\", \"null\"]},"
                + " \"to_revision\": {\"type\": [\"integer\", \"null\"]}, \"images_before\": {\"type\": \"array\"}, \"images_after\": {\"type\": \"array\"},"
                + " \"status\": {\"type\": \"string\"}, \"message\": {\"type\": \"string\"}, \"incident_id\": {\"type\": \"string\"}");
    }

    @Override public Hints hints() {
        return new Hints(false, true, false);
    }

    @Override public Map<String, Object> call(Map<String, Object> arguments, ToolCaller caller) {
        Args args = new Args(arguments);
        String ns = args.namespace(app.config());
        String name = args.object("deployment_name");
        Integer revision = arguments != null && arguments.get("revision") != null ? args.integer("revision", 0, 1, Integer.MAX_VALUE) : null;
        boolean force = args.bool("force", false);
        ResourceRef deployment = ResourceRef.deployment(ns, name);
        TargetSnapshot before = app.observer().snapshot(deployment);
        if (before.gone() || before.deployment() == null) {
            throw new ToolException("Deployment " + name + " not found in namespace " + ns);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from_revision", Revisions.current(before).map(Revisions::revision).orElse(null));
        out.put("images_before", images(Revisions.current(before)));
        Map<String, String> facts = new LinkedHashMap<>();
        if (revision != null) {
            facts.put("revision", String.valueOf(revision));
        }
        AgentRequests.Outcome o = AgentRequests.act(app, FindingType.REQUESTED_ROLLBACK, deployment, deployment, null, facts, caller, force, true);
        TargetSnapshot after = app.observer().snapshot(deployment);
        Outcomes.into(out, o, app, deployment);
        out.put("to_revision", revision != null ? Long.valueOf(revision) : Revisions.previous(before).map(Revisions::revision).orElse(null));
        // Kubernetes renumbers the revision it rolls back to as the newest one
        out.put("new_revision", o.status().equals("success") ? Revisions.current(after).map(Revisions::revision).orElse(null) : null);
        out.put("images_after", images(Revisions.current(after)));
        out.remove("verification");
        out.put("status", o.status().equals("success") ? o.verification().map(e -> e.text()).orElse("rolled back; verification still running") : o.status());
        return out;
    }

    private static List<String> images(Optional<ReplicaSet> rs) {
        return rs.map(r -> r.getSpec().getTemplate().getSpec().getContainers().stream().map(c -> c.getName() + "=" + c.getImage()).toList())
                .orElse(List.of());
    }
}
