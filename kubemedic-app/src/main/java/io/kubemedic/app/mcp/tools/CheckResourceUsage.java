package io.kubemedic.app.mcp.tools;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.kubemedic.app.Kubemedic;
import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.kube.observe.PodReader;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code check_resource_usage}: each container's CPU and memory use against its request and limit, from metrics.k8s.io. */
final class CheckResourceUsage implements KubemedicTool {

    private final Kubemedic app;

    CheckResourceUsage(Kubemedic app) {
        this.app = app;
    }

    @Override public String name() {
        return "check_resource_usage";
    }

    @Override public String description() {
        return "CPU and memory usage of each container of a pod against its request and limit (metrics.k8s.io), with the containers above"
                + " their request, above 70 % or 90 % of their limit, or without limits. Read-only.";
    }

    @Override public String inputSchema() {
        return Schemas.object(Schemas.NAMESPACE + ", " + Schemas.POD, "namespace", "pod_name");
    }

    @Override public String outputSchema() {
        return Schemas.output("\"success\": {\"type\": \"boolean\"}, \"containers\": {\"type\": \"object\"}, \"issues\": {\"type\": \"array\"},"
                + " \"recommendations\": {\"type\": \"array\"}, \"reason\": {\"type\": \"string\"}");
    }

    @Override public Hints hints() {
        return Hints.READ_ONLY;
    }

    @Override public Map<String, Object> call(Map<String, Object> arguments, ToolCaller caller) {
        Args args = new Args(arguments);
        String ns = args.namespace(app.config());
        String name = args.object("pod_name");
        Pod pod = Tools.pod(app, ns, name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pod_name", name);
        out.put("namespace", ns);
        PodMetrics metrics;
        try {
            metrics = app.pods().metrics(ns, name);
        } catch (PodReader.Unavailable e) {
            out.put("success", false);
            out.put("reason", e.getMessage());
            return out;
        }
        Map<String, Object> containers = new LinkedHashMap<>();
        List<Map<String, Object>> issues = new ArrayList<>();
        List<String> recommendations = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            var usage = metrics.getContainers().stream().filter(m -> m.getName().equals(c.getName())).findFirst();
            Map<String, Object> both = new LinkedHashMap<>();
            for (String resource : List.of("cpu", "memory")) {
                Quantity used = usage.map(u -> u.getUsage().get(resource)).orElse(null);
                Quantity request = c.getResources() == null || c.getResources().getRequests() == null ? null : c.getResources().getRequests().get(resource);
                Quantity limit = c.getResources() == null || c.getResources().getLimits() == null ? null : c.getResources().getLimits().get(resource);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("usage", text(used));
                r.put("request", text(request));
                r.put("limit", text(limit));
                BigDecimal share = used == null || limit == null || limit.getNumericalAmount().signum() == 0 ? null
                        : used.getNumericalAmount().multiply(BigDecimal.valueOf(100)).divide(limit.getNumericalAmount(), 1, RoundingMode.HALF_UP);
                r.put("percentage_of_limit", share == null ? null : share.doubleValue());
                both.put(resource, r);
                judge(c.getName(), resource, used, request, limit, share, issues, recommendations);
            }
            containers.put(c.getName(), both);
        }
        out.put("success", true);
        out.put("containers", containers);
        out.put("issues", issues);
        out.put("recommendations", recommendations.stream().distinct().toList());
        return out;
    }

    private static void judge(String container, String resource, Quantity used, Quantity request, Quantity limit, BigDecimal share,
                              List<Map<String, Object>> issues, List<String> recommendations) {
        if (limit == null) {
            issues.add(issue("warning", "NoLimit", container, resource + " has no limit"));
            recommendations.add("set a " + resource + " limit on container " + container + " so it cannot starve its neighbours");
        }
        if (used != null && request != null && used.getNumericalAmount().compareTo(request.getNumericalAmount()) > 0) {
            issues.add(issue("info", "AboveRequest", container, resource + " usage " + text(used) + " is above its request " + text(request)));
            recommendations.add("raise the " + resource + " request of " + container + " towards its real use, so the scheduler places it honestly");
        }
        if (share != null && share.compareTo(BigDecimal.valueOf(90)) >= 0) {
            issues.add(issue("critical", "NearLimit", container, resource + " at " + share + " % of its limit"));
            recommendations.add(resource.equals("memory") ? "memory of " + container + " is close to its limit: an OOM kill is near; raise the limit or find the leak"
                    : "CPU of " + container + " is throttled at its limit: raise the limit or scale out");
        } else if (share != null && share.compareTo(BigDecimal.valueOf(70)) >= 0) {
            issues.add(issue("warning", "HighUsage", container, resource + " at " + share + " % of its limit"));
            recommendations.add("watch " + resource + " of " + container + ": above 70 % of its limit");
        }
    }

    private static Map<String, Object> issue(String severity, String type, String container, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", severity);
        m.put("type", type);
        m.put("container", container);
        m.put("message", message);
        return m;
    }

    private static String text(Quantity q) {
        return q == null ? null : q.toString();
    }

}
