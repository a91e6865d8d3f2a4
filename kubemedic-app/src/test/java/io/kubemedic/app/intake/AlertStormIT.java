package io.kubemedic.app.intake;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemedic.app.audit.AlertRecord;
import io.kubemedic.app.demo.DemoRunner;
import io.kubemedic.app.demo.DemoServer;
import io.kubemedic.app.engine.EngineListener;
import io.kubemedic.app.web.Tokens;
import io.kubemedic.core.config.KubemedicConfig;
import io.kubemedic.core.model.ActionType;
import io.kubemedic.core.model.AuditRecord;
import io.kubemedic.core.model.AuditStatus;
import io.kubemedic.core.model.IncidentRecord;
import io.kubemedic.core.model.Reason;
import io.kubemedic.kube.sandbox.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An alert storm: 1,000 leak alerts in one burst (100 concurrent webhook posts of 10) about the pods of 20
 * Deployments. Every alert is stored, incidents are grouped one per target, and no more actions run than the rate
 * limit allows; the rest are held with the rate limit's reason on record.
 */
class AlertStormIT {

    private static final String TOKEN = "storm-it-token-0123456789abcdef";
    private static final int DEPLOYMENTS = 20;
    private static final int BUDGET = 5;

    @TempDir
    Path dir;

    @Test
    void aThousandAlertsInOneBurstProduceNoMoreActionsThanTheRateLimitAllows() throws Exception {
        StringBuilder objects = new StringBuilder();
        for (int i = 0; i < DEPLOYMENTS; i++) {
            objects.append("""
                      - apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: svc-%d}
                        spec:
                          replicas: 1
                          selector: {matchLabels: {app: svc-%d}}
                          template:
                            metadata: {labels: {app: svc-%d}}
                            spec: {containers: [{name: app, image: "registry.example.com/svc:1"}]}
                    """.formatted(i, i, i));
        }
        Map<String, String> settings = new HashMap<>(DemoRunner.SANDBOX_SETTINGS);
        settings.putAll(Map.of("audit.path", dir.resolve("storm.db").toString(), "http.port", "0", "http.address", "127.0.0.1",
                "storm.settle", "1s", "rateLimit.global", String.valueOf(BUDGET), "rateLimit.perNamespace", String.valueOf(BUDGET)));
        try (DemoServer server = DemoServer.start(KubemedicConfig.from(settings), List.of(ScenarioLoader.parse("""
                name: storm
                namespace: storm
                objects:
                %s
                expect: {outcome: NONE, within: 5s}
                """.formatted(objects), "storm.yaml")), Tokens.of(TOKEN), Clock.systemUTC(), EngineListener.NONE)) {
            String ns = server.player().namespaceOf("storm");
            await().atMost(Duration.ofSeconds(60)).until(() -> running(server, ns).size() == DEPLOYMENTS && server.kubemedic().ready());
            List<Pod> pods = running(server, ns);
            String startsAt = Instant.now().toString(); // after the pods started: the leak is about these instances

            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
            for (int post = 0; post < 100; post++) {
                int first = post * 10;
                String alerts = IntStream.range(first, first + 10).mapToObj(n -> """
                        {"status":"firing","labels":{"alertname":"MemoryLeakDetected","namespace":"%s","pod":"%s","container":"app","replica":"%d"},
                         "startsAt":"%s","fingerprint":"fp-%04d"}""".formatted(ns, pods.get(n % DEPLOYMENTS).getMetadata().getName(), n, startsAt, n))
                        .collect(Collectors.joining(","));
                String body = "{\"version\":\"4\",\"groupKey\":\"storm-" + post + "\",\"status\":\"firing\",\"alerts\":[" + alerts + "]}";
                posts.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/alerts/alertmanager"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (var p : posts) {
                assertThat(p.get().statusCode()).as(p.get().body()).isEqualTo(202);
            }
            List<AlertRecord> stored = server.audit().alerts(2000);
            assertThat(stored).as("every alert of the burst is in the store").hasSize(1000);

            // every target's incident has decided: acted on, or held by the rate limit
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(incidents(server)).hasSize(DEPLOYMENTS);
                assertThat(incidents(server)).allSatisfy(i -> assertThat(rows(server, i)).as(i.id() + " " + i.workload() + " " + i.outcome() + " " + i.lastReason())
                        .anySatisfy(r -> assertThat(r.status() == AuditStatus.SUCCEEDED || r.reason() == Reason.RATE_LIMIT_GLOBAL
                                || r.reason() == Reason.RATE_LIMIT_NAMESPACE).isTrue()));
            });
            List<IncidentRecord> incidents = incidents(server);
            assertThat(incidents).as("grouped: one incident per target").extracting(i -> i.workload().name()).doesNotHaveDuplicates();
            long executed = incidents.stream().flatMap(i -> rows(server, i).stream())
                    .filter(r -> r.actionType() == ActionType.EVICT_POD && r.status().countsAsAction()).count();
            assertThat(executed).as("actions within the hourly budget").isLessThanOrEqualTo(BUDGET).isPositive();
            long held = incidents.stream().filter(i -> rows(server, i).stream().anyMatch(r -> r.reason() == Reason.RATE_LIMIT_GLOBAL
                    || r.reason() == Reason.RATE_LIMIT_NAMESPACE)).count();
            assertThat(held).as("the others are held with the rate limit's reason").isEqualTo(DEPLOYMENTS - executed);
            long evictionsAtTheServer = server.client().pods().inNamespace(ns).list().getItems().stream()
                    .filter(p -> pods.stream().noneMatch(o -> o.getMetadata().getUid().equals(p.getMetadata().getUid()))).count();
            assertThat(evictionsAtTheServer).as("pods replaced in the cluster").isLessThanOrEqualTo(BUDGET);
        }
    }

    private static List<IncidentRecord> incidents(DemoServer server) {
        return server.audit().incidents(100);
    }

    private static List<AuditRecord> rows(DemoServer server, IncidentRecord i) {
        return server.audit().byIncident(i.id());
    }

    private static List<Pod> running(DemoServer server, String ns) {
        return server.client().pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }
}
