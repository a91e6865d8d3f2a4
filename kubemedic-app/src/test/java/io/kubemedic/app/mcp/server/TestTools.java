package io.kubemedic.app.mcp.server;

import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.app.mcp.ToolException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Three small tools, one per kind of hint, that report who called them: enough to test the server without a cluster. */
final class TestTools {

    static final String POD_INPUT = """
            {"type": "object", "additionalProperties": false,
             "properties": {"namespace": {"type": "string", "minLength": 1}, "pod_name": {"type": "string", "minLength": 1}},
             "required": ["namespace", "pod_name"]}""";

    /** Calls that reached a tool (input validation happens before). */
    final AtomicInteger calls = new AtomicInteger();

    List<KubemedicTool> all() {
        return List.of(
                tool("look_pod", KubemedicTool.Hints.READ_ONLY, """
                        {"type": "object", "properties": {"pod": {"type": "string"}, "client": {"type": ["string", "null"]},
                         "identity": {"type": "string"}, "approver": {"type": "boolean"}},
                         "required": ["pod", "identity", "approver"]}"""),
                tool("restart_pod", new KubemedicTool.Hints(false, false, true), """
                        {"type": "object", "properties": {"restarted": {"type": "string"}}, "required": ["restarted"]}"""),
                tool("delete_pod", new KubemedicTool.Hints(false, true, false), """
                        {"type": "object", "properties": {"deleted": {"type": "string"}}, "required": ["deleted"]}"""));
    }

    private KubemedicTool tool(String name, KubemedicTool.Hints hints, String outputSchema) {
        return new KubemedicTool() {
            @Override public String name() {
                return name;
            }

            @Override public String description() {
                return "Test tool " + name + ".";
            }

            @Override public String inputSchema() {
                return POD_INPUT;
            }

            @Override public String outputSchema() {
                return outputSchema;
            }

            @Override public Hints hints() {
                return hints;
            }

            @Override public Map<String, Object> call(Map<String, Object> arguments, ToolCaller caller) {
                calls.incrementAndGet();
                String pod = arguments.get("namespace") + "/" + arguments.get("pod_name");
                switch (String.valueOf(arguments.get("pod_name"))) {
                    case "protected" -> throw new ToolException("pod " + pod + " is protected: refused");
                    case "boom" -> throw new IllegalStateException("a bug with a secret inside: hunter2");
                    default -> { }
                }
                Map<String, Object> out = new LinkedHashMap<>();
                switch (name) {
                    case "look_pod" -> {
                        out.put("pod", pod);
                        out.put("client", caller.clientName());
                        out.put("identity", caller.identity());
                        out.put("approver", caller.approver());
                    }
                    case "restart_pod" -> out.put("restarted", pod);
                    default -> out.put("deleted", pod);
                }
                return out;
            }
        };
    }
}
