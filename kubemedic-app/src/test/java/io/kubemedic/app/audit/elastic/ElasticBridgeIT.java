package io.kubemedic.app.audit.elastic;

import io.kubemedic.app.demo.DemoRunner;
import io.kubemedic.app.demo.DemoServer;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.web.Tokens;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.kube.sandbox.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's Kibana workflow step, as Kibana sends it, against the bridge: the answer has the shape the workflow audits
 * ({@code steps.remediate.output.data.status} …), and the action lands in the {@code self-healing-audit} index through
 * the bulk API with the seed's fields. No Elasticsearch runs here: {@link BulkEndpoint} checks the bulk format.
 */
class ElasticBridgeIT {

    private static final String TOKEN = "kibana-workflow-token-0123456789";
    private static final String API_KEY = "es-api-key-for-the-test";

    @TempDir
    Path dir;

    @Test
    void aKibanaWorkflowScaleIsAnsweredAndAuditedInElasticsearch() throws Exception {
        try (BulkEndpoint elastic = BulkEndpoint.start("self-healing-audit", API_KEY)) {
            Path keyFile = Files.writeString(dir.resolve("es-key"), API_KEY + "\n");
            Map<String, String> settings = new HashMap<>(DemoRunner.SANDBOX_SETTINGS);
            settings.putAll(Map.of("audit.path", dir.resolve("k.db").toString(), "http.port", "0", "http.address", "127.0.0.1",
                    "audit.elastic.url", elastic.url().toString(), "audit.elastic.apiKeyFile", keyFile.toString(),
                    "audit.elastic.backlogDir", dir.resolve("backlog").toString()));
            try (DemoServer server = DemoServer.start(KubemedicConfig.from(settings), List.of(ScenarioLoader.parse("""
                    name: bridge
                    namespace: bridge
                    objects:
                      - apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: prod-api}
                        spec:
                          replicas: 1
                          selector: {matchLabels: {app: api}}
                          template:
                            metadata: {labels: {app: api}}
                            spec: {containers: [{name: app, image: "registry.example.com/api:1"}]}
                    expect: {outcome: NONE, within: 5s}
                    """, "bridge.yaml")), Tokens.of(TOKEN), Clock.systemUTC(), EngineListener.NONE)) {
                String ns = server.player().namespaceOf("bridge");
                await().atMost(Duration.ofSeconds(30)).until(() -> server.kubemedic().ready()
                        && server.client().apps().deployments().inNamespace(ns).withName("prod-api").get() != null);
                // the body the workflow's http step renders (deploy/elastic/workflows/scale-replicas.yaml)
                String body = """
                        {"action": "scale", "target": "prod-api", "namespace": "%s",
                         "rule_name": "prod-single-replica", "workflow_id": "wf-7f3a"}
                        """.formatted(ns);
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/v1/remediate")).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode answer = JsonMapper.builder().build().readTree(r.body());
                assertThat(answer.path("status").asString()).isEqualTo("success");
                assertThat(answer.path("message").asString()).contains("scale");
                assertThat(answer.path("action_id").asString()).isNotBlank();
                assertThat(answer.path("incident_id").asString()).startsWith("inc-");
                assertThat(server.client().apps().deployments().inNamespace(ns).withName("prod-api").get().getSpec().getReplicas()).isEqualTo(2);

                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(elastic.documents().values()).anySatisfy(doc -> {
                    assertThat(doc.path("rule_name").asString()).isEqualTo("prod-single-replica");
                    assertThat(doc.path("workflow_id").asString()).isEqualTo("wf-7f3a");
                    assertThat(doc.path("action_type").asString()).isEqualTo("scale");
                    assertThat(doc.path("mcp_status").asString()).isEqualTo("succeeded");
                    assertThat(doc.path("target_deployment").asString()).isEqualTo("prod-api");
                    assertThat(doc.path("namespace").asString()).isEqualTo(ns);
                    assertThat(doc.path("@timestamp").asString()).isNotBlank();
                    assertThat(doc.path("mcp_message").asString()).isNotBlank();
                }));
                assertThat(elastic.violations()).as("every bulk request well-formed").isEmpty();
                assertThat(elastic.documents().values().toString()).doesNotContain(TOKEN);
            }
        }
    }
}
