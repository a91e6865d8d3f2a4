package io.kubemedic.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubemedic mcp} as a command: stdout carries JSON-RPC and nothing else, even while the sandbox starts, logs
 * and plays its scenarios; the safety flags reach the server; a missing cluster or contradictory flags are named.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class McpCommandIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SESSION = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"it","version":"1"}}}
            {"jsonrpc":"2.0","method":"notifications/initialized"}
            {"jsonrpc":"2.0","id":2,"method":"tools/list"}
            """;

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result mcp(String stdin, ClusterSource.Environment environment, String... args) {
        McpCommand command = new McpCommand();
        command.in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        if (environment != null) {
            command.environment = environment;
        }
        CommandLine cl = new CommandLine(command);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = cl.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void onTheSandboxStdoutCarriesOnlyJsonRpcAndReadOnlyHidesEveryOtherTool() {
        Result r = mcp(SESSION, null, "--sandbox", "--read-only");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as("stdout").hasSize(2).allSatisfy(line -> assertThat(JSON.readTree(line).path("jsonrpc").asString()).isEqualTo("2.0"));
        JsonNode tools = JSON.readTree(lines.get(1)).at("/result/tools");
        assertThat(tools.valueStream().toList()).allSatisfy(t -> assertThat(t.at("/annotations/readOnlyHint").asBoolean()).isTrue());
        assertThat(r.err()).contains("scenario crashloop-restart").contains("MCP mode read-only").contains("dry-run mode");
    }

    @Test
    void withoutAClusterItSaysWhereItLookedAndExits2WithNothingOnStdout() {
        Result r = mcp("", new ClusterSource.Environment(Map.of(), dir, dir.resolve("serviceaccount/token")));
        assertThat(r.code()).isEqualTo(RunCommand.NO_CLUSTER);
        assertThat(r.err()).contains("no cluster configured").contains("./kubemedic mcp --sandbox");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void contradictoryFlagsAreUsageErrors() {
        assertThat(mcp("", null, "--read-only", "--no-destructive").code()).isEqualTo(2);
        Result both = mcp("", null, "--sandbox", "--kubeconfig", dir.resolve("k").toString());
        assertThat(both.code()).isNotZero();
        assertThat(both.out()).isEmpty();
    }
}
