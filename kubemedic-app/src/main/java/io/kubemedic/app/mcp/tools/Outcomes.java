package io.kubemedic.app.mcp.tools;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.core.model.Ownership;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.TargetSnapshot;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/** How an action's outcome reads to an agent: success, denied_by (the guard's reason), pending_approval, and the verification. */
final class Outcomes {

    private Outcomes() {
    }

    static Map<String, Object> into(Map<String, Object> out, AgentRequests.Outcome o, Kubemedic app, ResourceRef workload) {
        out.put("success", o.status().equals("success") || o.status().equals("dry_run"));
        out.put("status", o.status());
        out.put("incident_id", o.incidentId());
        out.put("message", o.message());
        switch (o.status()) {
            case "denied" -> out.put("denied_by", o.reason());
            case "pending_approval" -> out.put("pending_approval", o.incidentId());
            case "dry_run" -> out.put("dry_run", true);
            default -> { }
        }
        if (o.status().equals("success")) {
            out.put("verification", verification(app, workload, o));
        }
        return out;
    }

    /** The newest pod of the workload after the action, and whether the verifier passed. */
    private static Map<String, Object> verification(Kubemedic app, ResourceRef workload, AgentRequests.Outcome o) {
        Map<String, Object> v = new LinkedHashMap<>();
        TargetSnapshot s = app.observer().snapshot(workload);
        Pod newest = s.pods().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp()))).orElse(null);
        v.put("new_pod_status", newest == null || newest.getStatus() == null ? null : newest.getStatus().getPhase()
                + (Ownership.ready(newest) ? ", Ready" : ", not Ready"));
        v.put("new_pod", newest == null ? null : newest.getMetadata().getName());
        v.put("restart_count", newest == null || newest.getStatus() == null || newest.getStatus().getContainerStatuses() == null ? 0
                : newest.getStatus().getContainerStatuses().stream().mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).sum());
        boolean verified = o.verification().map(e -> e.text().startsWith("verified") || e.text().startsWith("HEALED")).orElse(false);
        v.put("healthy", verified);
        v.put("detail", o.verification().map(e -> e.text()).orElse("verification still running (see get_incident)"));
        return v;
    }
}
