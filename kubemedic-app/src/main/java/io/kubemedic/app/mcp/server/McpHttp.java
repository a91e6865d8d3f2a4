package io.kubemedic.app.mcp.server;

import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.web.HttpApi;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.http.HttpServlet;

import java.util.List;
import java.util.Map;

/**
 * The tools over MCP Streamable HTTP: a servlet for the HTTP API to mount at {@code /mcp} behind its bearer-token
 * check. The check leaves the caller's identity in the request attribute {@link HttpApi#MCP_CALLER}; the transport
 * copies it into each request's context, where the tool calls read it. A request that reached the servlet without
 * one (a mounting mistake) is served as {@code unidentified}, which can never approve.
 */
public final class McpHttp implements AutoCloseable {

    private final HttpServlet servlet;
    private final McpSyncServer server;

    private McpHttp(HttpServlet servlet, McpSyncServer server) {
        this.servlet = servlet;
        this.server = server;
    }

    public static McpHttp of(List<KubemedicTool> tools, McpServers.Settings settings, int maxBodyBytes) {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpServers.JSON)
                .mcpEndpoint("/mcp")
                .maxRequestSize(maxBodyBytes)
                .contextExtractor(request -> request.getAttribute(HttpApi.MCP_CALLER) instanceof String identity
                        ? McpTransportContext.create(Map.of(McpServers.IDENTITY, identity)) : McpTransportContext.EMPTY)
                .build();
        McpSyncServer server = McpServers.build(McpServer.sync(transport), tools, settings, McpServers.UNIDENTIFIED);
        return new McpHttp(new McpServlet(transport), server);
    }

    /** The servlet to mount at {@code /mcp} (asynchronous: it streams responses as server-sent events). */
    public HttpServlet servlet() {
        return servlet;
    }

    @Override
    public void close() {
        server.close();
    }
}
