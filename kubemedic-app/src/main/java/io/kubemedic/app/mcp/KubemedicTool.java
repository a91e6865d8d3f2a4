package io.kubemedic.app.mcp;

import java.util.Map;

/**
 * One MCP tool: its name, JSON Schemas and hints as published in {@code tools/list}, and what it does. Tools never
 * hold a client or bypass the engine: they read through the observer's caches and act through the same planner,
 * guards, executor and verifier as the loop. Arguments arrive validated against {@link #inputSchema()}; a tool throws
 * {@link ToolException} for anything else it refuses, which reaches the agent as a tool error with the message.
 */
public interface KubemedicTool {

    /** The MCP hints: read-only tools never change the cluster; destructive ones may take something down. */
    record Hints(boolean readOnly, boolean destructive, boolean idempotent) {
        public static final Hints READ_ONLY = new Hints(true, false, true);
    }

    String name();

    /** What the tool does, for the agent (one or two sentences). */
    String description();

    /** JSON Schema (draft 2020-12, an {@code object}) of the arguments. */
    String inputSchema();

    /** JSON Schema of the structured result. */
    String outputSchema();

    Hints hints();

    /** Runs the tool; the result is the structured content (JSON-serialisable maps, lists, strings, numbers, booleans). */
    Map<String, Object> call(Map<String, Object> arguments, ToolCaller caller);
}
