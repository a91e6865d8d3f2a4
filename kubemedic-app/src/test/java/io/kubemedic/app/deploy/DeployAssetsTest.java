package io.kubemedic.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks the alerting assets shipped under {@code deploy/} with the real tools where they exist (promtool for the
 * Prometheus rules and their unit tests, amtool for the Alertmanager configuration and its routing), and for
 * well-formedness where they do not (no Elasticsearch or Kibana runs here). Why: these files are Kubemedic's contract
 * with the monitoring stack; a typo in a matcher or a label dropped by an aggregation silently stops the healing.
 */
class DeployAssetsTest {

    /** The alertnames Kubemedic's policy maps to an action; they must reach its webhook and nothing else may. */
    private static final Set<String> KUBEMEDIC_ALERTS = Set.of("MemoryLeakDetected", "KubePodCrashLooping",
            "ContainerMemoryPressure", "ReplicaCompliance", "KubeDeploymentRolloutStuck");
    private static final Set<String> REMEDIATE_ACTIONS = Set.of("scale", "increment_memory", "restart", "rollback");
    private static final String INSTALL_HINT = ".ci/run installs Debian's packages 'prometheus' (promtool) and "
            + "'prometheus-alertmanager' (amtool); on Debian/Ubuntu: sudo apt-get install prometheus prometheus-alertmanager";

    private static final Path DEPLOY = locateDeploy();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void prometheusRulesPassPromtoolCheck() {
        run(tool("promtool"), "check", "rules", DEPLOY.resolve("prometheus/kubemedic-rules.yaml")).assertSucceeded();
    }

    @Test
    void prometheusRuleUnitTestsPass() {
        run(tool("promtool"), "test", "rules", DEPLOY.resolve("prometheus/kubemedic-rules.test.yaml")).assertSucceeded();
    }

    @Test
    void promtoolRejectsABrokenRuleFile(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), """
                groups:
                  - name: broken
                    rules:
                      - alert: Broken
                        expr: sum(rate(http_requests_total[5m])
                        for: 30s
                """);
        Result result = run(tool("promtool"), "check", "rules", broken);
        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.output()).contains("parse error");
    }

    @Test
    void alertmanagerConfigPassesAmtoolWithoutTheCredentialsFile() {
        Path config = DEPLOY.resolve("alertmanager/alertmanager.yaml");
        JsonNode auth = kubemedicWebhook().path("http_config").path("authorization");
        // The token file is a Secret mounted in the cluster; check-config must not need it.
        assertThat(Path.of(auth.path("credentials_file").asString())).doesNotExist();
        run(tool("amtool"), "check-config", config).assertSucceeded();
    }

    @Test
    void amtoolRejectsARouteToAnUndefinedReceiver(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("alertmanager.yaml"), """
                route:
                  receiver: nowhere
                receivers:
                  - name: kubemedic
                """);
        Result result = run(tool("amtool"), "check-config", broken);
        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.output()).contains("undefined receiver");
    }

    @Test
    void kubemedicWebhookIsBearerProtectedAndHearsResolvedAlerts() {
        JsonNode webhook = kubemedicWebhook();
        assertThat(webhook.path("url").asString()).startsWith("http://").endsWith("/api/v1/alerts/alertmanager");
        assertThat(webhook.path("send_resolved").asBoolean(false)).isTrue();
        JsonNode auth = webhook.path("http_config").path("authorization");
        assertThat(auth.path("type").asString("Bearer")).isEqualTo("Bearer");
        assertThat(auth.path("credentials_file").asString()).isEqualTo("/etc/alertmanager/secrets/kubemedic-token");
    }

    @Test
    void exactlyTheKubemedicAlertsOfTheRuleFileAreRoutedToKubemedic() {
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : readYaml(DEPLOY.resolve("prometheus/kubemedic-rules.yaml")).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.add(rule.path("alert").asString());
                }
            }
        }
        assertThat(alerts).containsAll(KUBEMEDIC_ALERTS).contains("SLOAvailabilityBurnRatePage", "SLOLatencyBurnRatePage");
        for (String alert : alerts) {
            Result routed = run(tool("amtool"), "config", "routes", "test", "--config.file",
                    DEPLOY.resolve("alertmanager/alertmanager.yaml"), "alertname=" + alert, "namespace=shop");
            routed.assertSucceeded();
            // amtool prints the receivers comma-separated, plus a warning that --config.file wins over the URL
            List<String> receivers = routed.output().lines().filter(l -> !l.startsWith("Warning")).findFirst()
                    .map(l -> List.of(l.strip().split(","))).orElse(List.of());
            assertThat(receivers).as("receivers of " + alert + "\n" + routed.describe()).contains("oncall");
            if (KUBEMEDIC_ALERTS.contains(alert)) {
                assertThat(receivers).as("receivers of " + alert).contains("kubemedic");
            } else {
                assertThat(receivers).as("receivers of " + alert).doesNotContain("kubemedic");
            }
        }
    }

    @Test
    void auditMappingDeclaresTheAuditFields() {
        JsonNode properties = readJson(DEPLOY.resolve("elastic/self-healing-audit.mapping.json")).path("mappings").path("properties");
        assertThat(properties.path("@timestamp").path("type").asString()).isEqualTo("date");
        assertThat(properties.path("mcp_message").path("type").asString()).isEqualTo("text");
        for (String keyword : List.of("rule_name", "target_deployment", "namespace", "action_type", "mcp_status",
                "workflow_id", "incident_id", "action_id", "initiator", "reason")) {
            assertThat(properties.path(keyword).path("type").asString()).as(keyword).isEqualTo("keyword");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scale-replicas.yaml", "raise-memory.yaml"})
    void workflowPostsToRemediateAndAuditsTheAnswer(String file) {
        JsonNode workflow = readYaml(DEPLOY.resolve("elastic/workflows/" + file));
        assertThat(workflow.path("name").asString()).isNotBlank();
        assertThat(workflow.path("enabled").asBoolean(false)).isTrue();
        assertThat(workflow.path("triggers").values()).anyMatch(t -> t.path("type").asString().equals("alert"));
        List<JsonNode> steps = new ArrayList<>();
        collectSteps(workflow.path("steps"), steps);

        JsonNode call = steps.stream().filter(s -> s.path("type").asString().equals("http")).findFirst()
                .orElseGet(() -> fail(file + " has no http step"));
        JsonNode with = call.path("with");
        assertThat(with.path("url").asString()).isEqualTo("{{ consts.kubemedic_url }}/api/v1/remediate");
        assertThat(with.path("method").asString()).isEqualTo("POST");
        assertThat(with.path("headers").path("Authorization").asString()).startsWith("Bearer {{ consts.");
        JsonNode body = with.path("body");
        assertThat(body.path("action").asString()).isIn(REMEDIATE_ACTIONS);
        assertThat(body.propertyNames()).contains("target", "namespace", "rule_name", "workflow_id");

        JsonNode audit = steps.stream().filter(s -> s.path("type").asString().equals("elasticsearch.index")).findFirst()
                .orElseGet(() -> fail(file + " has no elasticsearch.index step"));
        assertThat(workflow.path("consts").path("audit_index").asString()).isEqualTo("self-healing-audit");
        assertThat(audit.path("with").path("index").asString()).isEqualTo("{{ consts.audit_index }}");
        JsonNode document = audit.path("with").path("document");
        String output = "steps." + call.path("name").asString() + ".output.data.";
        assertThat(document.path("mcp_status").asString()).contains(output + "status");
        assertThat(document.path("mcp_message").asString()).contains(output + "message");
        assertThat(document.path("action_type").asString()).isEqualTo(body.path("action").asString());
        JsonNode mapped = readJson(DEPLOY.resolve("elastic/self-healing-audit.mapping.json")).path("mappings").path("properties");
        assertThat(mapped.propertyNames()).as("audit fields are mapped").containsAll(document.propertyNames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory-pressure.esql", "prod-single-replica.esql"})
    void esqlRuleIsAQueryFromAnIndex(String file) throws IOException {
        String query = Files.readString(DEPLOY.resolve("elastic/rules/" + file)).strip();
        assertThat(query).isNotEmpty().startsWith("FROM metrics-kubernetes.").contains("| STATS ", "| WHERE ");
    }

    /** Steps nest under {@code steps} (foreach, if) and {@code else}. */
    private static void collectSteps(JsonNode list, List<JsonNode> into) {
        for (JsonNode step : list) {
            into.add(step);
            collectSteps(step.path("steps"), into);
            collectSteps(step.path("else"), into);
        }
    }

    private static JsonNode kubemedicWebhook() {
        for (JsonNode receiver : readYaml(DEPLOY.resolve("alertmanager/alertmanager.yaml")).path("receivers")) {
            if (receiver.path("name").asString().equals("kubemedic")) {
                assertThat(receiver.path("webhook_configs").size()).isEqualTo(1);
                return receiver.path("webhook_configs").get(0);
            }
        }
        return fail("alertmanager.yaml has no receiver named kubemedic");
    }

    private static JsonNode readYaml(Path file) {
        return YAML.readTree(file.toFile());
    }

    private static JsonNode readJson(Path file) {
        return JSON.readTree(file.toFile());
    }

    /** Maven runs the tests in the module directory (kubemedic-app); an IDE may use the repository root. */
    private static Path locateDeploy() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/prometheus"))) {
                return dir.resolve("deploy");
            }
        }
        throw new IllegalStateException("no deploy/ folder above " + Path.of("").toAbsolutePath());
    }

    /** The tool on PATH, or a failure that says how to install it: a missing tool must not pass as a skipped test. */
    private static Path tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(name + " is not on PATH, so deploy/ cannot be checked. " + INSTALL_HINT);
    }

    private static Result run(Object... command) {
        List<String> args = new ArrayList<>();
        for (Object part : command) {
            args.add(part.toString());
        }
        try {
            Path log = Files.createTempFile("deploy-assets", ".log");
            try {
                Process process = new ProcessBuilder(args).directory(DEPLOY.getParent().toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    return fail(String.join(" ", args) + " did not finish within 2 minutes");
                }
                return new Result(args, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + args, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + args, e);
        }
    }

    private record Result(List<String> command, int exitCode, String output) {
        String describe() {
            return String.join(" ", command) + " exited " + exitCode + ":\n" + output;
        }

        void assertSucceeded() {
            assertThat(exitCode).as(describe()).isZero();
        }
    }
}
