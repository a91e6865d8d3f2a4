package io.kubemedic.app.mcp.tools;

import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.core.diagnosis.Diagnosers;
import io.kubemedic.core.model.Finding;
import io.kubemedic.core.model.ResourceRef;
import io.kubemedic.core.model.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code list_unhealthy_pods}: what the loop's diagnosers see wrong right now, per pod, from its caches. */
final class ListUnhealthyPods implements KubemedicTool {

    private static final int MAX_PODS = 500;
    private final Kubemedic app;

    ListUnhealthyPods(Kubemedic app) {
        this.app = app;
    }

    @Override public String name() {
        return "list_unhealthy_pods";
    }

    @Override public String description() {
        return "Pods Kubemedic's diagnosers find unhealthy right now (crash loops, OOM kills, image pull failures, pending, probe failures…),"
                + " with a summary of the findings per pod; optionally in one namespace. Read-only, from Kubemedic's watch caches.";
    }

    @Override public String inputSchema() {
        return Schemas.object(Schemas.NAMESPACE);
    }

    @Override public String outputSchema() {
        return Schemas.output("\"success\": {\"type\": \"boolean\"}, \"count\": {\"type\": \"integer\"}, \"pods\": {\"type\": \"array\"}, \"truncated\": {\"type\": \"boolean\"}");
    }

    @Override public Hints hints() {
        return Hints.READ_ONLY;
    }

    @Override public Map<String, Object> call(Map<String, Object> arguments, ToolCaller caller) {
        Args args = new Args(arguments);
        String ns = arguments != null && arguments.get("namespace") != null ? args.namespace(app.config()) : null;
        Map<ResourceRef, List<Finding>> byPod = new LinkedHashMap<>();
        var diagnosers = Diagnosers.defaults(app.config());
        for (ResourceRef target : app.observer().allTargets()) {
            if (ns != null && !ns.equals(target.namespace())) {
                continue;
            }
            for (Finding f : Diagnosers.run(diagnosers, app.observer().snapshot(target))) {
                if (f.severity() != Severity.INFO && f.subject().isKind(ResourceRef.POD)) {
                    byPod.computeIfAbsent(f.subject(), p -> new ArrayList<>()).add(f);
                }
            }
        }
        List<Map<String, Object>> pods = new ArrayList<>();
        byPod.forEach((pod, findings) -> {
            if (pods.size() < MAX_PODS) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("namespace", pod.namespace());
                m.put("pod_name", pod.name());
                m.put("issues", findings.stream().map(PodView::issue).toList());
                pods.add(m);
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("count", byPod.size());
        out.put("pods", pods);
        out.put("truncated", byPod.size() > MAX_PODS);
        if (!app.observer().inSync()) {
            out.put("warning", "Kubemedic's caches are not in sync with the API server: the list may be incomplete");
        }
        return out;
    }
}
