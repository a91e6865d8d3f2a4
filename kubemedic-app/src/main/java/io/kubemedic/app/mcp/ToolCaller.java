package io.kubemedic.app.mcp;

/**
 * Who calls a tool: the MCP client's name (from {@code initialize}), the authenticated identity ({@code token:<id>}
 * over HTTP, {@code stdio} on a local pipe), and whether that identity may approve actions. Recorded as the audit
 * initiator of anything a tool does.
 */
public record ToolCaller(String clientName, String identity, boolean approver) {

    public String initiator() {
        return "mcp:" + (clientName == null || clientName.isBlank() ? "unknown-client" : clientName) + " by " + identity;
    }
}
