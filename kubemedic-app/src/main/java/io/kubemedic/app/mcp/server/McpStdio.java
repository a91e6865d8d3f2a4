package io.kubemedic.app.mcp.server;

import io.kubemedic.app.mcp.KubemedicTool;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/**
 * The tools over stdio, for a client that starts {@code kubemedic mcp} as a subprocess (Claude Desktop, an IDE agent,
 * the MCP Inspector). {@code out} carries JSON-RPC and nothing else: the caller must have pointed {@code System.out}
 * elsewhere before anything could print to it. Every call is made by {@value McpServers#STDIO}.
 */
public final class McpStdio {

    /** After stdin closes, requests still running get this long to be answered. */
    static final Duration DRAIN = Duration.ofMinutes(5);

    private McpStdio() {
    }

    /** Serves until the client closes stdin and every request read has been answered, then closes the server. */
    public static void serve(List<KubemedicTool> tools, McpServers.Settings settings, InputStream in, OutputStream out) throws InterruptedException {
        InFlight inFlight = new InFlight();
        StdoutTracker tracked = new StdoutTracker(out, McpServers.JSON, inFlight::answered);
        StdinGuard guarded = new StdinGuard(in, tracked, McpServers.JSON, inFlight::read, () -> inFlight.awaitNone(DRAIN));
        StdioServerTransportProvider transport = new StdioServerTransportProvider(McpServers.JSON, guarded, tracked);
        McpSyncServer server = McpServers.build(McpServer.sync(transport), tools, settings, McpServers.STDIO);
        try {
            guarded.closed().await();
        } finally {
            server.closeGracefully();
        }
    }

    /** Requests read and not answered yet. */
    private static final class InFlight {
        private int open;

        synchronized void read() {
            open++;
        }

        synchronized void answered() {
            open--;
            notifyAll();
        }

        synchronized void awaitNone(Duration atMost) throws InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (open > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
