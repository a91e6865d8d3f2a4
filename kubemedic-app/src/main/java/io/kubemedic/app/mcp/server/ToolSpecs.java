package io.kubemedic.app.mcp.server;

import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.app.mcp.ToolException;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@link KubemedicTool} as the SDK publishes and calls it. The SDK has already checked the arguments against the
 * input schema (an invalid call never reaches the tool) and checks the result against the output schema. Whatever a
 * tool throws ends here as a tool error ({@code isError: true}) the agent can read: a {@link ToolException} with its
 * own message, anything else with a generic one (the details go to the log). No call can take the server down.
 */
final class ToolSpecs {

    private static final Logger LOG = LoggerFactory.getLogger(ToolSpecs.class);

    private ToolSpecs() {
    }

    /** The tool's entry in {@code tools/list}: name, description, both JSON Schemas and the hints. */
    static McpSchema.Tool describe(KubemedicTool tool, McpJsonMapper json) {
        KubemedicTool.Hints hints = tool.hints();
        return McpSchema.Tool.builder(tool.name(), json, tool.inputSchema())
                .description(tool.description())
                .outputSchema(json, tool.outputSchema())
                .annotations(McpSchema.ToolAnnotations.builder()
                        .readOnlyHint(hints.readOnly())
                        .destructiveHint(hints.destructive())
                        .idempotentHint(hints.idempotent())
                        .openWorldHint(false) // the one cluster Kubemedic watches, nothing beyond it
                        .build())
                .build();
    }

    static McpServerFeatures.SyncToolSpecification of(KubemedicTool tool, Function<io.modelcontextprotocol.server.McpSyncServerExchange, ToolCaller> callers,
                                                       McpJsonMapper json) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(describe(tool, json))
                .callHandler((exchange, request) -> call(tool, callers.apply(exchange), request.arguments(), json))
                .build();
    }

    static McpSchema.CallToolResult call(KubemedicTool tool, ToolCaller caller, Map<String, Object> arguments, McpJsonMapper json) {
        try {
            Map<String, Object> result = tool.call(arguments == null ? Map.of() : arguments, caller);
            if (result == null) {
                throw new IllegalStateException("the tool returned no result");
            }
            return McpSchema.CallToolResult.builder()
                    .structuredContent(result)
                    .addTextContent(json.writeValueAsString(result)) // the same result for clients that read only text
                    .isError(false)
                    .build();
        } catch (ToolException e) {
            LOG.info("MCP tool {} refused a call by {}: {}", tool.name(), caller.initiator(), e.getMessage());
            return error(e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.error("MCP tool {} failed on a call by {}", tool.name(), caller.initiator(), e);
            return error("the tool " + tool.name() + " failed unexpectedly (" + e.getClass().getSimpleName()
                    + "); the details are in Kubemedic's log");
        }
    }

    static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder().addTextContent(message == null || message.isBlank() ? "the call was refused" : message)
                .isError(true).build();
    }
}
