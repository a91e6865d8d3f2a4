package io.kubemedic.app.mcp.tools;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubemedic.app.demo.DemoRunner;
import io.kubemedic.app.demo.DemoServer;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.mcp.KubemedicTool;
import io.kubemedic.app.mcp.ToolCaller;
import io.kubemedic.app.mcp.ToolException;
import io.kubemedic.app.web.Tokens;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.kube.sandbox.ScenarioLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every agent tool against the sandbox cluster with pods in failing states, logs and a Secret: what each tool reports,
 * that nothing it returns carries a secret, that bad input is refused before any lookup, and that acting goes through
 * approval and the guards. The policy here makes the loop's own crash-loop restart wait for approval, so the pod stays
 * broken until a tool (or a human) moves it.
 */
class ToolsIT {

    private static final String CANARY = "CANARY-SECRET-7f3a9c";
    private static final ToolCaller AGENT = new ToolCaller("test-agent", "token:aaaaaaaa", false);
    private static final ToolCaller APPROVER = new ToolCaller("test-agent", "token:bbbbbbbb", true);

    @TempDir
    static Path dir;
    static DemoServer server;
    static Map<String, KubemedicTool> tools;
    static String ns;

    /** False on a real server without kubelets: pods/log cannot be served there, and the tools must say so. */
    static boolean logsServed;

    @BeforeAll
    static void start() throws Exception {
        startOn(null);
    }

    /** On the sandbox ({@code real == null}) or on a real API server ({@link ToolsE2E}). */
    static void startOn(io.fabric8.kubernetes.client.Config real) throws Exception {
        String policy;
        try (InputStream in = ToolsIT.class.getResourceAsStream("/io/kubemedic/core/default-policy.yaml")) {
            String automatic = "      - action: evict-pod\n        automatic: true\n      - action: rollout-restart  # skipped";
            policy = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(policy).contains(automatic);
            policy = policy.replace(automatic, automatic.replace("automatic: true", "automatic: false"));
        }
        Path policyFile = Files.writeString(dir.resolve("policy.yaml"), policy);
        Map<String, String> settings = new HashMap<>(DemoRunner.SANDBOX_SETTINGS);
        settings.putAll(Map.of("audit.path", dir.resolve("tools.db").toString(), "http.port", "0", "http.address", "127.0.0.1",
                "storm.settle", "1s", "policy.file", policyFile.toString()));
        var scenarios = List.of(ScenarioLoader.parse("""
                name: tools
                namespace: tools
                objects:
                  - apiVersion: v1
                    kind: Secret
                    metadata: {name: db-creds}
                    stringData: {password: "%s"}
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: crashy}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: crashy}}
                      template:
                        metadata: {labels: {app: crashy}}
                        spec:
                          containers:
                            - name: app
                              image: registry.example.com/crashy:1
                              ports: [{containerPort: 8080}]
                              readinessProbe: {httpGet: {path: /ready, port: 9090}}
                              env:
                                - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db-creds, key: password}}}
                                - {name: FEATURE, valueFrom: {configMapKeyRef: {name: app-config, key: feature}}}
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: victim}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: victim}}
                      template:
                        metadata: {labels: {app: victim}}
                        spec: {containers: [{name: app, image: "registry.example.com/victim:1"}]}
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: app, image: "registry.example.com/web:1", resources: {limits: {cpu: "1", memory: 256Mi}}}]}
                faults:
                  - {at: 2s, target: Deployment/crashy, type: crashLoop, restarts: 6, exitCode: 1, clearWhen: {podRecreated: true}}
                  - {at: 2s, target: Deployment/victim, type: crashLoop, restarts: 6, exitCode: 1, clearWhen: {podRecreated: true}}
                expect: {outcome: PENDING_APPROVAL, within: 30s}
                """.formatted(CANARY), "tools.yaml"));
        Tokens tokens = Tokens.of("tools-it-token-0123456789");
        server = real == null ? DemoServer.start(KubemedicConfig.from(settings), scenarios, tokens, Clock.systemUTC(), EngineListener.NONE)
                : DemoServer.startOn(real, KubemedicConfig.from(settings), scenarios, tokens, Clock.systemUTC(), EngineListener.NONE);
        logsServed = real == null;
        ns = server.player().namespaceOf("tools");
        tools = new HashMap<>();
        Toolbox.of(server.kubemedic()).forEach(t -> tools.put(t.name(), t));
        await().atMost(Duration.ofSeconds(60)).until(() -> pod("crashy").map(p -> restarts(p) > 3).orElse(false)
                && pod("victim").map(p -> restarts(p) > 3).orElse(false) && pod("web").isPresent());
        if (logsServed) {
            server.setPodLog(ns, pod("crashy").orElseThrow().getMetadata().getName(), """
                2026-12-02T10:00:00Z INFO starting with DB_PASSWORD=%s
                2026-12-02T10:00:01Z ERROR dial tcp 10.0.0.7:5432: connect: connection refused (password=%s)
                {"level":"error","ts":"2026-12-02T10:00:02Z","msg":"upstream call failed","error":"context deadline exceeded"}
                Exception in thread "main" java.lang.NullPointerException: Cannot invoke "Config.get()" because "cfg" is null
                \tat com.example.App.start(App.java:42)
                \tat com.example.App.main(App.java:12)
                Authorization: Bearer %s
                """.formatted(CANARY, CANARY, CANARY));
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void diagnosePodFindsTheCrashLoopTheConfigProblemsAndTheLogErrorsWithoutTheSecret() {
        // between two crashes the container runs for a moment, as a real one does: look again until the loop's diagnosers see the loop
        Map<String, Object> r = await().atMost(Duration.ofSeconds(20)).until(() -> call("diagnose_pod", Map.of("namespace", ns, "pod_name", name("crashy")), AGENT),
                d -> issues(d).stream().anyMatch(i -> "CrashLoopBackOff".equals(i.get("type"))));
        assertThat(r).containsEntry("success", true);
        assertThat(issues(r)).anySatisfy(i -> {
            assertThat(i.get("type")).isEqualTo("CrashLoopBackOff");
            assertThat((Integer) i.get("restart_count")).isGreaterThan(3);
        });
        assertThat(issues(r)).extracting(i -> i.get("type")).contains("MissingConfigMap", "ProbePortNotExposed", "NoResourceLimits")
                .doesNotContain("MissingSecret");
        @SuppressWarnings("unchecked") Map<String, Object> status = (Map<String, Object>) r.get("status");
        assertThat(status.get("phase")).isEqualTo("Running");
        if (logsServed) {
            assertThat(r.get("logs").toString()).contains("connection_error").contains("null_pointer");
        } else {
            assertThat(r.get("unreadable").toString()).contains("cannot read logs");
        }
        assertThat(r.toString()).doesNotContain(CANARY);
        assertThat((List<?>) r.get("recommendations")).isNotEmpty();
    }

    @Test
    void analyzeLogsClassifiesGroupsAndMasks() {
        if (!logsServed) {
            Map<String, Object> r = call("analyze_logs", Map.of("namespace", ns, "pod_name", name("crashy")), AGENT);
            assertThat(r).containsEntry("success", false);
            assertThat((String) r.get("reason")).contains("cannot read logs");
            return;
        }
        Map<String, Object> r = call("analyze_logs", Map.of("namespace", ns, "pod_name", name("crashy"), "tail_lines", 500), AGENT);
        assertThat(r).containsEntry("success", true).containsEntry("container", "app");
        @SuppressWarnings("unchecked") Map<String, Long> patterns = (Map<String, Long>) r.get("error_patterns");
        assertThat(patterns).containsKeys("connection_error", "timeout_error", "null_pointer");
        assertThat(r.toString()).doesNotContain(CANARY);
        assertThatThrownBy(() -> call("analyze_logs", Map.of("namespace", ns, "pod_name", name("crashy"), "tail_lines", 20_000), AGENT))
                .isInstanceOf(ToolException.class).hasMessageContaining("tail_lines");
        assertThatThrownBy(() -> call("analyze_logs", Map.of("namespace", ns, "pod_name", name("crashy"), "container", "sidecar"), AGENT))
                .isInstanceOf(ToolException.class).hasMessageContaining("no container sidecar");
    }

    @Test
    void resourceUsageComesFromTheMetricsApiOrSaysWhyItCannot() {
        Map<String, Object> web = await().atMost(Duration.ofSeconds(20)).until(() -> call("check_resource_usage",
                Map.of("namespace", ns, "pod_name", name("web")), AGENT), u -> Boolean.TRUE.equals(u.get("success")));
        assertThat(web.get("containers").toString()).contains("memory").contains("limit=256Mi").contains("percentage_of_limit");
        // a container between crashes has no sample: a clear answer, not an error
        Map<String, Object> crashy = call("check_resource_usage", Map.of("namespace", ns, "pod_name", name("crashy")), AGENT);
        if (Boolean.FALSE.equals(crashy.get("success"))) {
            assertThat((String) crashy.get("reason")).contains("metrics.k8s.io");
        } else {
            assertThat(crashy.toString()).contains("NoLimit");
        }
    }

    @Test
    void badInputAndOutOfScopeNamespacesAreRefusedBeforeAnyLookup() {
        assertThatThrownBy(() -> call("diagnose_pod", Map.of("namespace", "kube-system", "pod_name", "etcd-0"), AGENT))
                .isInstanceOf(ToolException.class).hasMessageContaining("outside Kubemedic's scope");
        assertThatThrownBy(() -> call("diagnose_pod", Map.of("namespace", ns, "pod_name", "Bad_Name"), AGENT))
                .isInstanceOf(ToolException.class).hasMessageContaining("not a valid Kubernetes name");
        assertThatThrownBy(() -> call("diagnose_pod", Map.of("namespace", ns, "pod_name", "ghost"), AGENT))
                .isInstanceOf(ToolException.class).hasMessageContaining("not found");
        assertThatThrownBy(() -> call("get_incident", Map.of("incident_id", "'; drop table"), AGENT))
                .isInstanceOf(ToolException.class).hasMessageContaining("incident_id");
    }

    @Test
    void listUnhealthyPodsShowsTheCrashLoopAndNotTheHealthyPod() {
        Map<String, Object> r = await().atMost(Duration.ofSeconds(20)).until(() -> call("list_unhealthy_pods", Map.of("namespace", ns), AGENT),
                l -> l.get("pods").toString().contains(name("crashy")));
        assertThat(r.get("pods").toString()).contains(name("crashy")).contains("CrashLoopBackOff").doesNotContain(name("web"));
    }

    @Test
    void healingWaitsForApprovalUnlessAnApproverForcesItAndTheTrailNamesTheAgent() {
        String crashy = name("victim");
        Map<String, Object> preview = call("auto_heal_pod", Map.of("namespace", ns, "pod_name", crashy, "dry_run", true), AGENT);
        assertThat(preview).containsEntry("success", true).containsEntry("dry_run", true);
        assertThat((String) preview.get("action_taken")).startsWith("evict-pod Pod(" + ns + "/" + crashy + ")");
        assertThat(pod("victim").orElseThrow().getMetadata().getName()).as("the preview changed nothing").isEqualTo(crashy);

        Map<String, Object> asked = call("auto_heal_pod", Map.of("namespace", ns, "pod_name", crashy, "force", true), AGENT);
        assertThat(asked).as("force without the approver role fails closed").containsEntry("status", "pending_approval");
        String incident = (String) asked.get("pending_approval");
        assertThat(incident).startsWith("inc-");
        assertThat(pod("victim").orElseThrow().getMetadata().getName()).isEqualTo(crashy);
        assertThatThrownBy(() -> call("approve_action", Map.of("incident_id", incident), AGENT)).isInstanceOf(ToolException.class)
                .hasMessageContaining("approver role");

        Map<String, Object> approved = call("approve_action", Map.of("incident_id", incident), APPROVER);
        assertThat(approved).containsEntry("success", true);
        await().atMost(Duration.ofSeconds(30)).until(() -> pod("victim").map(p -> !p.getMetadata().getName().equals(crashy)).orElse(false));
        assertThat(server.audit().byIncident(incident)).anySatisfy(a -> {
            assertThat(a.actionType()).isEqualTo(ActionType.EVICT_POD);
            assertThat(a.status()).isEqualTo(AuditStatus.SUCCEEDED);
            assertThat(a.initiator()).contains("token:bbbbbbbb");
        });
        Map<String, Object> record = call("get_incident", Map.of("incident_id", incident), AGENT);
        assertThat(record.get("records").toString()).contains("PENDING_APPROVAL").contains("mcp:test-agent by token:aaaaaaaa");
        assertThat(call("list_incidents", Map.of("namespace", ns), AGENT).get("incidents").toString()).contains(incident);
    }

    @Test
    void aRollbackByAnApproverGoesBackToThePreviousRevision() {
        Deployment web = server.client().apps().deployments().inNamespace(ns).withName("web").get();
        server.client().apps().deployments().inNamespace(ns).withName("web").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("registry.example.com/web:2");
            return d;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> server.client().apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .filter(rs -> rs.getMetadata().getName().startsWith("web-")).count() >= 2 && pod("web").map(p -> p.getSpec().getContainers()
                .getFirst().getImage().endsWith(":2")).orElse(false));
        Map<String, Object> r = call("rollback_deployment", Map.of("namespace", ns, "deployment_name", "web", "force", true), APPROVER);
        assertThat(r).as(r.toString()).containsEntry("success", true);
        assertThat(r.get("images_before").toString()).contains("web:2");
        assertThat(r.get("to_revision")).isEqualTo(1L);
        assertThat(server.client().apps().deployments().inNamespace(ns).withName("web").get().getSpec().getTemplate().getSpec().getContainers()
                .getFirst().getImage()).isEqualTo(web.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage());
    }

    private static Map<String, Object> call(String tool, Map<String, Object> args, ToolCaller caller) {
        return tools.get(tool).call(args, caller);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> issues(Map<String, Object> r) {
        return (List<Map<String, Object>>) r.get("issues");
    }

    private static String name(String deployment) {
        return pod(deployment).orElseThrow().getMetadata().getName();
    }

    private static Optional<Pod> pod(String deployment) {
        return server.client().pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith(deployment + "-") && p.getMetadata().getDeletionTimestamp() == null)
                .findFirst();
    }

    private static int restarts(Pod p) {
        return p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? 0
                : p.getStatus().getContainerStatuses().stream().mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).sum();
    }
}
