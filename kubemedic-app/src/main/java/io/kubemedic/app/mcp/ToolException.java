package io.kubemedic.app.mcp;

/** A call the tool refuses (bad input, unknown pod, a mode that forbids it): returned to the agent as a tool error. */
public final class ToolException extends RuntimeException {

    public ToolException(String message) {
        super(message);
    }
}
