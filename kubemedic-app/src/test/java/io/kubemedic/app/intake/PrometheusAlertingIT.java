package io.kubemedic.app.intake;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.app.audit.AlertRecord;
import io.kubemedic.app.demo.DemoRunner;
import io.kubemedic.app.demo.DemoServer;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.web.Tokens;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.IncidentRecord;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.kube.sandbox.ScenarioLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole alert path with the real parts: Debian's Prometheus scrapes a pod's memory from a local exporter and
 * evaluates the shipped {@code MemoryLeakDetected} rule, Debian's Alertmanager routes it with the shipped receiver
 * config to Kubemedic's webhook, and Kubemedic restarts the pod through its controller in the sandbox cluster. When
 * the new pod's memory is low the alert resolves, and the resolved notification reaches Kubemedic too.
 * Only the timings are shortened (1 s scrape and evaluation, group_wait 0 s), the rule and the receiver are the shipped
 * ones. {@code .ci/run} installs both packages.
 */
class PrometheusAlertingIT {

    private static final String TOKEN = "alerting-it-token-0123456789";
    private static final long LEAKING = 400L * 1024 * 1024;
    private static final long NORMAL = 120L * 1024 * 1024;

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private HttpServer exporter;
    private DemoServer kubemedic;

    @AfterEach
    void stop() {
        processes.forEach(p -> {
            p.destroy();
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (exporter != null) {
            exporter.stop(0);
        }
        if (kubemedic != null) {
            kubemedic.close();
        }
    }

    @Test
    void aLeakSeenByPrometheusIsHealedThroughAlertmanagerAndItsResolutionClosesTheIncident() throws Exception {
        String prometheus = binary("prometheus", "prometheus");
        String alertmanager = binary("prometheus-alertmanager", "prometheus-alertmanager");
        Map<String, String> settings = new HashMap<>(DemoRunner.SANDBOX_SETTINGS);
        settings.putAll(Map.of("audit.path", dir.resolve("k.db").toString(), "http.port", "0", "http.address", "127.0.0.1", "storm.settle", "1s"));
        kubemedic = DemoServer.start(KubemedicConfig.from(settings), List.of(ScenarioLoader.parse("""
                name: leak
                namespace: leak
                objects:
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: cache}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: cache}}
                      template:
                        metadata: {labels: {app: cache}}
                        spec: {containers: [{name: app, image: "registry.example.com/cache:1", resources: {limits: {memory: 512Mi}}}]}
                expect: {outcome: NONE, within: 5s}
                """, "leak.yaml")), Tokens.of(TOKEN), Clock.systemUTC(), EngineListener.NONE);
        String ns = kubemedic.player().namespaceOf("leak");
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns).isPresent());
        Pod leaking = running(ns).orElseThrow();

        // the exporter: the leaking pod above 300Mi, any later pod of the Deployment at a normal level
        exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext("/metrics", x -> {
            StringBuilder out = new StringBuilder("# TYPE container_memory_usage_bytes gauge\n");
            running(ns).ifPresent(p -> out.append("container_memory_usage_bytes{namespace=\"").append(ns).append("\",pod=\"")
                    .append(p.getMetadata().getName()).append("\",container=\"app\"} ")
                    .append(p.getMetadata().getUid().equals(leaking.getMetadata().getUid()) ? LEAKING : NORMAL).append('\n'));
            byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        exporter.start();

        int amPort = freePort();
        startAlertmanager(alertmanager, amPort, kubemedic.port());
        startPrometheus(prometheus, amPort, exporter.getAddress().getPort());

        // firing: Prometheus (30 s "for") → Alertmanager → webhook → the pod evicted, recreated by its ReplicaSet
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> alert(AlertRecord::status, "firing").isPresent());
        AlertRecord firing = alert(AlertRecord::status, "firing").orElseThrow();
        assertThat(firing.source()).isEqualTo("alertmanager");
        assertThat(firing.target()).contains(leaking.getMetadata().getName());
        await().atMost(Duration.ofSeconds(30)).until(() -> running(ns).filter(p -> !p.getMetadata().getUid().equals(leaking.getMetadata().getUid())).isPresent());
        IncidentRecord incident = kubemedic.audit().incidents(10).stream().filter(i -> i.workload().name().equals("cache")).findFirst().orElseThrow();
        assertThat(kubemedic.audit().byIncident(incident.id())).anySatisfy(r -> {
            assertThat(r.actionType()).isEqualTo(ActionType.EVICT_POD);
            assertThat(r.status()).isEqualTo(AuditStatus.SUCCEEDED);
            assertThat(r.target().name()).isEqualTo(leaking.getMetadata().getName());
        });
        assertThat(scrape()).contains("healing_success_total{action=\"evict-pod\",namespace=\"" + ns + "\"} 1.0");

        // resolved: the old series is gone, the alert resolves, Alertmanager sends send_resolved, the incident is closed
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> alert(AlertRecord::status, "resolved").isPresent());
        await().atMost(Duration.ofSeconds(30)).until(() -> kubemedic.audit().incident(incident.id()).orElseThrow().outcome() != Outcome.OPEN);
        assertThat(kubemedic.audit().byIncident(incident.id()).stream().filter(r -> r.actionType() == ActionType.EVICT_POD
                && r.status() == AuditStatus.SUCCEEDED)).as("the resolved alert caused no action").hasSize(1);
        assertThat(scrape()).contains("kubemedic_alerts_received_total{disposition=\"resolved\",source=\"alertmanager\",status=\"resolved\"}");
    }

    private Optional<AlertRecord> alert(java.util.function.Function<AlertRecord, String> field, String value) {
        return kubemedic.audit().alerts(100).stream().filter(a -> "MemoryLeakDetected".equals(a.alertname()) && value.equals(field.apply(a))).findFirst();
    }

    private Optional<Pod> running(String ns) {
        return kubemedic.client().pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .findFirst();
    }

    private String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + kubemedic.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The shipped receiver config, pointed at this Kubemedic with a token file, with test timings. */
    private void startAlertmanager(String binary, int port, int kubemedicPort) throws IOException {
        YAMLMapper yaml = YAMLMapper.builder().build();
        ObjectNode config = (ObjectNode) yaml.readTree(deploy("alertmanager/alertmanager.yaml").toFile());
        Path token = Files.writeString(dir.resolve("token"), TOKEN);
        for (var receiver : config.path("receivers")) {
            for (var hook : receiver.path("webhook_configs")) {
                ((ObjectNode) hook).put("url", "http://127.0.0.1:" + kubemedicPort + "/api/v1/alerts/alertmanager");
                ((ObjectNode) hook.path("http_config").path("authorization")).put("credentials_file", token.toString());
            }
        }
        fastRoutes((ObjectNode) config.path("route"));
        Path file = dir.resolve("alertmanager.yml");
        yaml.writeValue(file.toFile(), config);
        start(binary, "--config.file=" + file, "--storage.path=" + dir.resolve("am-data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=");
    }

    private static void fastRoutes(ObjectNode route) {
        route.put("group_wait", "0s");
        route.put("group_interval", "1s");
        route.put("repeat_interval", "1h");
        for (var child : route.path("routes")) {
            fastRoutes((ObjectNode) child);
        }
    }

    /** The shipped rules, evaluated every second. */
    private void startPrometheus(String binary, int amPort, int exporterPort) throws IOException {
        YAMLMapper yaml = YAMLMapper.builder().build();
        ObjectNode rules = (ObjectNode) yaml.readTree(deploy("prometheus/kubemedic-rules.yaml").toFile());
        for (var group : rules.path("groups")) {
            ((ObjectNode) group).put("interval", "1s");
        }
        Path rulesFile = dir.resolve("rules.yml");
        yaml.writeValue(rulesFile.toFile(), rules);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                rule_files: ["%s"]
                alerting:
                  alertmanagers: [{static_configs: [{targets: ["127.0.0.1:%d"]}]}]
                scrape_configs:
                  - job_name: pods
                    honor_labels: true
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """.formatted(rulesFile, amPort, exporterPort));
        start(binary, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("prom-data"), "--web.listen-address=127.0.0.1:" + freePort(),
                "--rules.alert.resend-delay=1s");
    }

    private void start(String... command) throws IOException {
        Path log = dir.resolve(Path.of(command[0]).getFileName() + ".log");
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    private static Path deploy(String file) {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isDirectory(d.resolve("deploy"))) {
            d = d.getParent();
        }
        assertThat(d).as("the repository's deploy/ folder").isNotNull();
        return d.resolve("deploy").resolve(file);
    }

    private static String binary(String name, String debianPackage) {
        for (String dirName : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(dirName, name);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        throw new AssertionError(name + " is not installed: `.ci/run` installs Debian's " + debianPackage
                + " package (apt-get install prometheus prometheus-alertmanager)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
