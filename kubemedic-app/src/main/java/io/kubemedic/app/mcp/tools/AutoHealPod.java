package io.kubemedic.app.mcp.tools;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.app.mcp.ToolException;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.FindingType;
import io.kubemedic.core.model.Ownership;
import io.kubemedic.core.model.Plan;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Step;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code auto_heal_pod}: the fix the loop's policy picks for a pod's current findings, previewed ({@code dry_run}) or
 * requested through the engine (planner, guards, executor, verifier). The pod is diagnosed again whatever diagnosis
 * the agent passes: Kubemedic acts on the state it reads, never on a description of it.
 */
final class AutoHealPod implements KubemedicTool {

    private static final Set<ActionType> REQUESTABLE = Set.of(ActionType.EVICT_POD, ActionType.ROLLOUT_RESTART, ActionType.RAISE_MEMORY_LIMIT,
            ActionType.ROLLBACK, ActionType.SCALE);
    private final Kubemedic app;

    AutoHealPod(Kubemedic app) {
        this.app = app;
    }

    @Override public String name() {
        return "auto_heal_pod";
    }

    @Override public String description() {
        return "Heals a pod the way Kubemedic's policy would: diagnoses it (again), picks the fix (restart through its controller, raise"
                + " the memory limit, roll back, scale) and runs it through every safety guard and the verifier. dry_run previews the action"
                + " without changing anything. Destructive actions wait for a human's approval unless force is set by a caller with the"
                + " approver role (then answered pending_approval with the incident to approve).";
    }

    @Override public String inputSchema() {
        return Schemas.object(Schemas.NAMESPACE + ", " + Schemas.POD + """
                , "diagnosis": {"type": "object", "description": "A diagnosis from diagnose_pod, for the record; Kubemedic diagnoses again"},
                "dry_run": {"type": "boolean", "default": false}, "force": {"type": "boolean", "default": false,
                "description": "Act on a destructive step without waiting for approval (only for callers with the approver role)"}""",
                "namespace", "pod_name");
    }

    @Override public String outputSchema() {
        return Schemas.output("\"success\": {\"type\": \"boolean\"}, \"action_taken\": {\"type\": \"string\"}, \"pod_name\": {\"type\": \"string\"},"
                + " \"namespace\": {\"type\": \"string\"}, \"reason\": {\"type\": \"string\"}, \"dry_run\": {\"type\": \"boolean\"},"
                + " \"timestamp\": {\"type\": \"string\"}, \"verification\": {\"type\": \"object\"}, \"denied_by\": {\"type\": \"string\"},"
                + " \"pending_approval\": {\"type\": \"string\"}, \"incident_id\": {\"type\": \"string\"}");
    }

    @Override public Hints hints() {
        return new Hints(false, true, false);
    }

    @Override public Map<String, Object> call(Map<String, Object> arguments, ToolCaller caller) {
        Args args = new Args(arguments);
        String ns = args.namespace(app.config());
        String name = args.object("pod_name");
        args.map("diagnosis");
        boolean dryRun = args.bool("dry_run", false);
        boolean force = args.bool("force", false);
        Pod pod = Tools.pod(app, ns, name);
        ResourceRef workload = app.observer().workloadOf(pod).orElse(ResourceRef.pod(ns, name));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pod_name", name);
        out.put("namespace", ns);
        out.put("dry_run", dryRun);
        out.put("timestamp", app.clock().instant().toString());
        if (Ownership.controller(pod).isEmpty()) {
            return refused(out, "none", "pod " + name + " has no controller: deleting it would lose it for good, so Kubemedic never restarts it");
        }
        Optional<Plan> plan = app.engine().assess(workload);
        if (plan.isEmpty()) {
            return refused(out, "none", "Kubemedic finds nothing wrong with " + workload + " right now: nothing to heal");
        }
        Step step = plan.get().next(java.util.Set.of()).orElse(null);
        if (step == null || !REQUESTABLE.contains(step.action())) {
            String what = step == null ? "none" : step.action().policyName();
            return refused(out, what, plan.get().primaryFinding().message() + ": the policy's answer is " + what
                    + (step == null ? "" : " (" + step.reason().text() + ")") + ", which is not an automatic fix; a human should look");
        }
        out.put("action_taken", step.action().policyName() + " " + step.target());
        out.put("reason", step.reason().text() + (step.detail().isEmpty() ? "" : ": " + step.detail()));
        if (dryRun) {
            out.put("success", true);
            out.put("planned_params", step.params());
            return out;
        }
        Map<String, String> facts = new LinkedHashMap<>();
        if (step.param("replicas") != null) {
            facts.put("replicas", step.param("replicas"));
        }
        AgentRequests.Outcome o = AgentRequests.act(app, requested(step.action()), step.target(), workload, step.param("container"), facts,
                caller, force, true);
        return Outcomes.into(out, o, app, workload);
    }

    private static FindingType requested(ActionType action) {
        return switch (action) {
            case EVICT_POD, ROLLOUT_RESTART -> FindingType.REQUESTED_RESTART;
            case RAISE_MEMORY_LIMIT -> FindingType.REQUESTED_MEMORY_RAISE;
            case ROLLBACK -> FindingType.REQUESTED_ROLLBACK;
            case SCALE -> FindingType.REQUESTED_SCALE;
            default -> throw new ToolException(action.policyName() + " cannot be requested");
        };
    }

    private static Map<String, Object> refused(Map<String, Object> out, String action, String reason) {
        out.put("success", false);
        out.put("action_taken", action);
        out.put("reason", reason);
        return out;
    }
}
