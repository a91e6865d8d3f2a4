package io.kubemedic.app.mcp.server;

import io.javalin.Javalin;
import io.kubemedic.app.web.HttpApi;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MCP server as an agent sees it, through the SDK's own client over Streamable HTTP: which tools each mode
 * publishes, with which schemas and hints; how refusals and failures come back; who the tools are told is calling.
 */
class McpServersTest {

    private final TestTools tools = new TestTools();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    /** A server with the test tools behind a stand-in for the token check that names the caller {@code identity}. */
    private McpSyncClient connect(McpMode mode, Set<String> approvers, String identity) {
        McpHttp mcp = McpHttp.of(tools.all(), new McpServers.Settings(mode, approvers), 1_048_576);
        open.add(mcp);
        Javalin host = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jetty.host = "127.0.0.1";
            c.jetty.port = 0;
            c.jetty.modifyServletContextHandler(h -> {
                ServletHolder servlet = new ServletHolder(mcp.servlet());
                servlet.setAsyncSupported(true);
                h.addServlet(servlet, "/mcp");
                FilterHolder caller = new FilterHolder((jakarta.servlet.Filter) (req, res, chain) -> {
                    if (identity != null) {
                        req.setAttribute(HttpApi.MCP_CALLER, identity);
                    }
                    chain.doFilter(req, res);
                });
                caller.setAsyncSupported(true);
                h.addFilter(caller, "/mcp", EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
            });
        }).start();
        open.add(host::stop);
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + host.port()).endpoint("/mcp").build())
                .clientInfo(McpSchema.Implementation.builder("test-agent", "1.0").build())
                .requestTimeout(Duration.ofSeconds(20))
                .build();
        open.add(client::close);
        client.initialize();
        return client;
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool, String pod) {
        return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(Map.of("namespace", "shop", "pod_name", pod)).build());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    @Test
    void everyToolIsPublishedWithItsSchemasAndHints() {
        McpSyncClient client = connect(McpMode.ALL, Set.of(), "token:0000aaaa");
        assertThat(client.getServerInfo().name()).isEqualTo("kubemedic");
        Map<String, McpSchema.Tool> listed = new java.util.HashMap<>();
        client.listTools().tools().forEach(t -> listed.put(t.name(), t));
        assertThat(listed).containsOnlyKeys("look_pod", "restart_pod", "delete_pod");
        McpSchema.Tool look = listed.get("look_pod");
        assertThat(look.description()).isEqualTo("Test tool look_pod.");
        assertThat(look.inputSchema()).containsEntry("type", "object").containsEntry("required", List.of("namespace", "pod_name"));
        assertThat(look.outputSchema()).containsEntry("type", "object").containsKey("properties");
        assertThat(look.annotations().readOnlyHint()).isTrue();
        assertThat(look.annotations().destructiveHint()).isFalse();
        assertThat(look.annotations().idempotentHint()).isTrue();
        assertThat(look.annotations().openWorldHint()).isFalse();
        McpSchema.Tool delete = listed.get("delete_pod");
        assertThat(delete.annotations().readOnlyHint()).isFalse();
        assertThat(delete.annotations().destructiveHint()).isTrue();
        assertThat(delete.annotations().idempotentHint()).isFalse();
    }

    @Test
    void readOnlyModePublishesOnlyReadOnlyToolsAndRefusesTheOthersAsUnknown() {
        McpSyncClient client = connect(McpMode.READ_ONLY, Set.of(), "token:0000aaaa");
        assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("look_pod");
        assertThatThrownBy(() -> call(client, "delete_pod", "web-1")).isInstanceOf(McpError.class).hasMessageContaining("Unknown tool");
        assertThatThrownBy(() -> call(client, "restart_pod", "web-1")).isInstanceOf(McpError.class);
        assertThat(tools.calls).hasValue(0);
    }

    @Test
    void noDestructiveModeKeepsEverythingButTheDestructiveTools() {
        McpSyncClient client = connect(McpMode.NO_DESTRUCTIVE, Set.of(), "token:0000aaaa");
        assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("look_pod", "restart_pod");
        assertThatThrownBy(() -> call(client, "delete_pod", "web-1")).isInstanceOf(McpError.class);
        assertThat(call(client, "restart_pod", "web-1").isError()).isFalse();
    }

    @Test
    void theResultIsStructuredAndTheSameJsonAsText() {
        McpSyncClient client = connect(McpMode.ALL, Set.of(), "token:0000aaaa");
        McpSchema.CallToolResult result = call(client, "restart_pod", "web-1");
        assertThat(result.isError()).isFalse();
        assertThat(result.structuredContent()).isEqualTo(Map.of("restarted", "shop/web-1"));
        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.readTree(text(result))).isEqualTo(json.valueToTree(Map.of("restarted", "shop/web-1")));
    }

    @Test
    void aRefusalIsAToolErrorWithItsMessageAndTheServerKeepsServing() {
        McpSyncClient client = connect(McpMode.ALL, Set.of(), "token:0000aaaa");
        McpSchema.CallToolResult refused = call(client, "delete_pod", "protected");
        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).isEqualTo("pod shop/protected is protected: refused");
        assertThat(call(client, "delete_pod", "web-1").structuredContent()).isEqualTo(Map.of("deleted", "shop/web-1"));
    }

    @Test
    void aFailingToolIsAToolErrorThatLeaksNothingAndTheServerKeepsServing() {
        McpSyncClient client = connect(McpMode.ALL, Set.of(), "token:0000aaaa");
        McpSchema.CallToolResult failed = call(client, "restart_pod", "boom");
        assertThat(failed.isError()).isTrue();
        assertThat(text(failed)).contains("restart_pod failed unexpectedly (IllegalStateException)").doesNotContain("hunter2");
        assertThat(call(client, "restart_pod", "web-1").isError()).isFalse();
    }

    @Test
    void invalidArgumentsAreRefusedBeforeTheToolRuns() {
        McpSyncClient client = connect(McpMode.ALL, Set.of(), "token:0000aaaa");
        McpSchema.CallToolResult missing = client.callTool(McpSchema.CallToolRequest.builder("delete_pod").arguments(Map.of("namespace", "shop")).build());
        McpSchema.CallToolResult extra = client.callTool(McpSchema.CallToolRequest.builder("delete_pod")
                .arguments(Map.of("namespace", "shop", "pod_name", "web-1", "force", true)).build());
        McpSchema.CallToolResult wrongType = client.callTool(McpSchema.CallToolRequest.builder("delete_pod")
                .arguments(Map.of("namespace", "shop", "pod_name", 7)).build());
        assertThat(List.of(missing, extra, wrongType)).allSatisfy(r -> assertThat(r.isError()).isTrue());
        assertThat(text(missing)).contains("pod_name");
        assertThat(tools.calls).hasValue(0);
        assertThat(call(client, "delete_pod", "web-1").isError()).isFalse();
    }

    @Test
    void theToolIsToldTheClientTheIdentityAndWhetherItMayApprove() {
        McpSyncClient approver = connect(McpMode.ALL, Set.of("token:0000aaaa"), "token:0000aaaa");
        assertThat(call(approver, "look_pod", "web-1").structuredContent())
                .isEqualTo(Map.of("pod", "shop/web-1", "client", "test-agent", "identity", "token:0000aaaa", "approver", true));
        McpSyncClient other = connect(McpMode.ALL, Set.of("token:0000aaaa"), "token:1111bbbb");
        assertThat(structured(call(other, "look_pod", "web-1"))).containsEntry("identity", "token:1111bbbb").containsEntry("approver", false);
    }

    @Test
    void aRequestThatNamesNobodyIsUnidentifiedAndNeverAnApprover() {
        McpSyncClient client = connect(McpMode.ALL, Set.of(McpServers.UNIDENTIFIED, "stdio"), null);
        assertThat(structured(call(client, "look_pod", "web-1")))
                .containsEntry("identity", McpServers.UNIDENTIFIED).containsEntry("approver", false);
    }

    @Test
    void twoToolsWithOneNameAreRefusedAtStart() {
        var twice = new ArrayList<>(tools.all());
        twice.add(tools.all().getFirst());
        assertThatThrownBy(() -> McpServers.admitted(twice, McpMode.ALL)).hasMessageContaining("look_pod");
    }

    @Test
    void everyModeMatchesTheSettingsSpelling() {
        assertThat(java.util.Arrays.stream(McpMode.values()).map(McpMode::text).toList())
                .isEqualTo(io.kubemedic.core.config.Options.MCP_MODES);
        assertThat(McpServers.Settings.from(io.kubemedic.core.config.KubemedicConfig.from(Map.of("mcp.mode", "read-only",
                "mcp.approvers", "token:0000aaaa, stdio")))).isEqualTo(new McpServers.Settings(McpMode.READ_ONLY, Set.of("token:0000aaaa", "stdio")));
    }
}
