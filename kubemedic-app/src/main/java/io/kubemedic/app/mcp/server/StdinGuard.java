package io.kubemedic.app.mcp.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Stands between stdin and the SDK's stdio transport. The SDK ends the whole session on the first line it cannot
 * read as a JSON-RPC message; here such a line is answered with a JSON-RPC parse error (as the specification asks)
 * and dropped, so one bad line does not take the server down. It also tells when stdin has closed, which is how an
 * MCP client ends a stdio server, and holds that end back from the SDK (which stops writing when it sees it) until
 * the requests already read are answered: a client may send its requests and close stdin at once.
 */
final class StdinGuard extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(StdinGuard.class);

    private final BufferedReader in;
    private final OutputStream out;
    private final McpJsonMapper json;
    private final Runnable onRequest;
    private final Drain beforeEnd;
    private final CountDownLatch closed = new CountDownLatch(1);
    private byte[] line = new byte[0];
    private int next;

    /**
     * {@code out} is the stream the transport writes to: errors are written under its lock, as the transport writes.
     * {@code onRequest} runs for each request passed on (a message that will be answered); at the end of stdin,
     * {@code beforeEnd} waits until they have been.
     */
    StdinGuard(InputStream in, OutputStream out, McpJsonMapper json, Runnable onRequest, Drain beforeEnd) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.json = json;
        this.onRequest = onRequest;
        this.beforeEnd = beforeEnd;
    }

    /** Blocks until the requests passed on have been answered (or it gives up). */
    @FunctionalInterface
    interface Drain {
        void await() throws InterruptedException;
    }

    /** Counted down when stdin reaches its end or fails. */
    CountDownLatch closed() {
        return closed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (next >= line.length) {
            String text;
            try {
                text = in.readLine();
            } catch (IOException e) {
                closed.countDown();
                throw e;
            }
            if (text == null) {
                try {
                    beforeEnd.await(); // the transport stops writing once it reads the end: answers still due go out first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    closed.countDown();
                }
                return -1;
            }
            if (text.isBlank() || !acceptable(text)) {
                continue;
            }
            line = (text + "\n").getBytes(StandardCharsets.UTF_8);
            next = 0;
        }
        int n = Math.min(len, line.length - next);
        System.arraycopy(line, next, b, off, n);
        next += n;
        return n;
    }

    private boolean acceptable(String text) {
        try {
            if (McpSchema.deserializeJsonRpcMessage(json, text) instanceof McpSchema.JSONRPCRequest) {
                onRequest.run();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("MCP stdio: dropped a line that is not a JSON-RPC message ({} characters): {}", text.length(), e.getMessage());
            answerParseError();
            return false;
        }
    }

    /** JSON-RPC 2.0: a request that cannot be parsed is answered with code -32700 and id null. */
    private void answerParseError() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", McpSchema.ErrorCodes.PARSE_ERROR);
        error.put("message", "Parse error: not a JSON-RPC 2.0 message");
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", null);
        response.put("error", error);
        try {
            byte[] bytes = (json.writeValueAsString(response) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (out) {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException io) {
            LOG.warn("MCP stdio: could not answer a malformed line: {}", io.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        in.close();
    }
}
