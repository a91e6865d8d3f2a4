package io.kubemedic.app.mcp.tools;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.app.mcp.ToolException;
import io.kubemedic.core.logs.LogAnalyzer;
import io.kubemedic.core.redact.Redactor;
import io.kubemedic.kube.observe.PodReader;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code analyze_logs}: error patterns in a container's log, grouped, counted and explained, with secrets masked. */
final class AnalyzeLogs implements KubemedicTool {

    static final int MAX_TAIL = 10_000;
    static final int MAX_SINCE = 7 * 24 * 3600;
    private final Kubemedic app;

    AnalyzeLogs(Kubemedic app) {
        this.app = app;
    }

    @Override public String name() {
        return "analyze_logs";
    }

    @Override public String description() {
        return "Classifies a container's recent log lines (plain text or JSON) against Kubemedic's error patterns (connection, timeout, OOM,"
                + " DNS, permission, disk full, TLS, null pointer and unhandled exceptions with their stack traces grouped, panics, HTTP 5xx,"
                + " database, startup configuration), with counts and recommendations. Secrets are masked. previous=true reads the last"
                + " terminated instance (a crash's last words). Read-only.";
    }

    @Override public String inputSchema() {
        return Schemas.object(Schemas.NAMESPACE + ", " + Schemas.POD + """
                , "container": {"type": "string", "description": "Default: the first container"},
                "tail_lines": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 100},
                "since_seconds": {"type": "integer", "minimum": 1, "maximum": 604800, "default": 300},
                "previous": {"type": "boolean", "default": false}""", "namespace", "pod_name");
    }

    @Override public String outputSchema() {
        return Schemas.output("\"success\": {\"type\": \"boolean\"}, \"container\": {\"type\": \"string\"}, \"total_lines\": {\"type\": \"integer\"},"
                + " \"errors\": {\"type\": \"array\"}, \"error_patterns\": {\"type\": \"object\"}, \"recommendations\": {\"type\": \"array\"}");
    }

    @Override public Hints hints() {
        return Hints.READ_ONLY;
    }

    @Override public Map<String, Object> call(Map<String, Object> arguments, ToolCaller caller) {
        Args args = new Args(arguments);
        String ns = args.namespace(app.config());
        String name = args.object("pod_name");
        String container = args.container("container");
        int tail = args.integer("tail_lines", 100, 1, MAX_TAIL);
        int since = args.integer("since_seconds", 300, 1, MAX_SINCE);
        boolean previous = args.bool("previous", false);
        Pod pod = Tools.pod(app, ns, name);
        if (container == null) {
            container = pod.getSpec().getContainers().getFirst().getName();
        } else {
            String wanted = container;
            if (pod.getSpec().getContainers().stream().noneMatch(c -> c.getName().equals(wanted))
                    && (pod.getSpec().getInitContainers() == null || pod.getSpec().getInitContainers().stream().noneMatch(c -> c.getName().equals(wanted)))) {
                throw new ToolException("pod " + name + " has no container " + container + "; it has "
                        + pod.getSpec().getContainers().stream().map(c -> c.getName()).toList());
            }
        }
        LogAnalyzer.Result r;
        try {
            r = LogScan.analyze(app, pod, container, tail, previous ? null : since, previous, LogAnalyzer.Options.DEFAULT_MAX_ERRORS);
        } catch (PodReader.Unavailable e) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("success", false);
            out.put("container", container);
            out.put("reason", Redactor.redact(e.getMessage()));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("container", container);
        out.put("total_lines", r.totalLines());
        out.put("error_count", r.errorCount());
        out.put("errors", r.errors().stream().map(LogScan::entry).toList());
        out.put("error_patterns", r.errorPatterns());
        out.put("recommendations", r.recommendations());
        return out;
    }
}
