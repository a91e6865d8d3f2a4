package io.kubemedic.app.mcp.server;

import io.kubemedic.app.web.HttpApi;
import io.kubemedic.app.web.Tokens;
import io.kubemedic.core.config.KubemedicConfig;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /mcp} as the HTTP API serves it: behind the same bearer tokens as the other endpoints (401 JSON without one,
 * before the MCP layer sees the request), with the token's identity reaching the tools, beside Javalin's own routes.
 */
class McpHttpIT {

    private static final String APPROVER_TOKEN = "approver-token-0123456789abcdef";
    private static final String OTHER_TOKEN = "another-token-0123456789abcdef";
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},\
            "clientInfo":{"name":"curl","version":"1"}}}""";

    private static McpHttp mcp;
    private static HttpApi api;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        KubemedicConfig config = KubemedicConfig.from(Map.of("http.port", "0", "http.address", "127.0.0.1",
                "mcp.approvers", Tokens.identity(APPROVER_TOKEN)));
        Tokens tokens = Tokens.of(APPROVER_TOKEN, OTHER_TOKEN);
        mcp = McpHttp.of(new TestTools().all(), McpServers.Settings.from(config), config.httpMaxBody());
        api = HttpApi.start(new HttpApi.Parts(config, tokens, null, null, null, null, () -> true, mcp.servlet()));
    }

    @AfterAll
    static void stop() {
        api.close();
        mcp.close();
    }

    private static HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static McpSyncClient client(String token) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + api.port()).endpoint("/mcp")
                        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build())
                .clientInfo(McpSchema.Implementation.builder("it-agent", "1").build()).requestTimeout(Duration.ofSeconds(20)).build();
        client.initialize();
        return client;
    }

    @Test
    void withoutATokenMcpAnswers401AsJsonAndSaysBearer() throws Exception {
        HttpResponse<String> none = post("/mcp", null, INITIALIZE);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        JsonNode body = JsonMapper.builder().build().readTree(none.body());
        assertThat(body.path("error").asString()).isEqualTo("unauthorized");
        assertThat(body.path("message").asString()).contains("missing bearer token");
        HttpResponse<String> wrong = post("/mcp", "Bearer not-a-valid-token-at-all", INITIALIZE);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("the bearer token is not valid");
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/mcp")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(401);
    }

    @Test
    void withATokenAPlainHttpClientInitializesAndTheSdkClientListsTools() throws Exception {
        HttpResponse<String> init = post("/mcp", "Bearer " + OTHER_TOKEN, INITIALIZE);
        assertThat(init.statusCode()).isEqualTo(200);
        assertThat(init.headers().firstValue("Mcp-Session-Id")).isPresent();
        assertThat(init.body()).contains("\"serverInfo\"").contains("kubemedic");
        try (McpSyncClient client = client(OTHER_TOKEN)) {
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("look_pod", "restart_pod", "delete_pod");
        }
    }

    @Test
    void aRequestTheTransportRefusesGetsAJsonRpcErrorWithoutJavaInternals() throws Exception {
        HttpResponse<String> noSession = post("/mcp", "Bearer " + OTHER_TOKEN, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}");
        assertThat(noSession.statusCode()).isEqualTo(400);
        JsonNode body = JsonMapper.builder().build().readTree(noSession.body());
        assertThat(body.path("jsonrpc").asString()).isEqualTo("2.0");
        assertThat(body.at("/error/message").asString()).containsIgnoringCase("session");
        assertThat(noSession.body()).doesNotContain("stackTrace").doesNotContain("io.modelcontextprotocol");
    }

    @Test
    void theTokensIdentityReachesTheToolAndOnlyAListedOneMayApprove() {
        try (McpSyncClient approver = client(APPROVER_TOKEN); McpSyncClient other = client(OTHER_TOKEN)) {
            var args = Map.<String, Object>of("namespace", "shop", "pod_name", "web-1");
            assertThat(approver.callTool(McpSchema.CallToolRequest.builder("look_pod").arguments(args).build()).structuredContent())
                    .isEqualTo(Map.of("pod", "shop/web-1", "client", "it-agent", "identity", Tokens.identity(APPROVER_TOKEN), "approver", true));
            assertThat(other.callTool(McpSchema.CallToolRequest.builder("look_pod").arguments(args).build()).structuredContent())
                    .isEqualTo(Map.of("pod", "shop/web-1", "client", "it-agent", "identity", Tokens.identity(OTHER_TOKEN), "approver", false));
        }
    }

    @Test
    void theApisOwnRoutesStillAnswer() throws Exception {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/healthz")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> under = post("/mcp/extra", "Bearer " + OTHER_TOKEN, "{}");
        assertThat(under.statusCode()).isEqualTo(404);
        assertThat(under.body()).contains("not_found");
    }
}
