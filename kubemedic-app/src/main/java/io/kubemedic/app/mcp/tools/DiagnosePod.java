package io.kubemedic.app.mcp.tools;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.core.diagnosis.PodConfigChecks;
import io.kubemedic.core.model.Finding;
import io.kubemedic.kube.observe.PodReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code diagnose_pod}: phase and conditions, container states and restarts, the loop's own findings (the same
 * diagnosers), recent events, error patterns in the logs (redacted), resource use against limits, and configuration
 * the pod cannot run well with (missing ConfigMaps or Secrets, probes on ports it does not expose, no limits).
 */
final class DiagnosePod implements KubemedicTool {

    private final Kubemedic app;

    DiagnosePod(Kubemedic app) {
        this.app = app;
    }

    @Override public String name() {
        return "diagnose_pod";
    }

    @Override public String description() {
        return "Diagnoses one pod with Kubemedic's own diagnosers: phase, conditions, container states and restarts, issues (CrashLoopBackOff,"
                + " OOMKilled, ImagePullBackOff, config errors, probe failures, memory pressure…), recent events, error patterns in its logs"
                + " (secrets masked), usage against limits, and configuration problems. Read-only.";
    }

    @Override public String inputSchema() {
        return Schemas.object(Schemas.NAMESPACE + ", " + Schemas.POD + """
                , "check_logs": {"type": "boolean", "default": true}, "check_events": {"type": "boolean", "default": true}""",
                "namespace", "pod_name");
    }

    @Override public String outputSchema() {
        return Schemas.output("\"success\": {\"type\": \"boolean\"}, \"pod_name\": {\"type\": \"string\"}, \"namespace\": {\"type\": \"string\"},"
                + " \"status\": {\"type\": \"object\"}, \"issues\": {\"type\": \"array\"}, \"logs\": {\"type\": \"object\"},"
                + " \"events\": {\"type\": \"array\"}, \"recommendations\": {\"type\": \"array\"}");
    }

    @Override public Hints hints() {
        return Hints.READ_ONLY;
    }

    @Override public Map<String, Object> call(Map<String, Object> arguments, ToolCaller caller) {
        Args args = new Args(arguments);
        String ns = args.namespace(app.config());
        String name = args.object("pod_name");
        boolean checkLogs = args.bool("check_logs", true);
        boolean checkEvents = args.bool("check_events", true);
        Pod pod = Tools.pod(app, ns, name);

        List<Finding> findings = PodView.findings(app, pod);
        List<Map<String, Object>> issues = new ArrayList<>(findings.stream().map(PodView::issue).toList());
        Set<String> recommendations = new LinkedHashSet<>();
        findings.forEach(f -> {
            if (!f.recommendation().isBlank()) {
                recommendations.add(f.recommendation());
            }
        });
        List<String> unreadable = new ArrayList<>();
        try {
            for (PodConfigChecks.Problem p : PodConfigChecks.check(pod, app.pods().configMapsExist(ns, PodConfigChecks.configMaps(pod)),
                    app.pods().secretsExist(ns, PodConfigChecks.secrets(pod)))) {
                Map<String, Object> issue = new LinkedHashMap<>();
                issue.put("severity", p.severity());
                issue.put("type", p.type());
                issue.put("container", p.container());
                issue.put("message", p.message());
                issue.put("restart_count", 0);
                issues.add(issue);
                recommendations.add(p.message());
            }
        } catch (PodReader.Unavailable e) {
            unreadable.add(e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("pod_name", name);
        out.put("namespace", ns);
        out.put("status", PodView.status(pod));
        out.put("issues", issues);
        if (checkLogs) {
            LogScan.Summary logs = LogScan.forDiagnosis(app, pod, unreadable);
            out.put("logs", logs.asMap());
            recommendations.addAll(logs.recommendations());
        }
        if (checkEvents) {
            try {
                out.put("events", app.pods().events(ns, name).stream().map(PodView::event).toList());
            } catch (PodReader.Unavailable e) {
                unreadable.add(e.getMessage());
                out.put("events", List.of());
            }
        }
        out.put("recommendations", List.copyOf(recommendations));
        if (!unreadable.isEmpty()) {
            out.put("unreadable", unreadable);
        }
        return out;
    }
}
