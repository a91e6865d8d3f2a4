package io.kubemedic.app.mcp.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stdio transport at the byte level, as a client process sees it: every line on stdout is a JSON-RPC message,
 * a line that is not one is answered with a parse error and the session goes on, and closing stdin ends the server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class McpStdioTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PipedOutputStream clientOut = new PipedOutputStream();
    private final PipedInputStream serverOut = new PipedInputStream(1 << 20);
    private BufferedReader responses;

    private CompletableFuture<Void> serve(McpMode mode, Set<String> approvers) throws Exception {
        PipedInputStream serverIn = new PipedInputStream(clientOut, 1 << 20);
        OutputStream out = new PipedOutputStream(serverOut);
        responses = new BufferedReader(new InputStreamReader(serverOut, StandardCharsets.UTF_8));
        return CompletableFuture.runAsync(() -> {
            try {
                McpStdio.serve(new TestTools().all(), new McpServers.Settings(mode, approvers), serverIn, out);
                out.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void send(String line) throws Exception {
        clientOut.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        clientOut.flush();
    }

    /** The next line on stdout, which must be JSON. */
    private JsonNode next() throws Exception {
        String line = responses.readLine();
        assertThat(line).as("a line on stdout").isNotNull();
        return JSON.readTree(line);
    }

    private void initialize() throws Exception {
        send("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},\
                "clientInfo":{"name":"pipe-client","version":"1"}}}""");
        JsonNode init = next();
        assertThat(init.path("id").asInt()).isEqualTo(1);
        assertThat(init.at("/result/protocolVersion").asString()).isEqualTo("2025-11-25");
        assertThat(init.at("/result/serverInfo/name").asString()).isEqualTo("kubemedic");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @Test
    void aSessionOnStdioListsCallsAndEndsWhenStdinCloses() throws Exception {
        CompletableFuture<Void> server = serve(McpMode.NO_DESTRUCTIVE, Set.of(McpServers.STDIO));
        initialize();
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        JsonNode list = next();
        assertThat(list.at("/result/tools").valueStream().map(t -> t.path("name").asString()).toList())
                .containsExactlyInAnyOrder("look_pod", "restart_pod");
        send("""
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"look_pod","arguments":{"namespace":"shop","pod_name":"web-1"}}}""");
        JsonNode call = next();
        assertThat(call.at("/result/isError").asBoolean()).isFalse();
        assertThat(call.at("/result/structuredContent/identity").asString()).isEqualTo("stdio");
        assertThat(call.at("/result/structuredContent/client").asString()).isEqualTo("pipe-client");
        assertThat(call.at("/result/structuredContent/approver").asBoolean()).isTrue();
        clientOut.close();
        server.get(20, TimeUnit.SECONDS);
        assertThat(responses.readLine()).as("nothing else on stdout").isNull();
    }

    @Test
    void aClientThatSendsEverythingAndClosesStdinAtOnceStillGetsEveryAnswer() throws Exception {
        CompletableFuture<Void> server = serve(McpMode.ALL, Set.of());
        send("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},                "clientInfo":{"name":"batch","version":"1"}}}
                {"jsonrpc":"2.0","method":"notifications/initialized"}
                {"jsonrpc":"2.0","id":2,"method":"tools/list"}
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"restart_pod","arguments":{"namespace":"shop","pod_name":"web-1"}}}""");
        clientOut.close();
        server.get(20, TimeUnit.SECONDS);
        assertThat(responses.lines().map(JSON::readTree).map(r -> r.path("id").asInt()).toList()).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void aLineThatIsNotJsonRpcIsAnsweredWithAParseErrorAndTheSessionGoesOn() throws Exception {
        CompletableFuture<Void> server = serve(McpMode.ALL, Set.of());
        initialize();
        send("this is not json");
        JsonNode error = next();
        assertThat(error.path("id").isNull()).isTrue();
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32700);
        send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}");
        assertThat(next().at("/result/tools").size()).isEqualTo(3);
        send("""
                {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"delete_pod","arguments":{"namespace":"shop","pod_name":"protected"}}}""");
        JsonNode refused = next();
        assertThat(refused.at("/result/isError").asBoolean()).isTrue();
        assertThat(refused.at("/result/content/0/text").asString()).isEqualTo("pod shop/protected is protected: refused");
        clientOut.close();
        server.get(20, TimeUnit.SECONDS);
    }
}
