package io.kubemedic.app.mcp.server;

import io.kubemedic.app.mcp.KubemedicTool;

import java.util.Arrays;

/**
 * Which tools an agent is shown. A tool a mode leaves out is not registered at all: it is missing from
 * {@code tools/list} and a call to it is refused as an unknown tool, so no prompt can talk the agent into it.
 */
public enum McpMode {
    /** Every tool; the guards and the approval rule still apply to each action. */
    ALL("all"),
    /** Only tools marked read-only: an agent that can look but never change the cluster. */
    READ_ONLY("read-only"),
    /** Everything except tools marked destructive. */
    NO_DESTRUCTIVE("no-destructive");

    private final String text;

    McpMode(String text) {
        this.text = text;
    }

    /** The setting's spelling ({@code mcp.mode}). */
    public String text() {
        return text;
    }

    public static McpMode parse(String text) {
        return Arrays.stream(values()).filter(m -> m.text.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown MCP mode '" + text + "': expected all, read-only or no-destructive"));
    }

    public boolean admits(KubemedicTool.Hints hints) {
        return switch (this) {
            case ALL -> true;
            case READ_ONLY -> hints.readOnly();
            case NO_DESTRUCTIVE -> !hints.destructive();
        };
    }
}
