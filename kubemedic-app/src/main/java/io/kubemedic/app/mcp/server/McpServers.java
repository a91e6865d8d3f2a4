package io.kubemedic.app.mcp.server;

import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.core.config.KubemedicConfig;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kubemedic's tools as an MCP server, built with the official MCP Java SDK for one transport (stdio or Streamable
 * HTTP). The mode decides which tools are registered; who calls is read per request: the client's name from its
 * {@code initialize}, the identity from the transport ({@link #IDENTITY} in the transport context, set by the HTTP
 * token check; {@code stdio} on a local pipe), and whether that identity may approve from {@code mcp.approvers}.
 */
public final class McpServers {

    /** Key of the caller's identity in the SDK's transport context. */
    public static final String IDENTITY = "kubemedic.caller";
    /** The identity of whoever holds the other end of {@code kubemedic mcp}'s stdin and stdout. */
    public static final String STDIO = "stdio";
    /** A call whose transport named nobody; never an approver, whatever the configuration says. */
    static final String UNIDENTIFIED = "unidentified";

    static final McpJsonMapper JSON = new JacksonMcpJsonMapper(JsonMapper.builder().build());

    /** What every server is built with: the mode, and who may approve. */
    public record Settings(McpMode mode, Set<String> approvers) {
        public Settings {
            approvers = Set.copyOf(approvers);
        }

        public static Settings from(KubemedicConfig config) {
            return new Settings(McpMode.parse(config.mcpMode()), Set.copyOf(config.mcpApprovers()));
        }
    }

    private McpServers() {
    }

    /** The tools the mode lets an agent see, in the given order; duplicate names are a programming error. */
    public static List<KubemedicTool> admitted(List<KubemedicTool> tools, McpMode mode) {
        Set<String> names = new HashSet<>();
        for (KubemedicTool t : tools) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("two MCP tools are named " + t.name());
            }
        }
        return tools.stream().filter(t -> mode.admits(t.hints())).toList();
    }

    /** Registers the admitted tools on a server specification and builds it (which binds it to its transport). */
    static McpSyncServer build(McpServer.SyncSpecification<?> spec, List<KubemedicTool> tools, Settings settings, String transportIdentity) {
        List<KubemedicTool> admitted = admitted(tools, settings.mode());
        spec.serverInfo(McpSchema.Implementation.builder("kubemedic", version()).title("Kubemedic")
                        .description("Self-healing for Kubernetes: diagnose pods, heal them through Kubemedic's guards").build())
                .instructions(instructions(settings.mode(), admitted.size()))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(JSON)
                .validateToolInputs(true);
        admitted.forEach(t -> spec.tools(ToolSpecs.of(t, exchange -> caller(exchange, transportIdentity, settings), JSON)));
        return spec.build();
    }

    static ToolCaller caller(McpSyncServerExchange exchange, String transportIdentity, Settings settings) {
        McpSchema.Implementation client = exchange.getClientInfo();
        Object fromTransport = exchange.transportContext() == null ? null : exchange.transportContext().get(IDENTITY);
        String identity = fromTransport instanceof String s && !s.isBlank() ? s : transportIdentity;
        boolean approver = !UNIDENTIFIED.equals(identity) && settings.approvers().contains(identity);
        return new ToolCaller(client == null ? null : client.name(), identity, approver);
    }

    private static String instructions(McpMode mode, int tools) {
        return "Kubemedic diagnoses and heals Kubernetes workloads. Every action goes through the same guards as Kubemedic's own loop"
                + " (scope, cooldown, rate limits, blast radius, approval); a refused action comes back with its reason. Mode: " + mode.text()
                + ", " + tools + " tool(s). Actions that need approval answer pending_approval unless the caller is an approver.";
    }

    static String version() {
        String v = McpServers.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
