package io.kubemedic.app.mcp.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Stdout as the stdio transport writes it (one JSON-RPC message a line), telling each answer to a request as it goes
 * out, so that a client which sends its requests and closes stdin at once still gets every answer before the server
 * stops. The bytes pass through unchanged.
 */
final class StdoutTracker extends OutputStream {

    private final OutputStream out;
    private final McpJsonMapper json;
    private final Runnable onResponse;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    StdoutTracker(OutputStream out, McpJsonMapper json, Runnable onResponse) {
        this.out = out;
        this.json = json;
        this.onResponse = onResponse;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                ended();
            } else {
                line.write(b[i]);
            }
        }
    }

    private void ended() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        try {
            if (McpSchema.deserializeJsonRpcMessage(json, text) instanceof McpSchema.JSONRPCResponse r && r.id() != null) {
                onResponse.run();
            }
        } catch (IOException | RuntimeException notAResponse) {
            // only the transport writes here, one message a line; anything else is not an answer to count
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
