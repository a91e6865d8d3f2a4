package io.kubemedic.app.demo;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.List;

/**
 * The demo's final report: a table for people, JSON for machines.
 *
 * @param server where the scenarios played: {@code sandbox} or the real API server's address
 */
public record DemoReport(String server, List<ScenarioResult> scenarios) {

    public long passed() {
        return scenarios.stream().filter(ScenarioResult::passed).count();
    }

    public long failed() {
        return scenarios.size() - passed();
    }

    public String toJson() {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode list = root.putArray("scenarios");
        for (ScenarioResult r : scenarios) {
            ObjectNode n = list.addObject();
            n.put("name", r.name());
            n.put("issue", r.issue());
            n.put("namespace", r.namespace());
            n.put("action", r.action());
            n.put("outcome", r.outcome());
            n.put("passed", r.passed());
            n.put("time_to_detect_ms", r.timeToDetectMs());
            n.put("time_to_heal_ms", r.timeToHealMs());
            ArrayNode f = n.putArray("failures");
            r.failures().forEach(f::add);
        }
        root.put("server", server);
        root.put("passed", passed());
        root.put("failed", failed());
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    public void printTable(PrintStream out) {
        String fmt = "%-26s %-30s %-20s %-16s %-6s %10s %10s%n";
        out.printf(fmt, "SCENARIO", "ISSUE", "ACTION", "OUTCOME", "PASS", "DETECT", "HEAL");
        for (ScenarioResult r : scenarios) {
            out.printf(fmt, r.name(), cut(r.issue(), 30), r.action(), r.outcome(), r.passed() ? "yes" : "NO",
                    ms(r.timeToDetectMs()), ms(r.timeToHealMs()));
        }
        out.printf("%n%d passed, %d failed%n", passed(), failed());
        scenarios.stream().filter(r -> !r.passed()).forEach(r -> r.failures().forEach(f -> out.printf("  %s: %s%n", r.name(), f)));
    }

    private static String ms(Long v) {
        return v == null ? "-" : String.format("%.1fs", v / 1000.0);
    }

    private static String cut(String s, int n) {
        return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
