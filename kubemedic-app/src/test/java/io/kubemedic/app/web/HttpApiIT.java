package io.kubemedic.app.web;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.app.audit.AlertRecord;
import io.kubemedic.app.demo.DemoRunner;
import io.kubemedic.app.demo.DemoServer;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.Outcome;
import io.kubemedic.kube.sandbox.ScenarioLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP API on the sandbox cluster, as a caller uses it: tokens, every kind of bad input, the Alertmanager webhook
 * (firing → the pod restarted through its controller, resolved → closed), the generic endpoint and the workflow bridge.
 */
class HttpApiIT {

    private static final String TOKEN = "it-token-0123456789abcdef";
    /** A second valid token, not an approver. */
    private static final String VIEWER = "it-viewer-token-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static DemoServer server;
    static String ns;

    @BeforeAll
    static void start() {
        startOn(null);
    }

    /** On the sandbox ({@code real == null}) or on a real API server ({@link HttpApiE2E}). */
    static void startOn(io.fabric8.kubernetes.client.Config real) {
        Map<String, String> settings = new HashMap<>(DemoRunner.SANDBOX_SETTINGS);
        settings.putAll(Map.of("audit.path", dir.resolve("api.db").toString(), "http.port", "0", "http.address", "127.0.0.1",
                "storm.settle", "1s", "cooldown", "1m", "mcp.approvers", Tokens.identity(TOKEN)));
        var scenarios = List.of(ScenarioLoader.parse("""
                name: api
                namespace: api
                objects:
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: leaky}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: leaky}}
                      template:
                        metadata: {labels: {app: leaky}}
                        spec: {containers: [{name: app, image: "registry.example.com/leaky:1", resources: {limits: {memory: 512Mi}}}]}
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: app, image: "registry.example.com/web:1"}]}
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: checkout}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: checkout}}
                      template:
                        metadata: {labels: {app: checkout}}
                        spec: {containers: [{name: app, image: "registry.example.com/checkout:1"}]}
                expect: {outcome: NONE, within: 5s}
                """, "api.yaml"));
        server = real == null ? DemoServer.start(KubemedicConfig.from(settings), scenarios, Tokens.of(TOKEN, VIEWER), Clock.systemUTC(), EngineListener.NONE)
                : DemoServer.startOn(real, KubemedicConfig.from(settings), scenarios, Tokens.of(TOKEN, VIEWER), Clock.systemUTC(), EngineListener.NONE);
        ns = server.player().namespaceOf("api");
        await().atMost(Duration.ofSeconds(60)).until(() -> running("leaky").isPresent() && running("web").isPresent() && running("checkout").isPresent()
                && get("/readyz", null).statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withoutAValidTokenNothingIsAcceptedAndHealthNeedsNone() throws Exception {
        assertThat(post("/api/v1/alerts", null, "{}").statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = post("/api/v1/remediate", "not-the-token-0123456789", "{}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).path("error").asString()).isEqualTo("unauthorized");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(get("/api/v1/incidents", null).statusCode()).isEqualTo(401);
        assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", null).body()).contains("kubemedic_alerts_received_total");
    }

    @Test
    void badInputGetsAFourHundredWithAJsonReasonAndTouchesNothing() throws Exception {
        assertError(send("/api/v1/remediate", "text/plain", "x"), 415, "unsupported_media_type");
        assertError(post("/api/v1/remediate", TOKEN, "{\"action\":"), 400, "bad_request");
        assertError(post("/api/v1/alerts/alertmanager", TOKEN, "x".repeat(1_100_000)), 413, "payload_too_large");
        assertError(post("/api/v1/remediate", TOKEN, "{\"action\":\"delete-everything\",\"target\":\"leaky\",\"namespace\":\"" + ns + "\"}"),
                422, "unknown_action");
        assertError(post("/api/v1/remediate", TOKEN, "{\"action\":\"restart\",\"target\":\"Leaky_App\",\"namespace\":\"" + ns + "\"}"),
                422, "invalid_name");
        assertError(post("/api/v1/remediate", TOKEN, "{\"action\":\"restart\",\"target\":\"leaky\",\"namespace\":\"no-such-ns\"}"),
                200, null); // out of scope: answered denied, see below
        assertError(post("/api/v1/remediate", TOKEN, "{\"action\":\"restart\",\"target\":\"ghost\",\"namespace\":\"" + ns + "\"}"),
                404, "target_not_found");
        assertError(post("/api/v1/alerts/alertmanager", TOKEN, "{\"version\":\"3\",\"alerts\":[]}"), 422, "unsupported_version");
        assertError(get("/api/v1/incidents/inc-nope", TOKEN), 404, "incident_not_found");
        assertError(get("/api/v1/nothing", TOKEN), 404, "not_found");
        assertThat(server.client().apps().deployments().inNamespace(ns).withName("leaky").get().getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void theSeedsGenericAlertWithoutATargetGetsAClearAnswerAndIsStillRecorded() throws Exception {
        HttpResponse<String> r = post("/api/v1/alerts", TOKEN, "{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighCPU\"}}");
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("message").asString()).contains("'pod'").contains("'deployment'").contains("'namespace'");
        assertThat(server.audit().alerts(100)).anySatisfy(a -> {
            assertThat(a.alertname()).isEqualTo("HighCPU");
            assertThat(a.disposition()).isEqualTo("unresolvable");
        });
    }

    @Test
    void anAlertAboutAHealthyTargetIsRecordedAsSuchAndDoesNothing() throws Exception {
        String pod = running("web").orElseThrow().getMetadata().getName();
        HttpResponse<String> r = post("/api/v1/alerts", TOKEN, "{\"status\":\"firing\",\"labels\":{\"alertname\":\"KubePodCrashLooping\","
                + "\"namespace\":\"" + ns + "\",\"pod\":\"" + pod + "\"}}");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(r.body()).path("alerts").get(0).path("disposition").asString()).isEqualTo("healthy");
        assertThat(server.kubemedic().engine().openIncident(io.kubemedic.core.model.ResourceRef.deployment(ns, "web"))).isEmpty();
    }

    @Test
    void aFiringLeakAlertRestartsThePodThroughItsControllerAndItsResolutionClosesTheIncident() throws Exception {
        Pod before = running("leaky").orElseThrow();
        String payload = """
                {"version":"4","groupKey":"{}:{alertname=\\"MemoryLeakDetected\\"}","status":"%s","receiver":"kubemedic",
                 "alerts":[{"status":"%s","labels":{"alertname":"MemoryLeakDetected","namespace":"%s","pod":"%s","container":"app"},
                  "annotations":{"summary":"memory above 300Mi"},"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z","fingerprint":"f00d"}]}
                """;
        String startsAt = Instant.now().toString();
        String firing = payload.formatted("firing", "firing", ns, before.getMetadata().getName(), startsAt);
        HttpResponse<String> r = post("/api/v1/alerts/alertmanager", TOKEN, firing);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(post("/api/v1/alerts/alertmanager", TOKEN, firing).statusCode()).as("a repeated notification").isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> running("leaky").filter(p -> !p.getMetadata().getUid().equals(before.getMetadata().getUid())).isPresent());
        var incident = server.audit().incidents(100).stream().filter(i -> i.workload().name().equals("leaky")).findFirst().orElseThrow();
        List<AuditRecord> rows = server.audit().byIncident(incident.id());
        assertThat(rows).anySatisfy(a -> {
            assertThat(a.actionType()).isEqualTo(ActionType.EVICT_POD);
            assertThat(a.status()).isEqualTo(AuditStatus.SUCCEEDED);
            assertThat(a.target().name()).isEqualTo(before.getMetadata().getName());
        });
        assertThat(get("/metrics", null).body()).contains("healing_success_total{action=\"evict-pod\",namespace=\"" + ns + "\"} 1.0");
        assertThat(post("/api/v1/alerts/alertmanager", TOKEN, payload.formatted("resolved", "resolved", ns, before.getMetadata().getName(), startsAt))
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> server.audit().incident(incident.id()).orElseThrow().outcome() != Outcome.OPEN);
        List<AlertRecord> alerts = server.audit().alerts(100).stream().filter(a -> "MemoryLeakDetected".equals(a.alertname())).toList();
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.status()).isEqualTo("firing");
            assertThat(a.timesSeen()).as("deduplicated on groupKey + fingerprint").isEqualTo(2);
        });
        assertThat(alerts).anySatisfy(a -> assertThat(a.status()).isEqualTo("resolved"));
        assertThat(rows.stream().filter(a -> a.actionType() == ActionType.EVICT_POD && a.status() == AuditStatus.SUCCEEDED)).hasSize(1);
    }

    @Test
    void theWorkflowBridgeAnswersWithTheEnginesDecisionAndRecordsWhoAsked() throws Exception {
        HttpResponse<String> r = post("/api/v1/remediate", TOKEN, "{\"action\":\"scale\",\"target\":\"checkout\",\"namespace\":\"" + ns
                + "\",\"rule_name\":\"prod-single-replica\",\"workflow_id\":\"wf-42\",\"replicas\":2}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asString()).isEqualTo("success");
        assertThat(body.path("incident_id").asString()).startsWith("inc-");
        assertThat(body.path("action_id").asString()).isNotBlank();
        assertThat(server.client().apps().deployments().inNamespace(ns).withName("checkout").get().getSpec().getReplicas()).isEqualTo(2);
        List<AuditRecord> rows = server.audit().byIncident(body.path("incident_id").asString());
        assertThat(rows).anySatisfy(a -> {
            assertThat(a.initiator()).startsWith("elastic:prod-single-replica@wf-42 by token:").doesNotContain(TOKEN);
            assertThat(a.actionType()).isEqualTo(ActionType.SCALE);
        });
        JsonNode denied = JSON.readTree(post("/api/v1/remediate", TOKEN, "{\"action\":\"restart\",\"target\":\"leaky\",\"namespace\":\"kube-system\"}").body());
        assertThat(denied.path("status").asString()).isEqualTo("denied");
        assertThat(denied.path("message").asString()).contains("outside Kubemedic's scope");
    }

    @Test
    void onlyAnApproverMayApproveAndOnlyAStepThatWaits() throws Exception {
        assertError(post("/api/v1/actions/inc-abc123/approve", VIEWER, "{}"), 403, "forbidden");
        assertError(post("/api/v1/actions/inc-abc123/approve", TOKEN, "{}"), 404, "nothing_to_approve");
        assertError(post("/api/v1/actions/inc-abc123/reject", TOKEN, "{}"), 404, "nothing_to_approve");
        assertError(post("/api/v1/actions/not-an-id/approve", TOKEN, "{}"), 422, "invalid_field");
        assertError(post("/api/v1/actions/inc-abc123/approve", null, "{}"), 401, "unauthorized");
    }

    private static java.util.Optional<Pod> running(String deployment) {
        return server.client().pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith(deployment + "-") && p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())).findFirst();
    }

    private static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (code != null) {
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("error").asString()).isEqualTo(code);
            assertThat(body.path("message").asString()).isNotBlank();
        }
    }

    private static HttpResponse<String> post(String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String path, String type, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", type).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
