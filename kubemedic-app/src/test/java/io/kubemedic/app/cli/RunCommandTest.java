package io.kubemedic.app.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubemedic run} before the engine starts: no cluster configured, a server that is not there, one that refuses
 * the credentials or the permissions. Each gets a named answer and a non-zero exit within seconds. Only 127.0.0.1.
 */
class RunCommandTest {

    @TempDir
    Path dir;
    private HttpServer fake;

    private record Result(int code, String err, Duration took) {
    }

    @AfterEach
    void stopFake() {
        if (fake != null) {
            fake.stop(0);
        }
    }

    private Result run(ClusterSource.Environment environment, String... args) {
        RunCommand command = new RunCommand();
        command.environment = environment;
        CommandLine cl = new CommandLine(command);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        long t0 = System.nanoTime();
        int code = cl.execute(args);
        return new Result(code, err.toString(), Duration.ofNanos(System.nanoTime() - t0));
    }

    private ClusterSource.Environment nothing() {
        return new ClusterSource.Environment(Map.of(), dir, dir.resolve("serviceaccount/token"));
    }

    private Path kubeconfig(String server) throws IOException {
        Path file = dir.resolve("kubeconfig-" + System.nanoTime());
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: "not-a-real-token"}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """.formatted(server));
        return file;
    }

    /** A fake API server on 127.0.0.1 answering every path with {@code answers}' status and JSON (by path prefix). */
    private String fakeServer(Map<String, Integer> answers) throws IOException {
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int code = answers.entrySet().stream().filter(a -> path.startsWith(a.getKey())).map(Map.Entry::getValue).findFirst().orElse(404);
            String body = code == 200
                    ? "{\"major\":\"1\",\"minor\":\"20\",\"gitVersion\":\"v1.20.2\"}"
                    : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"%s\",\"code\":%d}"
                            .formatted(code == 403 ? "pods is forbidden: User \\\"kubemedic\\\" cannot list resource \\\"pods\\\"" : "Unauthorized", code);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        fake.start();
        return "http://127.0.0.1:" + fake.getAddress().getPort();
    }

    @Test
    void withNoClusterConfiguredItSaysWhereItLookedSuggestsTheDemoAndExits2AtOnce() {
        Result r = run(nothing());

        assertThat(r.code()).isEqualTo(RunCommand.NO_CLUSTER);
        assertThat(r.err()).contains("no cluster configured").contains("--kubeconfig: not given").contains("$KUBECONFIG: not set")
                .contains(dir.resolve(".kube/config") + ": no such file")
                .contains("in-cluster service account: " + dir.resolve("serviceaccount/token") + " not found, $KUBERNETES_SERVICE_HOST not set")
                .contains("./kubemedic demo");
        assertThat(r.took()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aKubeconfigVariableNamingAMissingFileIsReportedAsSuch() {
        Result r = run(new ClusterSource.Environment(Map.of("KUBECONFIG", dir.resolve("gone.yaml").toString()), dir, dir.resolve("token")));
        assertThat(r.code()).isEqualTo(RunCommand.NO_CLUSTER);
        assertThat(r.err()).contains("$KUBECONFIG=" + dir.resolve("gone.yaml") + ": no such file");
    }

    @Test
    void aServerThatIsNotThereIsNamedWithTheErrorWithin15Seconds() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = run(nothing(), "--kubeconfig", kubeconfig("https://127.0.0.1:" + port).toString());

        assertThat(r.code()).isEqualTo(RunCommand.UNREACHABLE);
        assertThat(r.err()).contains("cannot use the cluster at https://127.0.0.1:" + port).contains("connection refused");
        assertThat(r.took()).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void rejectedCredentialsAreNamed() throws IOException {
        String server = fakeServer(Map.of("/", 401));
        Result r = run(nothing(), "--kubeconfig", kubeconfig(server).toString());

        assertThat(r.code()).isEqualTo(RunCommand.UNREACHABLE);
        assertThat(r.err()).contains("cannot use the cluster at " + server).contains("401 Unauthorized");
    }

    @Test
    void missingPermissionToListPodsWhereItWouldWatchIsNamed() throws IOException {
        String server = fakeServer(Map.of("/version", 200, "/api/v1/namespaces/shop/pods", 403));
        Result r = run(nothing(), "--kubeconfig", kubeconfig(server).toString(), "--namespace", "shop");

        assertThat(r.code()).isEqualTo(RunCommand.UNREACHABLE);
        assertThat(r.err()).contains("403 Forbidden: pods is forbidden");
    }

    @Test
    void theKubeconfigInTheHomeDirectoryIsFoundWhenNothingElseIsGiven() throws IOException {
        Path kube = Files.createDirectories(dir.resolve(".kube"));
        Files.copy(kubeconfig("https://127.0.0.1:1"), kube.resolve("config"));
        ClusterSource.Found found = ClusterSource.find(null, null, nothing());
        assertThat(found.description()).isEqualTo(kube.resolve("config").toString());
        assertThat(found.config().getMasterUrl()).startsWith("https://127.0.0.1:1");
        assertThat(found.inCluster()).isFalse();
    }

    @Test
    void aServiceAccountTokenAndServiceHostMeanInCluster() throws IOException {
        Path token = Files.createDirectories(dir.resolve("sa")).resolve("token");
        Files.writeString(token, "t");
        ClusterSource.Found found = ClusterSource.find(null, null,
                new ClusterSource.Environment(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), dir, token));
        assertThat(found.inCluster()).isTrue();
        assertThat(found.description()).contains("in-cluster service account");
    }
}
