package io.kubemedic.app.mcp.server;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SDK's Streamable HTTP servlet with one thing changed: its error answers (400 "session id required", 404
 * "session not found"...) are written as the whole Java exception, stack trace and class names included. Here they
 * become a JSON-RPC error object with the code and message only. Everything else passes through untouched.
 */
final class McpServlet extends HttpServlet {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServlet sdk;

    McpServlet(HttpServlet sdk) {
        this.sdk = sdk;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        sdk.init(config);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        ErrorCapture capture = new ErrorCapture(response);
        sdk.service(request, capture);
        capture.rewrite();
    }

    @Override
    public void destroy() {
        sdk.destroy();
    }

    /** Buffers what is written after a 4xx/5xx status, so it can be rewritten once the SDK is done. */
    private static final class ErrorCapture extends HttpServletResponseWrapper {
        private final HttpServletResponse original;
        private StringWriter buffer;
        private PrintWriter writer;

        ErrorCapture(HttpServletResponse original) {
            super(original);
            this.original = original;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (getStatus() < 400) {
                return super.getWriter();
            }
            if (writer == null) {
                buffer = new StringWriter();
                writer = new PrintWriter(buffer);
            }
            return writer;
        }

        void rewrite() throws IOException {
            if (buffer == null) {
                return;
            }
            writer.flush();
            Map<String, Object> error = new LinkedHashMap<>();
            try {
                JsonNode sdkError = JSON.readTree(buffer.toString()).path("jsonRpcError");
                error.put("code", sdkError.path("code").asInt(-32600));
                error.put("message", sdkError.path("message").asString("the request was refused"));
            } catch (JacksonException e) {
                error.put("code", -32600);
                error.put("message", "the request was refused");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("jsonrpc", "2.0");
            body.put("id", null);
            body.put("error", error);
            original.getWriter().write(JSON.writeValueAsString(body));
            original.getWriter().flush();
        }
    }
}
