package io.kubemedic.app.cli;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kubemedic run} against the real kube-apiserver 1.20 (shared/tools/real-apiserver): the start-up progress a
 * person sees, and the refusals a real server gives (TLS without the CA, a token it does not know, a service account
 * without RBAC), each named within 15 s.
 */
class RunCommandE2E {

    private static final String NS = "kubemedic-run-e2e-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    private static KubernetesClient admin;
    private static Config adminConfig;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect() {
        String kubeconfig = System.getProperty("kubemedic.e2e.kubeconfig");
        assertThat(kubeconfig).as("-Dkubemedic.e2e.kubeconfig").isNotBlank();
        adminConfig = Config.fromKubeconfig(null, new File(kubeconfig));
        admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    @AfterAll
    static void cleanUp() {
        if (admin != null) {
            admin.namespaces().withName(NS).delete();
            admin.close();
        }
    }

    private record Result(int code, String err, Duration took) {
    }

    private static Result run(String... args) {
        CommandLine cl = new CommandLine(new RunCommand());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        long t0 = System.nanoTime();
        int code = cl.execute(args);
        return new Result(code, err.toString(), Duration.ofNanos(System.nanoTime() - t0));
    }

    private Path kubeconfig(String cluster, String token) throws IOException {
        Path file = dir.resolve("kubeconfig-" + System.nanoTime());
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"%s}}]
                users: [{name: u, user: {token: "%s"}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """.formatted(cluster, token));
        return file;
    }

    private static String adminToken() {
        return adminConfig.getOauthToken() != null ? adminConfig.getOauthToken() : adminConfig.getAutoOAuthToken();
    }

    private String ca() {
        return ", certificate-authority: \"" + adminConfig.getCaCertFile() + "\"";
    }

    @Test
    void aHealthyClusterShowsConnectionVersionInformersAndModeThenStopsCleanly() throws Exception {
        RunCommand command = new RunCommand();
        CommandLine cl = new CommandLine(command);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        AtomicInteger code = new AtomicInteger(-1);
        java.nio.file.Path tokens = java.nio.file.Files.writeString(dir.resolve("tokens"), "# rotated weekly\nrun-e2e-token-0123456789abcdef\n");
        Thread t = Thread.ofPlatform().start(() -> code.set(cl.execute("--kubeconfig", System.getProperty("kubemedic.e2e.kubeconfig"),
                "--namespace", NS, "--audit", dir.resolve("audit.db").toString(), "--port", "0", "--set", "http.address=127.0.0.1",
                "--token-file", tokens.toString())));

        await().atMost(Duration.ofSeconds(60)).until(() -> err.toString().contains("kubemedic: running in dry-run mode"));
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("HTTP API on 127.0.0.1:(\\d+) \\(1 token").matcher(err.toString());
        assertThat(port.find()).as(err.toString()).isTrue();
        var http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port.group(1);
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/readyz")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).as("informers synced, store writable").isEqualTo(200);
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/v1/alerts")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        assertThat(err.toString()).doesNotContain("run-e2e-token-0123456789abcdef");
        command.stop.countDown();
        t.join(30_000);

        assertThat(code).hasValue(0);
        assertThat(err.toString()).contains("kubemedic: connected to https://127.0.0.1:6443/, server version v1.20.2")
                .contains("watching namespaces " + NS);
    }

    @Test
    void aServerCertificateItCannotVerifyIsNamedAsTls() throws IOException {
        Result r = run("--kubeconfig", kubeconfig("", adminToken()).toString(), "--namespace", NS);
        assertThat(r.code()).isEqualTo(RunCommand.UNREACHABLE);
        assertThat(r.err()).contains("cannot use the cluster at https://127.0.0.1:6443/: TLS:");
        assertThat(r.took()).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aTokenTheServerDoesNotKnowIsNamedAs401() throws IOException {
        Result r = run("--kubeconfig", kubeconfig(ca(), "0000not-a-token0000").toString(), "--namespace", NS);
        assertThat(r.code()).isEqualTo(RunCommand.UNREACHABLE);
        assertThat(r.err()).contains("401 Unauthorized");
        assertThat(r.took()).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aServiceAccountWithoutRbacIsNamedAs403ForThePodsItWouldWatch() throws IOException {
        admin.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata().withName("nobody").endMetadata().build()).create();
        Secret secret = await().atMost(Duration.ofSeconds(60)).until(() -> admin.secrets().inNamespace(NS).list().getItems().stream()
                .filter(s -> "kubernetes.io/service-account-token".equals(s.getType()))
                .filter(s -> "nobody".equals(s.getMetadata().getAnnotations().get("kubernetes.io/service-account.name")))
                .findFirst().orElse(null), s -> s != null);
        String token = new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);

        Result r = run("--kubeconfig", kubeconfig(ca(), token).toString(), "--namespace", NS);

        assertThat(r.code()).isEqualTo(RunCommand.UNREACHABLE);
        assertThat(r.err()).contains("403 Forbidden").contains("pods is forbidden").contains("system:serviceaccount:" + NS + ":nobody");
        assertThat(r.took()).isLessThan(Duration.ofSeconds(15));
    }
}
